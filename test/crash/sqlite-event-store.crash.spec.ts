import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { verifyHashChain } from '../../src/application/event-store/hash-chain';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { collect, within } from '../support/async';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

interface Ack {
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
}

/** Starts the appender, collects its acknowledgements, and SIGKILLs it once `killAfter` arrived. */
async function appendUntilKilled(filename: string, killAfter: number): Promise<Ack[]> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', require.resolve('../support/crash-appender.ts'), filename], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
  });
  const acks: Ack[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, stream, revision, id] = line.split(' ');
    if (word !== 'ack') continue;
    acks.push({ stream: stream, revision: BigInt(revision), id: id });
    if (acks.length === killAfter) child.kill('SIGKILL');
  }
  expect(await within(exited, 10_000, 'the appender to die')).toBe('SIGKILL');
  return acks;
}

describe('SqliteEventStore after a crash (SIGKILL mid-stream, synchronous=FULL)', () => {
  let directory: TemporaryDirectory;

  beforeEach(async () => {
    directory = await temporaryDirectory();
  });

  afterEach(async () => {
    await directory.remove();
  });

  it('keeps every acknowledged event, in order, with a valid hash chain', async () => {
    const filename = directory.file('events.db');
    const acks = await appendUntilKilled(filename, 400);
    expect(acks.length).toBeGreaterThanOrEqual(400);

    const store = new SqliteEventStore({ filename });
    try {
      const streams = new Map<string, Ack[]>();
      for (const ack of acks) streams.set(ack.stream, [...(streams.get(ack.stream) ?? []), ack]);
      expect(streams.size).toBeGreaterThan(1);

      for (const [stream, acked] of streams) {
        const stored = await collect(store.readStream(stream));
        // Every acknowledged event is there at its acknowledged revision; events written but not yet
        // acknowledged when the process died may follow, which is allowed.
        expect(stored.length).toBeGreaterThanOrEqual(acked.length);
        for (const ack of acked) {
          expect(stored[Number(ack.revision)]?.id).toBe(ack.id);
        }
        expect(verifyHashChain(stream, stored)).toMatchObject({ valid: true, checkedEvents: stored.length });
      }

      const all = await collect(store.readAll());
      const positions = all.map((e) => e.position);
      expect(new Set(positions).size).toBe(positions.length);
      const ackedIds = new Set(acks.map((a) => a.id));
      expect(all.filter((e) => ackedIds.has(e.id))).toHaveLength(acks.length);
    } finally {
      await store.close();
    }
  });
});
