/**
 * A real OpenID provider (the `oidc-provider` package) for the browser tests, in a process of its
 * own: the package ships ESM only and runs on Koa, which Jest's CommonJS module system does not
 * load. Driven by `oidc-provider.ts` over stdin and stdout, one JSON object a line:
 *
 * 1. it listens on 127.0.0.1, a port the system picks, and prints `{"issuer": …}`;
 * 2. it reads `{"client": …, "audience": …, "accessTokenTtlSeconds": …, "accounts": […]}` (the web
 *    app's origin is known only once the service listens with this issuer in its configuration);
 * 3. it prints `{"ready": true}` and serves until stdin closes (its parent stopped or died).
 *
 * Sign-in and sign-out pages are its own, plain and without outside resources: the package's
 * development pages load Google's fonts, which this machine cannot reach and whose failure the
 * tests would read as console errors.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

const lines = createInterface({ input: process.stdin });
const say = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

/** Set once configured; until then every request is answered 503. */
let handle;
const server = createServer((request, response) => {
  if (!handle) {
    response.writeHead(503).end();
    return;
  }
  handle(request, response).catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    if (!response.headersSent) response.writeHead(500);
    response.end();
  });
});
server.listen(0, '127.0.0.1', () => say({ issuer: `http://127.0.0.1:${server.address().port}` }));
// Its parent closes stdin to stop it, or dies: either way nothing is left to serve.
lines.once('close', () => process.exit(0));

const { value: configuration } = await lines[Symbol.asyncIterator]().next();
const settings = JSON.parse(configuration);
const issuer = `http://127.0.0.1:${server.address().port}`;
const accounts = new Map(settings.accounts.map((account) => [account.sub, account]));

/** One key of each kind: ID tokens are signed RS256 (the OIDC default), access tokens ES256. */
const signingKey = (type, options, kid) => ({
  ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }),
  kid,
  use: 'sig',
});

const provider = new Provider(issuer, {
  // A public client: the package's default requires PKCE of it, with S256 its only method.
  clients: [
    {
      client_id: settings.client.clientId,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [settings.client.redirectUri],
      post_logout_redirect_uris: [settings.client.redirectUri],
    },
  ],
  jwks: { keys: [signingKey('rsa', { modulusLength: 2048 }, 'rs256'), signingKey('ec', { namedCurve: 'P-256' }, 'es256')] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: { openid: ['sub'], profile: ['name'] },
  findAccount: (_ctx, sub) => {
    const account = accounts.get(sub);
    return account && { accountId: sub, claims: () => ({ sub, name: account.name }) };
  },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      // The API is the only resource server; an access token for it is a JWT (RFC 9068).
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== settings.audience) throw new Provider.errors.InvalidTarget();
        return {
          scope: '',
          audience: settings.audience,
          accessTokenTTL: settings.accessTokenTtlSeconds,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
    rpInitiatedLogout: {
      logoutSource: (ctx, form) => {
        ctx.body = page('Keluar', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Ya, keluar</button>`);
      },
      postLogoutSuccessSource: (ctx) => {
        ctx.body = page('Keluar', '<p>Anda sudah keluar.</p>');
      },
    },
  },
  // The claims the service maps (AUTH_CLAIM_*), carried in the API's access tokens.
  extraTokenClaims: (_ctx, token) => {
    const account = accounts.get(token.accountId);
    return account && { name: account.name, agency: account.agency, roles: account.roles };
  },
  // A browser app keeps its session going with refresh tokens, without asking for offline_access.
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  // Only the web app's own origin may call the token endpoint from a page.
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((uri) => new URL(uri).origin === origin),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Galat', `<pre>${escape(JSON.stringify(out, null, 2))}</pre>`);
  },
});

function escape(text) {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function loginPage(uid, problem) {
  return page(
    'Masuk ke penyedia identitas',
    `${problem ? `<p role="alert">${escape(problem)}</p>` : ''}<form method="post" action="/interaction/${escape(uid)}/login">` +
      '<label>Nama pengguna <input name="username" autocomplete="username" required></label>' +
      '<label>Kata sandi <input name="password" type="password" autocomplete="current-password" required></label>' +
      '<button type="submit">Masuk</button></form>',
  );
}

async function formBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(response, status, body) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
}

/**
 * The interaction routes a real deployment writes for itself: a login form checked against the
 * accounts, and consent granted without asking (the agency's own app, as a first-party client).
 */
async function interaction(request, response, uid, action) {
  const details = await provider.interactionDetails(request, response);
  if (details.uid !== uid) return html(response, 400, page('Galat', '<p>Interaksi tidak dikenal.</p>'));
  if (action === 'login' && request.method === 'POST') {
    const form = await formBody(request);
    const account = accounts.get(form.get('username') ?? '');
    if (!account || account.password !== form.get('password'))
      return html(response, 401, loginPage(uid, 'Nama pengguna atau kata sandi salah.'));
    return provider.interactionFinished(request, response, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  }
  if (details.prompt.name === 'login') return html(response, 200, loginPage(uid));
  if (details.prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
      grant.addResourceScope(indicator, scopes.join(' '));
    return provider.interactionFinished(request, response, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  return html(response, 501, page('Galat', `<p>${escape(details.prompt.name)} tidak didukung.</p>`));
}

const callback = provider.callback();
handle = async (request, response) => {
  const route = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(new URL(request.url, issuer).pathname);
  if (route) return interaction(request, response, route[1], route[2]);
  return callback(request, response);
};
say({ ready: true });
