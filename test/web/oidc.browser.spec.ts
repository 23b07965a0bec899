import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { createApp } from '../../src/bootstrap';
import { WEB_ROOT } from '../../src/api/web/web-app';
import { loadConfig } from '../../src/infrastructure/config/app-config';
import { describeInBrowser, launchChromium, officialContext, screenshot, watchConsole } from '../support/browser';
import { startOidcProvider, type ProviderAccount, type TestOidcProvider } from '../support/oidc-provider';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

/**
 * The web app's OIDC sign-in (Authorization Code with PKCE, in the browser) against a real OpenID
 * provider, the `oidc-provider` package in a process of its own (test/support/oidc-provider.mjs):
 * the official signs in at the provider, the service verifies the provider's JWT access tokens
 * against its JWKS, the app refreshes them before they expire and signs out at the provider.
 */

const CLIENT_ID = 'sepakat-web';
/** A resource indicator must be an absolute URI (RFC 8707 §2), so the audience is one here. */
const AUDIENCE = 'urn:sepakat:api';
/** The app refreshes 30 s before expiry: a 35 s token is refreshed about 5 s after it is issued. */
const ACCESS_TOKEN_TTL_S = 35;
const SESSION_KEY = 'sepakat.session';

const official: ProviderAccount = {
  sub: 'biro-ks',
  password: 'kata-sandi-uji',
  name: 'Biro Kerja Sama Kemendes PDTT',
  agency: 'kemendes-pdtt',
  roles: ['COORDINATOR', 'DRAFTER'],
};

interface StoredSession {
  readonly token: string;
  readonly expiresAt: number | null;
  readonly mode: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
}

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly end_session_endpoint: string;
}

const decode = (jwt: string, part: 0 | 1) =>
  JSON.parse(Buffer.from(jwt.split('.')[part], 'base64url').toString('utf8')) as Record<string, unknown>;
// Page scripts as text: this project's type checking has no DOM types.
const storedSession = async (page: Page) =>
  JSON.parse((await page.evaluate<string | null>(`sessionStorage.getItem('${SESSION_KEY}')`)) ?? 'null') as StoredSession | null;
const grantType = (request: Request) => new URLSearchParams(request.postData() ?? '').get('grant_type');

jest.setTimeout(120_000);

