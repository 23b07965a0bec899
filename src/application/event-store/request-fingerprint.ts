import { createHash } from 'node:crypto';
import { IdempotencyKeyReusedError } from '../errors';
import { canonicalJson } from './canonical-json';
import type { JsonObject } from './json';

/**
 * What identifies a request's body for `Idempotency-Key`: `sha256:<hex>` of the canonical JSON of
 * the validated input, so key order, whitespace and other spellings of the same value do not
 * count as a different body. Kept as `requestFingerprint` in the envelope of the command's events.
 */
export function requestFingerprint(input: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(input), 'utf8').digest('hex')}`;
}

/**
 * A retry of a command already stored under the same key: the same body answers the first result,
 * another body is refused ({@link IdempotencyKeyReusedError}, 422). A command stored before
 * fingerprints were recorded has none, and answers the first result whatever the body, as it did.
 */
export function assertSameRequest(recordedMetadata: JsonObject, fingerprint: string): void {
  const earlier = recordedMetadata.requestFingerprint;
  if (typeof earlier === 'string' && earlier !== fingerprint) throw new IdempotencyKeyReusedError();
}
