/**
 * Mints a bearer token for an official with the embedded secret (the one the service uses with
 * the same DATA_DIR / AUTH_JWT_SECRET), or, with `--link`, a one-time sign-in link that the web
 * app at `/` exchanges for such a token. Development, demos and the embedded mode only: in
 * production, people sign in at the OIDC provider.
 *
 *   npm run token -- --sub siti --name "Siti Rahayu" --agency kemendes-pdtt --roles DRAFTER,COORDINATOR [--expires 8h]
 *   npm run token -- --link [--link-valid 10m] [--url https://sepakat.example.go.id] --sub siti ...
 */
import { parseArgs } from 'node:util';
import type { SignInGrant } from '../application/ports/sign-in-codes.port';
import { isRole, ROLES, type Role } from '../domain/access/roles';
import { ConfigurationError, loadConfig, type AppConfig } from '../infrastructure/config/app-config';
import { parseDuration } from '../infrastructure/auth/duration';
import { resolveEmbeddedSecret } from '../infrastructure/auth/embedded-secret';
import { FileSignInCodes } from '../infrastructure/auth/file-sign-in-codes';
import { mintEmbeddedToken } from '../infrastructure/auth/token-minter';

const USAGE = `usage: npm run token -- --sub ID --name "FULL NAME" --agency AGENCY_ID --roles ROLE[,ROLE...] [--expires 8h]
                 [--link [--link-valid 10m] [--url BASE]]
roles: ${ROLES.join(', ')}
--link prints a one-time sign-in link for the web app instead of the token (BASE defaults to http://HOST:PORT/)`;

/** How long a sign-in link stays usable: long enough to pass it on, short enough not to linger in a chat. */
const DEFAULT_LINK_VALIDITY = '10m';
/** A link is a credential in transit: it may be given a day at most. */
const MAX_LINK_VALIDITY_MS = 24 * 3_600_000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      name: { type: 'string' },
      agency: { type: 'string' },
      roles: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      link: { type: 'boolean', default: false },
      'link-valid': { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const { sub, name, agency, roles, expires, link } = values;
  if (!sub || !agency || !roles) throw new UsageError('--sub, --agency and --roles are required');
  const roleList = roles.split(',').map((role) => role.trim().toUpperCase());
  const unknown = roleList.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new UsageError(`unknown role(s): ${unknown.join(', ')}`);
  if (parseDuration(expires) === undefined) throw new UsageError('--expires takes a duration such as 30m, 8h or 7d');
  if (!link && (values['link-valid'] !== undefined || values.url !== undefined))
    throw new UsageError('--link-valid and --url go with --link');

  const config = loadConfig(process.env);
  if (config.auth.mode !== 'embedded') {
    throw new UsageError(
      link
        ? 'AUTH_OIDC_ISSUER is set: people sign in at the identity provider; sign-in links exist in the embedded mode only'
        : 'AUTH_OIDC_ISSUER is set: tokens come from the identity provider, not from this CLI',
    );
  }
  const identity = { sub, name: name ?? sub, agency, roles: roleList as Role[] };
  if (link)
    return printSignInLink(config, { ...identity, tokenExpiresIn: expires }, values['link-valid'] ?? DEFAULT_LINK_VALIDITY, values.url);
  const secret = resolveEmbeddedSecret(config.auth.secret, config.dataDir);
  const token = await mintEmbeddedToken(secret, config.auth.claims, { ...identity, expiresIn: expires });
  process.stdout.write(`${token}\n`);
}

/**
 * Issues a one-time code into `DATA_DIR` (where the service takes it) and prints the link that
 * carries it. The code rides in the fragment (`#/masuk?kode=`): browsers never send a fragment,
 * so it reaches no server log; the web app posts it to `/auth/sign-in-links/exchange`.
 * The link goes to stdout alone (`LINK=$(npm run -s token -- --link ...)`), the note to stderr.
 */
function printSignInLink(config: AppConfig, grant: SignInGrant, validity: string, base: string | undefined): void {
  const validMs = parseDuration(validity);
  if (validMs === undefined || validMs === 0 || validMs > MAX_LINK_VALIDITY_MS) {
    throw new UsageError('--link-valid takes a duration from 1s to 24h, such as 10m or 2h');
  }
  const url = linkBase(config, base);
  const now = new Date();
  const code = new FileSignInCodes(config.dataDir).issue(grant, { now, expiresAt: new Date(now.getTime() + validMs) });
  url.hash = `/masuk?kode=${code}`;
  process.stdout.write(`${url.href}\n`);
  process.stderr.write(`Valid for ${describeValidity(validMs)}, and works once. Open it in a browser to sign in as ${grant.name}.\n`);
}

/** `--url` when given (behind a proxy), else where the service listens by the same HOST and PORT. */
function linkBase(config: AppConfig, base: string | undefined): URL {
  if (base !== undefined) {
    const url = URL.canParse(base) ? new URL(base) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw new UsageError('--url takes the address of the service, e.g. https://sepakat.example.go.id/');
    return url;
  }
  const { host, port } = config.http;
  // A service listening on every interface is reached through one of them; a browser cannot open 0.0.0.0.
  const reachable = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return new URL(`http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/`);
}

function describeValidity(ms: number): string {
  const [amount, unit] = ms % 60_000 === 0 ? [ms / 60_000, 'minute'] : [ms / 1_000, 'second'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  const message =
    error instanceof UsageError
      ? `${error.message}\n${USAGE}`
      : error instanceof ConfigurationError
        ? error.message
        : String((error as Error)?.message ?? error);
  process.stderr.write(`sepakat token: ${message}\n`);
  process.exit(2);
});
