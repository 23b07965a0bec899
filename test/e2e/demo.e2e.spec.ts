import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('plays the motivating case on a fresh service to the end', async () => {
    const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', 'scripts/demo.ts'], {
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', DATA_DIR: '', AUTH_JWT_SECRET: '' },
      timeout: 60_000,
    });

    expect(stdout).toContain('signs for the Minister, under delegation: 200 signing');
    expect(stdout).toContain('confirms the locations for Barito Kuala (now fixed): 200 active');
    expect(stdout).toContain('locations fixed: Anjir Pasar, KTM Cahaya Baru');
    expect(stdout.match(/puts it in force: 200 active/g)).toHaveLength(2);
    expect(stdout).toContain('The motivating case completed.');
  });
});
