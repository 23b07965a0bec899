/**
 * The EventStoreDB adapter over gRPC: `EsdbEventStore` (our adapter and `@eventstore/db-client`)
 * against the wire-level test server in a process of its own, beside the embedded SQLite store
 * (synchronous=FULL) doing the same work in the same run. It measures the adapter and the client,
 * not EventStoreDB: the test server keeps events in memory and does no disk I/O.
 */
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../src/application/ports/event-store.port';
import { EsdbEventStore } from '../src/infrastructure/event-store/eventstoredb/esdb-event-store';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { formatRate, markdownTable, median, nowMs, sampleEvent, startChildServer } from './support';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 1500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const READ_EVENTS = Number(process.env.BENCH_ESDB_READ_EVENTS ?? 20_000);

/** Single-event appends from `appenders` concurrent writers, each on a stream of its own, for ROUND_MS. */
async function appendRate(store: EventStore, appenders: number): Promise<number> {
  let written = 0;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: appenders }, async () => {
      const stream = `agreement-${randomUUID()}`;
      let revision: bigint | 'no_stream' = 'no_stream';
      while (nowMs() - started < ROUND_MS) {
        revision = (await store.append(stream, [sampleEvent(written)], { expectedRevision: revision })).nextRevision;
        written += 1;
      }
    }),
  );
  return written / ((nowMs() - started) / 1000);
}

/** Reads READ_EVENTS events of one stream back, then the same through $all. */
async function readRates(store: EventStore): Promise<{ stream: number; all: number }> {
  const stream = `agreement-${randomUUID()}`;
  let revision: bigint | 'no_stream' = 'no_stream';
  for (let n = 0; n < READ_EVENTS; n += 500) {
    revision = (
      await store.append(
        stream,
        Array.from({ length: 500 }, (_, i) => sampleEvent(n + i)),
        { expectedRevision: revision },
      )
    ).nextRevision;
  }
  let started = nowMs();
  let count = 0;
  for await (const _ of store.readStream(stream)) count += 1;
  const streamRate = count / ((nowMs() - started) / 1000);
  started = nowMs();
  count = 0;
  for await (const _ of store.readAll({ filter: { streamPrefixes: [stream] } })) count += 1;
  return { stream: streamRate, all: count / ((nowMs() - started) / 1000) };
}

export async function benchEsdbAdapter(): Promise<string> {
  const server = await startChildServer('bench/servers/esdb-test-server.ts');
  const directory = await temporaryDirectory('sepakat-bench-');
  const esdb = new EsdbEventStore({ connectionString: server.address });
  const sqlite = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'full' });
  try {
    const rows: string[][] = [];
    for (const appenders of [1, 16]) {
      const ours: number[] = [];
      const embedded: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        embedded.push(await appendRate(sqlite, appenders));
        ours.push(await appendRate(esdb, appenders));
      }
      const ratio = median(ours.map((rate, i) => rate / embedded[i]));
      rows.push([
        `append, ${appenders} appender${appenders > 1 ? 's' : ''}`,
        formatRate(median(embedded)),
        formatRate(median(ours)),
        `${ratio.toFixed(2)}×`,
      ]);
    }
    const embeddedReads = await readRates(sqlite);
    const esdbReads = await readRates(esdb);
    rows.push([
      `readStream, ${READ_EVENTS} events`,
      formatRate(embeddedReads.stream),
      formatRate(esdbReads.stream),
      `${(esdbReads.stream / embeddedReads.stream).toFixed(2)}×`,
    ]);
    rows.push([
      `readAll (prefix filter), ${READ_EVENTS} events`,
      formatRate(embeddedReads.all),
      formatRate(esdbReads.all),
      `${(esdbReads.all / embeddedReads.all).toFixed(2)}×`,
    ]);
    return [
      markdownTable(['work', 'SQLite store (FULL)', 'EsdbEventStore → test server', 'EventStoreDB adapter / SQLite'], rows),
      '',
      `Median of ${ROUNDS} alternating rounds of ${ROUND_MS} ms for appends. Each EventStoreDB append to an existing stream is two round trips: read the tail to chain the hash, then append at that exact revision (see BENCHMARKS.md for why the tail is not cached).`,
    ].join('\n');
  } finally {
    await esdb.close();
    await sqlite.close();
    await server.stop();
    await directory.remove();
  }
}
