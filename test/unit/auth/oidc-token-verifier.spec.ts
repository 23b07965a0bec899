import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { InvalidTokenError, TokenVerificationUnavailableError } from '../../../src/application/ports/token-verifier.port';
import { oidcTokenVerifier } from '../../../src/infrastructure/auth/jose-token-verifier';

const claims = { subject: 'sub', name: 'name', agency: 'agency', roles: 'realm_access.roles' };

/** A stand-in identity provider on 127.0.0.1: discovery document and a JWKS the test can rotate. */
class TestIdentityProvider {
  keys: JWK[] = [];
  jwksFetches = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      if (request.url === '/.well-known/openid-configuration') {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ issuer: this.issuer, jwks_uri: `${this.issuer}/jwks` }));
      } else if (request.url === '/jwks') {
        this.jwksFetches += 1;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ keys: this.keys }));
      } else {
        response.statusCode = 404;
        response.end();
      }
    });
  }

  get issuer(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

describe('OIDC token verification against a JWKS', () => {
  let idp: TestIdentityProvider;
  let keyA: SigningKey;
  let keyB: SigningKey;

  const token = (key: SigningKey, overrides: { iss?: string; aud?: string } = {}) =>
    new SignJWT({ name: 'Ahmad Fauzi', agency: 'kab-barito-kuala', realm_access: { roles: ['LEGAL_REVIEWER', 'offline_access'] } })
      .setProtectedHeader({ alg: key.alg, kid: key.kid })
      .setSubject('ahmad')
      .setIssuer(overrides.iss ?? idp.issuer)
      .setAudience(overrides.aud ?? 'sepakat-api')
      .setExpirationTime('5m')
      .sign(key.privateKey);

  const verifier = () => oidcTokenVerifier({ issuer: idp.issuer, audience: 'sepakat-api', claims, jwksCooldownMs: 0 });

  beforeAll(async () => {
    [keyA, keyB] = await Promise.all([signingKey('key-a', 'RS256'), signingKey('key-b', 'ES256')]);
  });

  beforeEach(async () => {
    idp = new TestIdentityProvider();
    await idp.start();
    idp.keys = [keyA.jwk];
  });

  afterEach(async () => {
    await idp.stop();
  });

  it('discovers the JWKS, verifies RS256, maps nested role claims and ignores unknown roles', async () => {
    const actor = await verifier().verify(await token(keyA));

    expect(actor).toEqual({ id: 'ahmad', name: 'Ahmad Fauzi', agencyId: 'kab-barito-kuala', roles: ['LEGAL_REVIEWER'] });
  });

  it('checks issuer and audience', async () => {
    const check = verifier();

    await expect(check.verify(await token(keyA, { aud: 'another-client' }))).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(check.verify(await token(keyA, { iss: 'https://elsewhere.example' }))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses HS256 tokens, whatever their secret', async () => {
    const hs = await new SignJWT({ agency: 'x', realm_access: { roles: ['DRAFTER'] } })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-a' })
      .setSubject('x')
      .setIssuer(idp.issuer)
      .setAudience('sepakat-api')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(keyA.jwk)));

    await expect(verifier().verify(hs)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('follows key rotation: a new kid makes it refetch, a retired key stops working', async () => {
    const check = verifier();
    await check.verify(await token(keyA));
    const fetchesBefore = idp.jwksFetches;

    idp.keys = [keyB.jwk];
    const rotated = await check.verify(await token(keyB));

    expect(rotated.id).toBe('ahmad');
    expect(idp.jwksFetches).toBe(fetchesBefore + 1);
    await expect(check.verify(await token(keyA))).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('waits out the configured cooldown before refetching for a new kid (AUTH_OIDC_JWKS_COOLDOWN_MS): a token signed with a just-rotated key is refused until then', async () => {
    const check = oidcTokenVerifier({ issuer: idp.issuer, audience: 'sepakat-api', claims, jwksCooldownMs: 400 });
    await check.verify(await token(keyA));

    idp.keys = [keyA.jwk, keyB.jwk];
    await expect(check.verify(await token(keyB))).rejects.toBeInstanceOf(InvalidTokenError);
    await new Promise((resolve) => setTimeout(resolve, 450));

    expect((await check.verify(await token(keyB))).id).toBe('ahmad');
  });

  it('caches the key set between tokens', async () => {
    const check = verifier();
    await check.verify(await token(keyA));
    await check.verify(await token(keyA));
    await check.verify(await token(keyA));

    expect(idp.jwksFetches).toBe(1);
  });

  it('says the provider is unavailable (not that the token is bad) when it cannot be reached', async () => {
    const check = verifier();
    const signed = await token(keyA);
    await idp.stop();

    await expect(check.verify(signed)).rejects.toBeInstanceOf(TokenVerificationUnavailableError);
    idp = new TestIdentityProvider();
    await idp.start();
  });
});
