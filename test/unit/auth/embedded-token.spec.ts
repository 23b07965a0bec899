import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { promisify } from 'node:util';
import { InvalidTokenError } from '../../../src/application/ports/token-verifier.port';
import { resolveEmbeddedSecret, SECRET_FILE } from '../../../src/infrastructure/auth/embedded-secret';
import { embeddedTokenVerifier } from '../../../src/infrastructure/auth/jose-token-verifier';
import { loadConfig } from '../../../src/infrastructure/config/app-config';
import { temporaryDirectory, type TemporaryDirectory } from '../../support/temporary-directory';

const run = promisify(execFile);
const claims = loadConfig({}).auth.claims;

describe('the embedded secret and the token CLI', () => {
  let directory: TemporaryDirectory;

  beforeEach(async () => {
    directory = await temporaryDirectory();
  });

  afterEach(async () => {
    await directory.remove();
  });

  it('generates a strong secret on first use, readable by the owner only, and reuses it', () => {
    const first = resolveEmbeddedSecret(undefined, directory.path);
    const again = resolveEmbeddedSecret(undefined, directory.path);

    expect(Buffer.from(first).toString()).toEqual(Buffer.from(again).toString());
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect(statSync(directory.file(SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(resolveEmbeddedSecret('s'.repeat(32), directory.path)).toString()).toBe('s'.repeat(32));
  });

  const cli = (args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', 'src/cli/mint-token.ts', ...args], {
      env: { ...process.env, DATA_DIR: directory.path, SWC_NODE_PROJECT: 'tsconfig.json' },
    });

  it('mints a token the service accepts, for the named official', async () => {
    const { stdout } = await cli([
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
    ]);

    const verifier = embeddedTokenVerifier(resolveEmbeddedSecret(undefined, directory.path), claims);
    expect(await verifier.verify(stdout.trim())).toEqual({
      id: 'siti',
      name: 'Siti Rahayu',
      agencyId: 'kemendes-pdtt',
      roles: ['DRAFTER', 'COORDINATOR'],
    });
    const otherSecret = embeddedTokenVerifier(new TextEncoder().encode('o'.repeat(40)), claims);
    await expect(otherSecret.verify(stdout.trim())).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses unknown roles and missing arguments', async () => {
    await expect(cli(['--sub', 'x', '--agency', 'y', '--roles', 'MINISTER'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown role(s): MINISTER'),
    });
    await expect(cli(['--sub', 'x'])).rejects.toMatchObject({ code: 2 });
  });
});
