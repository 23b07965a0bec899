import { currentSession, jwtClaims, onTokenExpiring, sessionEnded, signIn, tokenExpiry, type Session } from './session';

/** How the service says to sign in (`GET /auth/config`). */
export type AuthConfig =
  | { readonly mode: 'embedded' }
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly clientId: string | null;
      readonly scope: string;
      readonly audience?: string | null;
    };

interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
  readonly end_session_endpoint?: string;
}

interface Pending {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

interface TokenResponse {
  readonly access_token: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
}

const PENDING_KEY = 'sepakat.oidc.pending';

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomText(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The redirect URI registered for the web app: the app's own root. */
export function redirectUri(): string {
  return `${window.location.origin}/`;
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  const discovery = (await response.json()) as Discovery;
  if (discovery.issuer.replace(/\/$/, '') !== issuer.replace(/\/$/, '')) throw new Error('discovery names another issuer');
  return discovery;
}

/** Authorization Code with PKCE (RFC 7636): leaves for the provider's sign-in page. */
export async function startOidcSignIn(config: Extract<AuthConfig, { mode: 'oidc' }>): Promise<void> {
  if (!config.clientId) throw new Error('no client id');
  const discovery = await discover(config.issuer);
  const pending: Pending = { state: randomText(), nonce: randomText(), verifier: randomText() };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  const url = new URL(discovery.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  if (config.audience) params.resource = config.audience;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  window.location.assign(url.toString());
}

/**
 * A request at the token endpoint. It names the API as its `resource` again (RFC 8707 §2.2): a
 * provider that honours resource indicators otherwise issues a token for its own userinfo
 * endpoint, which the API refuses.
 */
async function tokenRequest(
  config: Extract<AuthConfig, { mode: 'oidc' }>,
  discovery: Discovery,
  body: Record<string, string>,
): Promise<TokenResponse> {
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(config.audience ? { ...body, resource: config.audience } : body).toString(),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  return (await response.json()) as TokenResponse;
}

function sessionFrom(tokens: TokenResponse, previous?: Session): Session {
  const expiresAt = tokenExpiry(tokens.access_token) ?? (tokens.expires_in ? Date.now() + tokens.expires_in * 1000 : null);
  const refreshToken = tokens.refresh_token ?? previous?.refreshToken;
  const idToken = tokens.id_token ?? previous?.idToken;
  return {
    token: tokens.access_token,
    expiresAt,
    mode: 'oidc',
    ...(refreshToken ? { refreshToken } : {}),
    ...(idToken ? { idToken } : {}),
  };
}

/**
 * Back from the provider with `?code=&state=`: checks the state against the one this tab sent,
 * redeems the code with the PKCE verifier, checks the ID token's nonce, issuer and audience (it
 * comes straight from the token endpoint over TLS, so OIDC Core 3.1.3.7 lets the signature go
 * unchecked here; the API verifies every access token against the issuer's keys).
 */
export async function completeOidcSignIn(config: Extract<AuthConfig, { mode: 'oidc' }>): Promise<boolean> {
  const query = new URLSearchParams(window.location.search);
  const code = query.get('code');
  const state = query.get('state');
  if (!code && !query.get('error')) return false;
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING_KEY);
  try {
    if (!code || !pending || state !== pending.state || !config.clientId) throw new Error('state mismatch');
    // RFC 9207: a provider that names itself on the way back must be the one this tab went to.
    const iss = query.get('iss');
    if (iss !== null && iss.replace(/\/$/, '') !== config.issuer.replace(/\/$/, '')) throw new Error('another issuer answered');
    const discovery = await discover(config.issuer);
    const tokens = await tokenRequest(config, discovery, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    });
    if (!tokens.id_token) throw new Error('no ID token');
    const claims = jwtClaims(tokens.id_token);
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (
      claims.nonce !== pending.nonce ||
      String(claims.iss).replace(/\/$/, '') !== config.issuer.replace(/\/$/, '') ||
      !audiences.includes(config.clientId)
    ) {
      throw new Error('ID token does not match this sign-in');
    }
    signIn(sessionFrom(tokens));
  } catch {
    sessionEnded('oidc-failed');
  }
  return true;
}

/** Keeps an OIDC session going with its refresh token; without one, the official signs in again. */
export function keepOidcSessionFresh(config: Extract<AuthConfig, { mode: 'oidc' }>): void {
  onTokenExpiring(async (current) => {
    if (!current.refreshToken || !config.clientId) return undefined;
    const discovery = await discover(config.issuer);
    const tokens = await tokenRequest(config, discovery, {
      grant_type: 'refresh_token',
      refresh_token: current.refreshToken,
      client_id: config.clientId,
    });
    return sessionFrom(tokens, current);
  });
}

/** Signs out here and, where the provider offers it, at the provider (RP-initiated logout). */
export async function oidcSignOut(config: Extract<AuthConfig, { mode: 'oidc' }>): Promise<void> {
  const idToken = currentSession()?.idToken;
  sessionEnded('signed-out');
  const discovery = await discover(config.issuer).catch(() => undefined);
  if (!discovery?.end_session_endpoint) return;
  const url = new URL(discovery.end_session_endpoint);
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', redirectUri());
  if (config.clientId) url.searchParams.set('client_id', config.clientId);
  window.location.assign(url.toString());
}
