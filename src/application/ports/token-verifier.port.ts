import type { Actor } from '../../domain/access/actor';

export type { Actor };

/** Injection token of the {@link TokenVerifier} port. */
export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/**
 * Turns a bearer token into the actor it vouches for. Implementations check signature, algorithm,
 * issuer, audience and validity times, and map the configured claims; they never trust a claim
 * the signature does not cover.
 */
export interface TokenVerifier {
  /** @throws InvalidTokenError for any token that must not get in; TokenVerificationUnavailableError when the keys cannot be fetched. */
  verify(token: string): Promise<Actor>;
}

/** The token must be refused. `reason` is for the service's log only, never for the client. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  constructor(readonly reason: string) {
    super('Invalid token');
  }
}

/** The keys to check tokens with cannot be had right now (identity provider down). */
export class TokenVerificationUnavailableError extends Error {
  override readonly name = 'TokenVerificationUnavailableError';
}
