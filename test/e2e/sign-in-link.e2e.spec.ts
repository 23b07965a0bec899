import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Clock } from '../../src/application/ports/clock.port';
import type { SignInGrant } from '../../src/application/ports/sign-in-codes.port';
import { FileSignInCodes, SIGN_IN_CODES_FOLDER } from '../../src/infrastructure/auth/file-sign-in-codes';
import { startTestApp, type TestApp } from '../support/test-app';
import { temporaryDirectory } from '../support/temporary-directory';

const run = promisify(execFile);

const EXCHANGE = '/auth/sign-in-links/exchange';
const MINUTE = 60_000;
const siti: SignInGrant = {
  sub: 'siti',
  name: 'Siti Rahayu',
  agency: 'kemendes-pdtt',
  roles: ['DRAFTER', 'COORDINATOR'],
  tokenExpiresIn: '2h',
};
const INVALID_LINK = {
  type: 'urn:sepakat:problem:sign-in-link-invalid',
  title: 'Unauthorized',
  status: 401,
  detail: 'This sign-in link is unknown, used or expired: ask for a new one',
};
const OIDC = { AUTH_OIDC_ISSUER: 'https://sso.example.go.id/realms/pemerintah', AUTH_OIDC_AUDIENCE: 'sepakat-api' };

