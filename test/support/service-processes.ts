import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The whole service in a child process (`service-process.ts`), on a free port of 127.0.0.1. */
export interface ServiceProcess {
  readonly url: string;
  readonly process: ChildProcess;
}

/** Starts the service with `env` over the test's own environment; resolves with its URL once it listens. */
export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'service-process.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`a service process exited with ${code}`)));
  });
  return { url: url.trim(), process: child };
}

/** Stops it as an orchestrator does (SIGTERM) and waits until it has exited. */
export async function stopServiceProcess(service: ServiceProcess): Promise<void> {
  if (service.process.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    service.process.once('exit', () => resolve());
    service.process.kill('SIGTERM');
  });
}
