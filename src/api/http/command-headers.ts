import { BadRequestException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AgreementCommandResult } from '../../application/agreements/agreement-view';

/** `ETag` is the stream revision (EventSourcing.NodeJS's ETag ⇄ revision), strong. */
export function etagOf(revision: bigint | number): string {
  return `"${revision}"`;
}

/** The revision an `If-Match` header names; `*` (any current version) means no check. */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*"(\d{1,18})"\s*$/.exec(header);
  if (!match) throw new BadRequestException('If-Match must be the ETag of the agreement, e.g. "3"');
  return BigInt(match[1]);
}

/** `Idempotency-Key`: 1 to 200 visible ASCII characters. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters');
  return header;
}

/** The response body and headers of every command: `{ id, revision, state }`, `ETag`, `X-Event-Position`. */
export function commandResponse(reply: FastifyReply, result: AgreementCommandResult) {
  void reply.header('etag', etagOf(result.revision)).header('x-event-position', result.position.toString());
  return {
    id: result.id,
    revision: Number(result.revision),
    state: result.state,
    workflow: result.workflow,
    position: result.position.toString(),
  };
}
