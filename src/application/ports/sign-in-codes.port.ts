import type { Role } from '../../domain/access/roles';

/** Injection token of the {@link SignInCodes} port. */
export const SIGN_IN_CODES = Symbol('SignInCodes');

/**
 * The shape of a sign-in code: 32 random bytes in base64url (43 characters, no padding). Anything
 * else cannot be a code, and is refused before a store is asked.
 */
export const SIGN_IN_CODE = /^[A-Za-z0-9_-]{43}$/;

/** Who a sign-in code lets in, and for how long the token it is exchanged for holds. */
export interface SignInGrant {
  readonly sub: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: readonly Role[];
  /** Lifetime of the token minted for the code, a duration such as `8h` or `30m`. */
  readonly tokenExpiresIn: string;
}

/**
 * One-time sign-in codes of the embedded identity mode: an operator issues one for an official
 * (`npm run token -- --link`), the official's browser exchanges it once for a token. A code is
 * not a token: it grants nothing until the service exchanges it, and it never holds a signature.
 * Only a digest of the code is kept, so whoever reads the store cannot sign in with what it holds.
 */
export interface SignInCodes {
  /**
   * Keeps `grant` under a new code until `expiresAt`, and returns the code (its only copy).
   * Codes that expired by `now` are forgotten on the way.
   */
  issue(grant: SignInGrant, times: { readonly now: Date; readonly expiresAt: Date }): string;
  /**
   * The grant of `code`, taken for good: of any number of callers taking one code at once, in
   * this process or in others sharing the store, one gets the grant and the others nothing, and
   * the code stays spent across restarts. Undefined when the code is unknown, already taken, or
   * expired at `now` (an expired code is forgotten all the same).
   */
  take(code: string, now: Date): SignInGrant | undefined;
}
