import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm run demo', () => {
  it('plays the motivating case on a fresh service to the end', async () => {
    const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', 'scripts/demo.ts'], {
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', DATA_DIR: '', AUTH_JWT_SECRET: '' },
      timeout: 60_000,
    });

    expect(stdout).toContain('records the DPRD decision of Barito Kuala: 200 readyToSign');
    expect(stdout).toContain('signs for the Minister, under the recorded delegation KEPMEN-45/2020: 200 signing');
    expect(stdout.match(/as a unit of Kemendes PDTT: 201 drafting/g)).toHaveLength(2);
    expect(stdout.match(/signs under the recorded surat kuasa of the Bupati: 200 executed/g)).toHaveLength(2);
    expect(stdout.match(/rights and delegations: 200 valid, \d+ events checked/g)).toHaveLength(3);
    expect(stdout).toContain('confirms the locations for Barito Kuala (now fixed): 200 active');
    expect(stdout).toContain('locations fixed: Anjir Pasar, KTM Cahaya Baru');
    expect(stdout.match(/puts it in force: 200 active/g)).toHaveLength(2);
    expect(stdout).toContain('The motivating case completed.');
  });
});
