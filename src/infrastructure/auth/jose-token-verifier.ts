import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import {
  InvalidTokenError,
  TokenVerificationUnavailableError,
  type Actor,
  type TokenVerifier,
} from '../../application/ports/token-verifier.port';
import type { ClaimNames } from '../config/app-config';
import { actorFromClaims } from './claims';

/** Issuer and audience of the tokens the embedded CLI mints and the embedded verifier accepts. */
export const EMBEDDED_ISSUER = 'sepakat';
export const EMBEDDED_AUDIENCE = 'sepakat';

/** Verified tokens kept in memory (the oldest are dropped first). */
const VERIFIED_CACHE_LIMIT = 10_000;

/** Tolerated clock difference between the issuer and this service, in seconds. */
const CLOCK_TOLERANCE_S = 30;

interface VerificationRules {
  readonly key: JWTVerifyGetKey;
  readonly algorithms: string[];
  readonly issuer: string;
  readonly audience: string;
  readonly claims: ClaimNames;
  /**
   * Remember verified tokens until they expire. Only where the key can never be withdrawn while
   * the process runs (the embedded secret): with a JWKS, a retired key must stop working at once.
   */
  readonly rememberVerified: boolean;
}

/**
 * Verifies JWTs with `jose`: only the listed algorithms (so `alg: none` and algorithm confusion
 * are refused), issuer and audience must match, `exp` is required, `nbf`/`exp` are checked.
 */
export class JoseTokenVerifier implements TokenVerifier {
  /**
   * Tokens already verified, by their full text (signature included), until they expire: a client
   * presents the same token on every request, and checking its signature again proves nothing new.
   */
  private readonly verified = new Map<string, { readonly actor: Actor; readonly expiresAt: number }>();

  constructor(private readonly rules: VerificationRules) {}

  async verify(token: string): Promise<Actor> {
    if (!this.rules.rememberVerified) return (await this.verifyAndMap(token)).actor;
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.actor;
      this.verified.delete(token);
    }
    const { actor, expiresAt } = await this.verifyAndMap(token);
    if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { actor, expiresAt });
    return actor;
  }

  private async verifyAndMap(token: string): Promise<{ actor: Actor; expiresAt: number }> {
    const options = {
      algorithms: this.rules.algorithms,
      issuer: this.rules.issuer,
      audience: this.rules.audience,
      requiredClaims: ['exp'],
      clockTolerance: CLOCK_TOLERANCE_S,
    };
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.rules.key, options));
    } catch (error) {
      if (error instanceof TokenVerificationUnavailableError) throw error;
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || isFetchFailure(error)) {
        throw new TokenVerificationUnavailableError(`Keys cannot be fetched: ${(error as Error).message}`);
      }
      throw new InvalidTokenError(error instanceof errors.JOSEError ? error.code : (error as Error).message);
    }
    // exp is required above; the cache must never outlive the token (no clock tolerance here).
    return { actor: actorFromClaims(payload, this.rules.claims), expiresAt: (payload.exp as number) * 1000 };
  }
}

function isFetchFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch|network/i.test(error.message);
}

/** The embedded default: HS256 with one shared secret. */
export function embeddedTokenVerifier(secret: Uint8Array, claims: ClaimNames): TokenVerifier {
  // Imported once: jose would import a raw secret again for every token it verifies.
  const key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  return new JoseTokenVerifier({
    key: () => key,
    algorithms: ['HS256'],
    issuer: EMBEDDED_ISSUER,
    audience: EMBEDDED_AUDIENCE,
    claims,
    rememberVerified: true,
  });
}

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Discovered from `<issuer>/.well-known/openid-configuration` when not given. */
  readonly jwksUrl?: string;
  readonly claims: ClaimNames;
  /** Least time between two JWKS fetches; a token with an unknown `kid` after it refetches (rotation). */
  readonly jwksCooldownMs?: number;
}

/**
 * Production: tokens of an OIDC issuer, RS256 or ES256, keys from its JWKS. `jose` caches the key
 * set and refetches it when a token names a key it does not hold, which is how rotation works.
 */
export function oidcTokenVerifier(settings: OidcSettings): TokenVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = async (): Promise<JWTVerifyGetKey> => {
    keys ??= discoverJwksUrl(settings).then((url) =>
      createRemoteJWKSet(new URL(url), { cooldownDuration: settings.jwksCooldownMs ?? 30_000, timeoutDuration: 5_000 }),
    );
    try {
      return await keys;
    } catch (error) {
      keys = undefined;
      throw error;
    }
  };
  const getKey: JWTVerifyGetKey = async (header, token) => (await keySet())(header, token);
  return new JoseTokenVerifier({
    key: getKey,
    algorithms: ['RS256', 'ES256'],
    issuer: settings.issuer,
    audience: settings.audience,
    claims: settings.claims,
    rememberVerified: false,
  });
}

async function discoverJwksUrl(settings: OidcSettings): Promise<string> {
  if (settings.jwksUrl) return settings.jwksUrl;
  const url = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new TokenVerificationUnavailableError(`OIDC discovery at ${url} failed: ${(error as Error).message}`);
  }
  const document = response.ok ? ((await response.json()) as { jwks_uri?: unknown; issuer?: unknown }) : undefined;
  if (!document || typeof document.jwks_uri !== 'string') {
    throw new TokenVerificationUnavailableError(`OIDC discovery at ${url} gave no jwks_uri (HTTP ${response.status})`);
  }
  if (document.issuer !== settings.issuer) {
    throw new TokenVerificationUnavailableError(`OIDC discovery at ${url} names issuer ${String(document.issuer)}, not ${settings.issuer}`);
  }
  return document.jwks_uri;
}
