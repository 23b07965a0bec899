import { decodeJwt, SignJWT } from 'jose';
import type { TokenIssuer } from '../../application/ports/token-issuer.port';
import type { Role } from '../../domain/access/roles';
import type { ClaimNames } from '../config/app-config';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER } from './jose-token-verifier';

export interface OfficialIdentity {
  readonly sub: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: readonly Role[];
  /** A `jose` duration such as `8h` or `30m`. */
  readonly expiresIn: string;
}

/** Mints an HS256 token the embedded verifier accepts: for development, demos and tests. */
export async function mintEmbeddedToken(secret: Uint8Array, claims: ClaimNames, identity: OfficialIdentity): Promise<string> {
  return new SignJWT({ [claims.name]: identity.name, [claims.agency]: identity.agency, [claims.roles]: [...identity.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.sub)
    .setIssuer(EMBEDDED_ISSUER)
    .setAudience(EMBEDDED_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(identity.expiresIn)
    .sign(secret);
}

/**
 * The embedded mode's {@link TokenIssuer}: tokens for sign-in links, minted as the CLI mints them.
 * Their times are the machine's, as the verifier's checks are.
 */
export function embeddedTokenIssuer(secret: Uint8Array, claims: ClaimNames): TokenIssuer {
  return {
    async issue(grant) {
      const token = await mintEmbeddedToken(secret, claims, { ...grant, expiresIn: grant.tokenExpiresIn });
      return { token, expiresAt: new Date(decodeJwt(token).exp! * 1000) };
    },
  };
}
