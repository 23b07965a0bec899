import type { Role } from '../../src/domain/access/roles';
import { resolveEmbeddedSecret } from '../../src/infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../../src/infrastructure/auth/token-minter';
import type { AppConfig } from '../../src/infrastructure/config/app-config';

export interface Official {
  readonly sub: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: readonly Role[];
}

/** The embedded secret of a running test service (generated into its DATA_DIR). */
export function secretOf(config: AppConfig): Uint8Array {
  if (config.auth.mode !== 'embedded') throw new Error('not the embedded auth mode');
  return resolveEmbeddedSecret(config.auth.secret, config.dataDir);
}

/** A valid token for an official, as `npm run token` would mint it. */
export function tokenFor(config: AppConfig, official: Official, expiresIn = '1h'): Promise<string> {
  if (config.auth.mode !== 'embedded') throw new Error('not the embedded auth mode');
  return mintEmbeddedToken(secretOf(config), config.auth.claims, { ...official, expiresIn });
}