describeInBrowser('signing in at an OpenID provider, in a real browser', () => {
  let provider: TestOidcProvider;
  let directory: TemporaryDirectory;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let discovery: Discovery;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let complaints: string[];
  /** What the official's tab asked of the provider: authorization requests (each a login) and token requests by grant type. */
  const authorizations: URL[] = [];
  const tokenRequests: Array<string | null> = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`The web app is not built in ${WEB_ROOT}: run npm run build:web`);
    provider = await startOidcProvider();
    directory = await temporaryDirectory();
    const config = loadConfig({
      LOG_LEVEL: 'warn',
      DATA_DIR: directory.path,
      AUTH_RATE_LIMIT_PER_MINUTE: '0',
      AUTH_OIDC_ISSUER: provider.issuer,
      AUTH_OIDC_AUDIENCE: AUDIENCE,
      AUTH_OIDC_CLIENT_ID: CLIENT_ID,
    });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await provider.configure({
      client: { clientId: CLIENT_ID, redirectUri: `${baseUrl}/` },
      audience: AUDIENCE,
      accessTokenTtlSeconds: ACCESS_TOKEN_TTL_S,
      accounts: [official],
    });
    discovery = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as Discovery;
    browser = await launchChromium();
    context = await officialContext(browser, baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    complaints = watchConsole(page);
    page.on('request', (request) => {
      const url = new URL(request.url());
      // The provider's own resumes after its login and consent (/auth/<uid>) are not requests of the app.
      if (request.isNavigationRequest() && `${url.origin}${url.pathname}` === discovery.authorization_endpoint) authorizations.push(url);
      if (request.method() === 'POST' && request.url() === discovery.token_endpoint) tokenRequests.push(grantType(request));
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await provider?.stop();
    await directory?.remove();
  });

  async function signInAtProvider(target: Page) {
    await target.getByLabel('Nama pengguna').fill(official.sub);
    await target.getByLabel('Kata sandi').fill(official.password);
    await target.getByRole('button', { name: 'Masuk', exact: true }).click();
  }

  it('offers the provider on the sign-in page, and comes back from it signed in', async () => {
    const answer = await page.goto('/');
    // The page may reach the issuer (discovery, token endpoint) and nothing else.
    expect(answer?.headers()['content-security-policy']).toContain(`connect-src 'self' ${new URL(provider.issuer).origin};`);
    await page.getByRole('button', { name: 'Masuk dengan akun instansi' }).click();
    await page.getByLabel('Kata sandi').waitFor();
    expect(page.url().startsWith(provider.issuer)).toBe(true);
    await screenshot(page, 'oidc-provider-login');

    expect(authorizations).toHaveLength(1);
    const asked = authorizations[0].searchParams;
    expect(
      Object.fromEntries(
        ['response_type', 'client_id', 'redirect_uri', 'scope', 'code_challenge_method', 'resource'].map((name) => [name, asked.get(name)]),
      ),
    ).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      redirect_uri: `${baseUrl}/`,
      scope: 'openid profile',
      code_challenge_method: 'S256',
      resource: AUDIENCE,
    });
    expect(asked.get('state')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(asked.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    const me = page.waitForResponse((response) => new URL(response.url()).pathname === '/me');
    await signInAtProvider(page);
    expect((await me).status()).toBe(200);
    await page.getByText(official.name, { exact: true }).waitFor();
    // Back at the app's own address, the code and state gone from it.
    expect(page.url()).toBe(`${baseUrl}/`);
    expect(tokenRequests).toEqual(['authorization_code']);
    await screenshot(page, 'oidc-signed-in');
  });

  it('keeps the provider’s JWT access token in this tab’s sessionStorage, never localStorage, and the API takes it', async () => {
    const session = await storedSession(page);
    expect(session).toMatchObject({
      mode: 'oidc',
      token: expect.any(String),
      refreshToken: expect.any(String),
      idToken: expect.any(String),
    });
    expect(await page.evaluate('Object.keys(localStorage)')).toEqual([]);

    const token = session!.token;
    expect(decode(token, 0)).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(decode(token, 1)).toMatchObject({
      iss: provider.issuer,
      aud: AUDIENCE,
      client_id: CLIENT_ID,
      sub: official.sub,
      name: official.name,
      agency: official.agency,
      roles: official.roles,
    });
    expect(decode(session!.idToken!, 1)).toMatchObject({ iss: provider.issuer, aud: CLIENT_ID, sub: official.sub });

    const me = await fetch(`${baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ id: official.sub, name: official.name, agencyId: official.agency, roles: official.roles });
  });

  it('refreshes the access token before it expires, without a new login', async () => {
    const before = (await storedSession(page))!;
    const refreshed = await page.waitForResponse(
      (response) => response.url() === discovery.token_endpoint && grantType(response.request()) === 'refresh_token',
      {
        timeout: ACCESS_TOKEN_TTL_S * 1000,
      },
    );
    expect(refreshed.status()).toBe(200);
    await page.waitForFunction(`JSON.parse(sessionStorage.getItem('${SESSION_KEY}') ?? 'null')?.token !== ${JSON.stringify(before.token)}`);

    const after = (await storedSession(page))!;
    expect(decode(after.token, 1).exp).toBeGreaterThan(decode(before.token, 1).exp as number);
    // A public client's refresh token is rotated on every use.
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(authorizations).toHaveLength(1);
    expect(page.url()).toBe(`${baseUrl}/`);

    // The page, reloaded, asks the API with a refreshed token and is still signed in.
    const me = page.waitForResponse((response) => new URL(response.url()).pathname === '/me');
    await page.reload();
    const answer = await me;
    expect(answer.status()).toBe(200);
    expect(answer.request().headers().authorization).not.toBe(`Bearer ${before.token}`);
    await page.getByText(official.name, { exact: true }).waitFor();
    expect(authorizations).toHaveLength(1);
  });

  it('signs out through the provider’s end_session_endpoint and back to the app', async () => {
    const { idToken, refreshToken } = (await storedSession(page))!;
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await page.getByRole('button', { name: 'Ya, keluar' }).waitFor();
    const logout = new URL(page.url());
    expect(`${logout.origin}${logout.pathname}`).toBe(discovery.end_session_endpoint);
    expect(Object.fromEntries(logout.searchParams)).toEqual({
      id_token_hint: idToken,
      post_logout_redirect_uri: `${baseUrl}/`,
      client_id: CLIENT_ID,
    });
    await screenshot(page, 'oidc-provider-logout');

    await page.getByRole('button', { name: 'Ya, keluar' }).click();
    await page.getByRole('button', { name: 'Masuk dengan akun instansi' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/`);
    expect(await storedSession(page)).toBeNull();

    // The provider ended its session and the grant with it: the last refresh token is refused.
    const refresh = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken!, client_id: CLIENT_ID, resource: AUDIENCE }),
    });
    expect({ status: refresh.status, error: ((await refresh.json()) as { error: string }).error }).toEqual({
      status: 400,
      error: 'invalid_grant',
    });

    // Signing in again asks for the password again.
    await page.getByRole('button', { name: 'Masuk dengan akun instansi' }).click();
    await page.getByLabel('Kata sandi').waitFor();
    expect(authorizations).toHaveLength(2);
    expect(complaints).toEqual([]);
  });

  it('signs nobody in from a callback whose state this tab did not send', async () => {
    const forger = await officialContext(browser, baseUrl);
    try {
      const victim = await forger.newPage();
      victim.setDefaultTimeout(15_000);
      const seen = watchConsole(victim);
      const redeemed: string[] = [];
      victim.on('request', (request) => {
        if (request.url() === discovery.token_endpoint) redeemed.push(request.url());
      });

      // Once with no sign-in under way, once while one is (its state waiting in this tab).
      await victim.goto('/?code=x&state=forged');
      await victim.getByText('Masuk lewat penyedia identitas gagal.').waitFor();
      await victim.getByRole('button', { name: 'Masuk dengan akun instansi' }).click();
      await victim.getByLabel('Kata sandi').waitFor();
      await victim.goto('/?code=x&state=forged');
      await victim.getByText('Masuk lewat penyedia identitas gagal.').waitFor();
      await screenshot(victim, 'oidc-forged-state');

      expect(victim.url()).toBe(`${baseUrl}/`);
      expect(await storedSession(victim)).toBeNull();
      // The waiting state is spent: the real callback cannot complete after a forged one either.
      expect(await victim.evaluate('Object.keys(sessionStorage)')).toEqual([]);
      expect(redeemed).toEqual([]);
      expect(seen).toEqual([]);
    } finally {
      await forger.close();
    }
  });
});