/** The real `npm run token`, on a data folder and with the environment the service would have. */
const tokenCli = (args: string[], env: Record<string, string>) =>
  run('npm', ['run', '--silent', 'token', '--', ...args], { env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', ...env } });

const sitisArgs = [
  '--sub',
  'siti',
  '--name',
  'Siti Rahayu',
  '--agency',
  'kemendes-pdtt',
  '--roles',
  'drafter,COORDINATOR',
  '--expires',
  '2h',
];

describe('sign-in links (embedded identity)', () => {
  let service: TestApp;
  /** The service's clock runs with the machine's, moved on by this much when a test says so. */
  let clockAhead = 0;
  const clock: Clock = { now: () => new Date(Date.now() + clockAhead) };
  let codes: FileSignInCodes;

  const exchange = (payload: unknown) => service.app.inject({ method: 'POST', url: EXCHANGE, payload: payload as object });
  const folder = () => join(service.directory.path, SIGN_IN_CODES_FOLDER);
  const codesLeft = () => readdirSync(folder());
  const issue = (validMs = 10 * MINUTE) => codes.issue(siti, { now: new Date(), expiresAt: new Date(Date.now() + validMs) });

  beforeAll(async () => {
    service = await startTestApp({}, undefined, { clock });
    codes = new FileSignInCodes(service.directory.path);
  });

  afterEach(() => {
    clockAhead = 0;
    rmSync(folder(), { recursive: true, force: true });
  });

  afterAll(async () => {
    await service.close();
  });

  it('turns the link `npm run token -- --link` prints into a token once; the token works on GET /me', async () => {
    const { stdout, stderr } = await tokenCli(['--link', ...sitisArgs], {
      DATA_DIR: service.directory.path,
      HOST: '127.0.0.1',
      PORT: '3456',
    });

    const [, code] = /^http:\/\/127\.0\.0\.1:3456\/#\/masuk\?kode=([A-Za-z0-9_-]{43})\n$/.exec(stdout) ?? [];
    expect(code).toBeDefined();
    expect(stderr).toContain('Valid for 10 minutes, and works once.');
    // Only the code's digest is kept, readable by the owner alone, and no token is in it.
    const file = join(folder(), `${createHash('sha256').update(code).digest('hex')}.json`);
    expect(statSync(folder()).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(code);
    expect(JSON.parse(stored)).toMatchObject({
      sub: 'siti',
      name: 'Siti Rahayu',
      agency: 'kemendes-pdtt',
      roles: ['DRAFTER', 'COORDINATOR'],
      tokenExpiresIn: '2h',
    });
    expect(Date.parse(JSON.parse(stored).expiresAt) - Date.now()).toBeGreaterThan(9 * MINUTE);

    const first = await exchange({ code });
    const second = await exchange({ code });

    expect(first.statusCode).toBe(201);
    expect(first.headers['cache-control']).toBe('no-store');
    const signedIn = first.json<{ token: string; expiresAt: string; actor: unknown }>();
    const actor = { id: 'siti', name: 'Siti Rahayu', agencyId: 'kemendes-pdtt', roles: ['DRAFTER', 'COORDINATOR'] };
    expect(signedIn.actor).toEqual(actor);
    expect(Date.parse(signedIn.expiresAt) - Date.now()).toBeGreaterThan(119 * MINUTE);
    expect(Date.parse(signedIn.expiresAt) - Date.now()).toBeLessThanOrEqual(120 * MINUTE);
    const me = await service.app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${signedIn.token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(actor);

    expect(second.statusCode).toBe(401);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.json()).toEqual(INVALID_LINK);
    expect(codesLeft()).toEqual([]);
  });

  it('prints a link on another base for as long as --link-valid says, and refuses a link in OIDC mode or for longer than a day', async () => {
    const elsewhere = await temporaryDirectory();
    try {
      const [behindProxy, oidc, tooLong] = await Promise.allSettled([
        tokenCli(['--link', '--url', 'https://sepakat.example.go.id/', '--link-valid', '2h', ...sitisArgs], {
          DATA_DIR: service.directory.path,
        }),
        tokenCli(['--link', ...sitisArgs], { DATA_DIR: elsewhere.path, ...OIDC }),
        tokenCli(['--link', '--link-valid', '25h', ...sitisArgs], { DATA_DIR: elsewhere.path }),
      ]);

      expect(behindProxy).toMatchObject({
        status: 'fulfilled',
        value: { stderr: expect.stringContaining('Valid for 120 minutes, and works once.') },
      });
      const { stdout } = (behindProxy as PromiseFulfilledResult<{ stdout: string }>).value;
      expect(stdout).toMatch(/^https:\/\/sepakat\.example\.go\.id\/#\/masuk\?kode=[A-Za-z0-9_-]{43}\n$/);
      const [stored] = codesLeft().map((name) => JSON.parse(readFileSync(join(folder(), name), 'utf8')));
      expect(Date.parse(stored.expiresAt) - Date.parse(stored.issuedAt)).toBe(120 * MINUTE);
      expect(oidc).toMatchObject({
        status: 'rejected',
        reason: { code: 2, stderr: expect.stringContaining('sign-in links exist in the embedded mode only') },
      });
      expect(tooLong).toMatchObject({
        status: 'rejected',
        reason: { code: 2, stderr: expect.stringContaining('--link-valid takes a duration from 1s to 24h') },
      });
      expect(existsSync(join(elsewhere.path, SIGN_IN_CODES_FOLDER))).toBe(false);
    } finally {
      await elsewhere.remove();
    }
  });

  it('gives an unknown, a used and an expired code the same 401, and forgets the expired one', async () => {
    const used = issue();
    expect((await exchange({ code: used })).statusCode).toBe(201);
    const expired = issue(10 * MINUTE);
    const almostExpired = issue(10 * MINUTE + 5_000);
    clockAhead = 10 * MINUTE;

    const answers = await Promise.all([randomBytes(32).toString('base64url'), used, expired].map((code) => exchange({ code })));
    const lastMoment = await exchange({ code: almostExpired });

    expect(answers.map((answer) => [answer.statusCode, answer.json()])).toEqual([
      [401, INVALID_LINK],
      [401, INVALID_LINK],
      [401, INVALID_LINK],
    ]);
    expect(lastMoment.statusCode).toBe(201);
    expect(codesLeft()).toEqual([]);
  });

  it('refuses a malformed body with 400 and spends nothing', async () => {
    const code = issue();
    const malformed: unknown[] = [
      {},
      { code: 42 },
      { code: code.slice(1) },
      { code: `${code}=` },
      { code: `${code.slice(0, 42)}+` },
      { code: [code] },
      { code, remember: true },
    ];

    const answers = await Promise.all(malformed.map((body) => exchange(body)));
    const asText = await service.app.inject({
      method: 'POST',
      url: EXCHANGE,
      payload: `code=${code}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    expect(answers.map((answer) => answer.statusCode)).toEqual(malformed.map(() => 400));
    for (const answer of answers) expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answers[1].json()).toMatchObject({ detail: 'code must be the code of a sign-in link: 43 characters of base64url' });
    expect(asText.statusCode).toBe(415);
    expect((await exchange({ code })).statusCode).toBe(201);
  });

  it('lets exactly one of several exchanges of one code at once through', async () => {
    const code = issue();

    const answers = await Promise.all(Array.from({ length: 5 }, () => exchange({ code })));

    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 401, 401, 401, 401]);
    expect(answers.filter((answer) => answer.body.includes('"token"'))).toHaveLength(1);
    expect(codesLeft()).toEqual([]);
  });

  it('tells a browser without a token that it signs in with links', async () => {
    const response = await service.app.inject({ method: 'GET', url: '/auth/config' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ mode: 'embedded' });
  });

  it('documents both routes for a generated client, as needing no token', async () => {
    const document = (await service.app.inject({ method: 'GET', url: '/docs-json' })).json<{
      paths: Record<
        string,
        Record<
          string,
          { security?: unknown; tags?: string[]; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }
        >
      >;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    }>();

    const exchangeOperation = document.paths[EXCHANGE].post;
    const configOperation = document.paths['/auth/config'].get;
    expect(exchangeOperation).toMatchObject({ security: [], tags: ['auth'] });
    expect(configOperation).toMatchObject({ security: [], tags: ['auth'] });
    expect(exchangeOperation.responses['201'].content!['application/json'].schema).toEqual({ $ref: '#/components/schemas/SignedInDto' });
    expect(document.components.schemas.SignInCodeDto.required).toEqual(['code']);
    expect(Object.keys(document.components.schemas.SignedInDto.properties!)).toEqual(['token', 'expiresAt', 'actor']);
    expect(Object.keys(document.components.schemas.OidcSignInMethodDto.properties!)).toEqual([
      'mode',
      'issuer',
      'clientId',
      'scope',
      'audience',
    ]);
    expect(configOperation.responses['200'].content!['application/json'].schema).toMatchObject({ discriminator: { propertyName: 'mode' } });
  });
});

describe('rate limiting of the sign-in link exchange', () => {
  let service: TestApp;

  beforeAll(async () => {
    service = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });

  afterAll(async () => {
    await service.close();
  });

  it('answers 429 past the configured rate, though the route needs no token', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await service.app.inject({ method: 'POST', url: EXCHANGE, payload: { code: 'A'.repeat(43) } })).statusCode);
    }

    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('sign-in with an OIDC issuer', () => {
  it('tells a browser the issuer, client id, scope and audience, and has no links to exchange (404)', async () => {
    const withClient = await startTestApp({ ...OIDC, AUTH_OIDC_CLIENT_ID: 'sepakat-web' });
    const withoutClient = await startTestApp({ ...OIDC, AUTH_OIDC_SCOPE: 'openid profile email' });
    try {
      const configured = await withClient.app.inject({ method: 'GET', url: '/auth/config' });
      const unconfigured = await withoutClient.app.inject({ method: 'GET', url: '/auth/config' });
      const exchange = await withClient.app.inject({ method: 'POST', url: EXCHANGE, payload: { code: 'A'.repeat(43) } });

      expect(configured.statusCode).toBe(200);
      expect(configured.json()).toEqual({
        mode: 'oidc',
        issuer: 'https://sso.example.go.id/realms/pemerintah',
        clientId: 'sepakat-web',
        scope: 'openid profile',
        audience: 'sepakat-api',
      });
      expect(unconfigured.json()).toMatchObject({ clientId: null, scope: 'openid profile email' });
      expect(exchange.statusCode).toBe(404);
      expect(exchange.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(exchange.json()).toMatchObject({ type: 'urn:sepakat:problem:not-found', status: 404 });
      expect(existsSync(join(withClient.directory.path, SIGN_IN_CODES_FOLDER))).toBe(false);
    } finally {
      await withClient.close();
      await withoutClient.close();
    }
  });
});
