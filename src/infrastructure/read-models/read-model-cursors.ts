import { InvalidInputError } from '../../application/errors';

/**
 * The read models' page cursors, before the application seals them (HMAC, `PageCursors`): the
 * last row's key, tagged with the kind of page, so that a cursor of one query given to another is
 * refused (400) rather than read as something else. Every version of a read model writes the same
 * cursors, so a page fetched before a version switch continues after it.
 */
const BAD_CURSOR = () => new InvalidInputError('after', 'after must be the next value of a previous page of the same query');

/** A list page ends on (created_at, id), newest first. */
export function listCursor(row: { created_at: string; id: string }): string {
  return JSON.stringify(['c', row.created_at, row.id]);
}

/** A search page ends at an offset into the results by relevance. */
export function searchCursor(offset: number): string {
  return JSON.stringify(['s', offset]);
}

/** An inbox page ends on (since, agreement id), oldest first. */
export function inboxCursor(since: string, agreementId: string): string {
  return JSON.stringify(['i', since, agreementId]);
}

export function decodeListCursor(cursor: string): { createdAt: string; id: string } {
  const [tag, createdAt, id] = parseCursor(cursor);
  if (tag !== 'c' || typeof createdAt !== 'string' || typeof id !== 'string') throw BAD_CURSOR();
  return { createdAt, id };
}

export function decodeSearchCursor(cursor: string): number {
  const [tag, offset] = parseCursor(cursor);
  if (tag !== 's' || typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw BAD_CURSOR();
  return offset;
}

export function decodeInboxCursor(cursor: string): { since: string; id: string } {
  const [tag, since, id] = parseCursor(cursor);
  if (tag !== 'i' || typeof since !== 'string' || typeof id !== 'string') throw BAD_CURSOR();
  return { since, id };
}

function parseCursor(cursor: string): unknown[] {
  try {
    const value = JSON.parse(cursor) as unknown;
    if (Array.isArray(value)) return value;
  } catch {
    // answered below
  }
  throw BAD_CURSOR();
}
