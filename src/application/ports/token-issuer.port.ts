import type { SignInGrant } from './sign-in-codes.port';

/** Injection token of the {@link TokenIssuer} port. */
export const TOKEN_ISSUER = Symbol('TokenIssuer');

/** A bearer token this service minted, and when it stops being accepted. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * Mints bearer tokens that this service's own token verifier accepts. Only the embedded
 * identity mode has one: with an OIDC issuer, tokens come from the identity provider alone.
 */
export interface TokenIssuer {
  issue(grant: SignInGrant): Promise<IssuedToken>;
}
