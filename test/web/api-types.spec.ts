import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe("the web app's typed API client", () => {
  it('is generated from the OpenAPI document the service serves now (npm run api:types)', () => {
    // In its own process: openapi-typescript's dependencies are ES modules that Jest's CommonJS runtime cannot load.
    const check = spawnSync(process.execPath, ['-r', '@swc-node/register', 'scripts/generate-api-types.ts', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });

    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
