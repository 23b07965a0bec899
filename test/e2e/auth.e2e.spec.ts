import { generateKeyPair, SignJWT } from 'jose';
import { secretOf, tokenFor, type Official } from '../support/tokens';
import { startTestApp, type TestApp } from '../support/test-app';
import { cast } from '../support/agreement-scenarios';
import type { Caller } from '../support/http-client';

const drafter: Official = { sub: 'siti', name: 'Siti Rahayu', agency: 'kemendes-pdtt', roles: ['DRAFTER', 'COORDINATOR'] };

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('identity on every route', () => {
  let service: TestApp;
  let secret: Uint8Array;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = { name: drafter.name, agency: drafter.agency, roles: drafter.roles };

  const get = (authorization?: string) =>
    service.app.inject({ method: 'GET', url: '/me', headers: authorization === undefined ? {} : { authorization } });

  const signed = (alg = 'HS256') =>
    new SignJWT(claims).setProtectedHeader({ alg }).setSubject(drafter.sub).setIssuer('sepakat').setAudience('sepakat');

  beforeAll(async () => {
    service = await startTestApp();
    secret = secretOf(service.config);
  });

  afterAll(async () => {
    await service.close();
  });

  it('lets a valid token through and names the actor', async () => {
    const response = await get(`Bearer ${await tokenFor(service.config, drafter)}`);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'siti', name: 'Siti Rahayu', agencyId: 'kemendes-pdtt', roles: ['DRAFTER', 'COORDINATOR'] });
  });

  describe('refuses with 401 and the same problem document', () => {
    const cases: Array<[string, () => Promise<string | undefined>]> = [
      ['no Authorization header', async () => undefined],
      ['another scheme', async () => `Basic ${Buffer.from('siti:rahasia').toString('base64')}`],
      ['a token that is not a JWT', async () => 'Bearer not-a-jwt'],
      ['a token with a broken payload', async () => `Bearer ${base64url({ alg: 'HS256' })}.%%%.abc`],
      [
        'an expired token',
        async () =>
          `Bearer ${await signed()
            .setIssuedAt(now() - 7200)
            .setExpirationTime(now() - 3600)
            .sign(secret)}`,
      ],
      [
        'a token not valid yet',
        async () =>
          `Bearer ${await signed()
            .setNotBefore(now() + 3600)
            .setExpirationTime(now() + 7200)
            .sign(secret)}`,
      ],
      ['a token without expiry', async () => `Bearer ${await signed().sign(secret)}`],
      [
        'a token signed with another secret',
        async () =>
          `Bearer ${await signed()
            .setExpirationTime('1h')
            .sign(new TextEncoder().encode('x'.repeat(48)))}`,
      ],
      [
        'a token of another algorithm (HS512) with the right secret',
        async () => `Bearer ${await signed('HS512').setExpirationTime('1h').sign(secret)}`,
      ],
      [
        'an unsigned token (alg: none)',
        async () =>
          `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, sub: drafter.sub, iss: 'sepakat', aud: 'sepakat', exp: now() + 3600 })}.`,
      ],
      [
        'an RS256 token',
        async () => {
          const { privateKey } = await generateKeyPair('RS256');
          return `Bearer ${await signed('RS256').setExpirationTime('1h').sign(privateKey)}`;
        },
      ],
      [
        'a token of another issuer',
        async () =>
          `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('siti').setIssuer('elsewhere').setAudience('sepakat').setExpirationTime('1h').sign(secret)}`,
      ],
      [
        'a token for another audience',
        async () =>
          `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('siti').setIssuer('sepakat').setAudience('other-app').setExpirationTime('1h').sign(secret)}`,
      ],
      [
        'a token without an agency',
        async () =>
          `Bearer ${await new SignJWT({ roles: ['DRAFTER'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('siti').setIssuer('sepakat').setAudience('sepakat').setExpirationTime('1h').sign(secret)}`,
      ],
    ];

    it.each(cases)('%s', async (_case, authorization) => {
      const response = await get(await authorization());

      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="sepakat"');
      expect(response.json()).toEqual({
        type: 'urn:sepakat:problem:unauthorized',
        title: 'Unauthorized',
        status: 401,
        detail: 'A valid bearer token is required.',
      });
    });
  });

  it('refuses a valid token that carries no role of this service with 403', async () => {
    const token = await new SignJWT({ name: 'Tamu', agency: 'kemendes-pdtt', roles: ['VISITOR'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('tamu')
      .setIssuer('sepakat')
      .setAudience('sepakat')
      .setExpirationTime('1h')
      .sign(secret);

    const response = await get(`Bearer ${token}`);

    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('keeps /health public and sends security headers', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['strict-transport-security']).toBeDefined();
  });
});

describe('rate limiting of token-checked routes', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await service.close();
  });

  it('answers 429 past the configured rate, but never on /health', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await service.app.inject({ method: 'GET', url: '/me' })).statusCode);
    const health = await service.app.inject({ method: 'GET', url: '/health' });

    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(health.statusCode).toBe(200);
  });
});

describe('rate limiting per official, and per address behind a trusted proxy', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
  });

  afterAll(async () => {
    await service.close();
  });

  it('gives each official their own allowance, though they share one address', async () => {
    const people = await cast(service);
    const statuses = async (caller: Caller) => {
      const seen: number[] = [];
      for (let i = 0; i < 4; i += 1) seen.push((await caller.get('/me')).statusCode);
      return seen;
    };

    expect(await statuses(people.kemendesDrafter)).toEqual([200, 200, 200, 429]);
    // Another official from the same address (a ministry behind one NAT) is not held back by the first.
    expect(await statuses(people.baritoReviewer)).toEqual([200, 200, 200, 429]);
  });

  it('counts requests without a valid token by the client address the trusted proxy names', async () => {
    const from = (address: string) => service.app.inject({ method: 'GET', url: '/me', headers: { 'x-forwarded-for': address } });
    const first: number[] = [];
    for (let i = 0; i < 4; i += 1) first.push((await from('203.0.113.7')).statusCode);

    expect(first).toEqual([401, 401, 401, 429]);
    expect((await from('198.51.100.20')).statusCode).toBe(401);
  });
});
