/**
 * Mints a bearer token for an official with the embedded secret (the one the service uses with
 * the same DATA_DIR / AUTH_JWT_SECRET). Development and demos only: in production, tokens come
 * from the OIDC provider.
 *
 *   npm run token -- --sub siti --name "Siti Rahayu" --agency kemendes-pdtt --roles DRAFTER,COORDINATOR [--expires 8h]
 */
import { parseArgs } from 'node:util';
import { isRole, ROLES, type Role } from '../domain/access/roles';
import { ConfigurationError, loadConfig } from '../infrastructure/config/app-config';
import { resolveEmbeddedSecret } from '../infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../infrastructure/auth/token-minter';

const USAGE = `usage: npm run token -- --sub ID --name "FULL NAME" --agency AGENCY_ID --roles ROLE[,ROLE...] [--expires 8h]
roles: ${ROLES.join(', ')}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sub: { type: 'string' },
      name: { type: 'string' },
      agency: { type: 'string' },
      roles: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const { sub, name, agency, roles, expires } = values;
  if (!sub || !agency || !roles) throw new UsageError('--sub, --agency and --roles are required');
  const roleList = roles.split(',').map((role) => role.trim().toUpperCase());
  const unknown = roleList.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new UsageError(`unknown role(s): ${unknown.join(', ')}`);
  if (!/^\d+\s*(s|m|h|d|w)$/.test(expires!)) throw new UsageError('--expires takes a duration such as 30m, 8h or 7d');

  const config = loadConfig(process.env);
  if (config.auth.mode !== 'embedded') {
    throw new UsageError('AUTH_OIDC_ISSUER is set: tokens come from the identity provider, not from this CLI');
  }
  const secret = resolveEmbeddedSecret(config.auth.secret, config.dataDir);
  const token = await mintEmbeddedToken(secret, config.auth.claims, {
    sub,
    name: name ?? sub,
    agency,
    roles: roleList as Role[],
    expiresIn: expires!,
  });
  process.stdout.write(`${token}\n`);
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  const message = error instanceof UsageError ? `${error.message}\n${USAGE}` : error instanceof ConfigurationError ? error.message : String((error as Error)?.message ?? error);
  process.stderr.write(`sepakat token: ${message}\n`);
  process.exit(2);
});
