import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { buildEventEnvelope } from '../src/application/event-store/event-envelope';
import type { NewEvent } from '../src/application/ports/event-store.port';

/** Small helpers shared by the benchmark scripts. Timing uses the monotonic clock. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The event every append benchmark writes: a signature of typical size, with a full envelope. */
export function sampleEvent(n: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'PartySigned',
    data: {
      agencyId: 'kab-barito-kuala',
      signatoryName: 'H. Noormiliyani AS',
      capacity: 'ORIGINAL',
      documentHash: 'a3f1c2'.repeat(10) + 'beef',
      n,
    },
    metadata: buildEventEnvelope({
      commandId: randomUUID(),
      actor: { id: 'u-42', name: 'Bupati Barito Kuala', agencyId: 'kab-barito-kuala', roles: ['SIGNATORY' as const] },
      workflow: { name: 'nota-kesepahaman', version: 1 },
      occurredAt: new Date('2020-03-10T03:00:00Z'),
    }),
  };
}

export interface ChildServer {
  /** The first line the script printed: its URL or connection string. */
  readonly address: string;
  /** Its resident memory now, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * Runs a server script in a process of its own (so that it does not share the load generator's
 * event loop) and waits for the first line it prints. BENCH_PROFILE writes CPU profiles to /tmp/prof2.
 */
export async function startChildServer(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof2'] : []), '-r', '@swc-node/register', script, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json', ...env },
    },
  );
  const address = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    address: address.trim(),
    rssMb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
