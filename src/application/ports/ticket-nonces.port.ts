/** Injection token of the {@link TicketNonces} port. */
export const TICKET_NONCES = Symbol('TicketNonces');

/** Injection token of the key that signs live-feed tickets (the same on every replica). */
export const STREAM_TICKET_KEY = Symbol('StreamTicketKey');

/**
 * The nonces of the live-feed tickets already used, where every replica sees them (the shared
 * read-model database when there is one), so that a ticket opens one stream in the whole deployment.
 */
export interface TicketNonces {
  /** True the first time a nonce is claimed (anywhere), false after; kept until `expiresAt`. */
  claim(nonce: string, expiresAt: Date): Promise<boolean>;
}
