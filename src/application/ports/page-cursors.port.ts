/** Injection token of the {@link PageCursors} port. */
export const PAGE_CURSORS = Symbol('PageCursors');

/**
 * Seals and opens the opaque cursors of paged reads (`next` of one page, `after` of the following
 * request), so that a client can hand back only a cursor the service made: a corrupted or forged
 * one is refused, never read as "from the start". `purpose` names the paged read (`agreements`,
 * ...): a cursor of one read does not open for another.
 */
export interface PageCursors {
  /** The cursor a client receives for `position` (the read model's own, opaque to this port). */
  seal(purpose: string, position: string): string;
  /** The position a cursor of `purpose` holds, or undefined when this service did not seal it so. */
  open(purpose: string, cursor: string): string | undefined;
}
