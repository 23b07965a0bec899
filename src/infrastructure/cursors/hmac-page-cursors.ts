import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PageCursors } from '../../application/ports/page-cursors.port';
import { resolveEmbeddedSecret } from '../auth/embedded-secret';
import type { AppConfig } from '../config/app-config';

/** Bytes of HMAC-SHA-256 kept in a cursor: 128 bits, beyond guessing. */
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Cursors as `base64url(tag ‖ position)`, where `tag` is HMAC-SHA-256(key, purpose ‖ NUL ‖
 * position) cut to 16 bytes. Opening recomputes the tag and compares in constant time.
 */
export function hmacPageCursors(key: Uint8Array): PageCursors {
  const tagOf = (purpose: string, position: Buffer) =>
    createHmac('sha256', key).update(purpose, 'utf8').update('\u0000').update(position).digest().subarray(0, TAG_BYTES);
  return {
    seal(purpose, position) {
      const bytes = Buffer.from(position, 'utf8');
      return Buffer.concat([tagOf(purpose, bytes), bytes]).toString('base64url');
    },
    open(purpose, cursor) {
      if (!BASE64URL.test(cursor)) return undefined;
      const bytes = Buffer.from(cursor, 'base64url');
      // One spelling per cursor: trailing bits that base64url decoding would ignore are refused too.
      if (bytes.length <= TAG_BYTES || bytes.toString('base64url') !== cursor) return undefined;
      const position = bytes.subarray(TAG_BYTES);
      return timingSafeEqual(bytes.subarray(0, TAG_BYTES), tagOf(purpose, position)) ? position.toString('utf8') : undefined;
    },
  };
}

/**
 * The cursor key: derived from `CURSOR_SECRET` when set, otherwise from the embedded token secret
 * (`AUTH_JWT_SECRET`, or the one generated into `DATA_DIR`), so replicas that share that secret
 * accept each other's cursors. Derived with HMAC under a label of its own, so the key that signs
 * cursors is never the key that signs tokens.
 */
export function pageCursorKey(config: AppConfig): Uint8Array {
  return createHmac('sha256', sharedKeyMaterial(config)).update('sepakat page cursors v1').digest();
}

/** The key that signs live-feed tickets: from the same material, for another purpose. */
export function streamTicketKey(config: AppConfig): Uint8Array {
  return createHmac('sha256', sharedKeyMaterial(config)).update('sepakat stream tickets v1').digest();
}

/** `CURSOR_SECRET`, else the embedded token secret: what every replica of a deployment shares. */
function sharedKeyMaterial(config: AppConfig): Uint8Array {
  return config.cursorSecret !== undefined
    ? new TextEncoder().encode(config.cursorSecret)
    : resolveEmbeddedSecret(config.auth.mode === 'embedded' ? config.auth.secret : undefined, config.dataDir);
}
