/**
 * Embedded append throughput: `SqliteEventStore.append` (single-event appends from 1, 16 and 64
 * concurrent appenders) against raw better-sqlite3 inserts of the same rows into the same table,
 * one row per transaction, at the same `synchronous` setting. Rounds alternate baseline and
 * candidate and the median ratio is reported, because the machine is shared and noisy.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { GENESIS_HASH, sealEvents } from '../src/application/event-store/hash-chain';
import { EVENTS_SCHEMA } from '../src/infrastructure/event-store/sqlite/sqlite-event-schema';
import { SqliteEventStore, type SqliteSynchronous } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { formatRate, markdownTable, median, nowMs, sampleEvent } from './support';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Both sides run this long before measuring, so the WAL has been checkpointed and reused at least once (steady state). */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 2500);
const CONCURRENCY = (process.env.BENCH_APPENDERS ?? '1,16,64').split(',').map(Number);

function pragmas(db: Database.Database, synchronous: SqliteSynchronous): void {
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
}

/** Raw inserts of fully prepared rows (sealed, serialised): the ceiling the store is measured against. */
function rawInsertRate(filename: string, synchronous: SqliteSynchronous): number {
  const db = new Database(filename);
  pragmas(db, synchronous);
  db.exec(EVENTS_SCHEMA);
  const insert = db.prepare(
    'INSERT INTO events (id, stream, revision, type, data, metadata, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const stream = `agreement-${randomUUID()}`;
  const rows = sealEvents(
    stream,
    0n,
    GENESIS_HASH,
    Array.from({ length: 60_000 }, (_, n) => sampleEvent(n)),
  ).map((e) => {
    const { prevHash, hash, ...metadata } = e.metadata;
    return [
      e.id,
      stream,
      Number(e.revision),
      e.type,
      JSON.stringify(e.data),
      JSON.stringify(metadata),
      prevHash,
      hash,
      new Date().toISOString(),
    ] as const;
  });
  let next = 0;
  const warmupEnds = nowMs() + WARMUP_MS;
  // Warm up on at most half the rows, so that a fast disk still leaves rows to measure.
  while (next < rows.length / 2 && nowMs() < warmupEnds) insert.run(...rows[next++]);
  const started = nowMs();
  let written = 0;
  while (next < rows.length && nowMs() - started < ROUND_MS) {
    insert.run(...rows[next++]);
    written += 1;
  }
  const rate = written / ((nowMs() - started) / 1000);
  db.close();
  return rate;
}

async function storeAppendRate(filename: string, synchronous: SqliteSynchronous, appenders: number): Promise<number> {
  const store = new SqliteEventStore({ filename, synchronous });
  const events = Array.from({ length: 4096 }, (_, n) => sampleEvent(n));
  let written = 0;
  let started = nowMs();
  const measuringFrom = started + WARMUP_MS;
  let measuring = false;
  await Promise.all(
    Array.from({ length: appenders }, async () => {
      const stream = `agreement-${randomUUID()}`;
      let expected: bigint | 'no_stream' = 'no_stream';
      for (;;) {
        const now = nowMs();
        if (!measuring && now >= measuringFrom) {
          measuring = true;
          started = now;
          written = 0;
        }
        if (measuring && now - started >= ROUND_MS) return;
        const template = events[written % events.length];
        const result = await store.append(stream, [{ ...template, id: randomUUID() }], { expectedRevision: expected });
        expected = result.nextRevision;
        written += 1;
      }
    }),
  );
  const rate = written / ((nowMs() - started) / 1000);
  await store.close();
  return rate;
}

export interface AppendBenchRow {
  synchronous: SqliteSynchronous;
  appenders: number;
  raw: number;
  store: number;
  ratio: number;
}

export async function benchEventStoreAppend(): Promise<{ rows: AppendBenchRow[]; markdown: string }> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const rows: AppendBenchRow[] = [];
  let file = 0;
  const fresh = () => directory.file(`events-${(file += 1)}.db`);
  try {
    for (const synchronous of ['full', 'normal'] as const) {
      const samples = new Map<number, { raw: number[]; store: number[]; ratio: number[] }>();
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const appenders of CONCURRENCY) {
          const raw = rawInsertRate(fresh(), synchronous);
          const store = await storeAppendRate(fresh(), synchronous, appenders);
          const entry = samples.get(appenders) ?? { raw: [], store: [], ratio: [] };
          entry.raw.push(raw);
          entry.store.push(store);
          entry.ratio.push(store / raw);
          samples.set(appenders, entry);
        }
      }
      for (const appenders of CONCURRENCY) {
        const entry = samples.get(appenders)!;
        rows.push({ synchronous, appenders, raw: median(entry.raw), store: median(entry.store), ratio: median(entry.ratio) });
      }
    }
  } finally {
    await directory.remove();
  }
  const fullOne = rows.find((r) => r.synchronous === 'full' && r.appenders === 1)!.store;
  const markdown = markdownTable(
    ['synchronous', 'appenders', 'raw better-sqlite3 (1 row/commit)', 'SqliteEventStore.append', 'ratio to raw', 'vs 1 appender'],
    rows.map((r) => [
      r.synchronous.toUpperCase(),
      String(r.appenders),
      formatRate(r.raw),
      formatRate(r.store),
      `${r.ratio.toFixed(2)}×`,
      r.synchronous === 'full' ? `${(r.store / fullOne).toFixed(1)}×` : '',
    ]),
  );
  return { rows, markdown };
}
