/**
 * The read side at size (issue 12): 10,000 and 100,000 agreements seeded straight into the store
 * (appends, not HTTP) and projected by a rebuild, then the reads of a user's path measured over
 * HTTP against the service on that data, on SQLite and on PostgreSQL: p50/p99 of each, as a ratio
 * to `GET /me` (the same token check and routing, no read model) measured in the same run, and how
 * each grows from 10,000 to 100,000.
 *
 * The agreements are the lives of a few hundred MoUs decided at random by the real decider
 * (test/support/domain/random-agreements.ts), stamped between Kemendes PDTT and one of 300
 * regencies: Kemendes is a party to every one of them (the worst case for its inbox and lists).
 */
import { sql, type Kysely } from 'kysely';
import { derivedUuid } from '../src/application/agreements/agreement-stream';
import type { NewEvent } from '../src/application/ports/event-store.port';
import { resolveEmbeddedSecret } from '../src/infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../src/infrastructure/auth/token-minter';
import { loadConfig } from '../src/infrastructure/config/app-config';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { ProjectionRunner } from '../src/infrastructure/projections/projection-runner';
import { openReadModelDatabase, type ReadModelLocation } from '../src/infrastructure/read-models/read-model-database';
import { agreementsProjection, agreementsProjectionVersion } from '../src/projections/agreements/agreements.projection';
import type { AgreementsTablesV2 } from '../src/projections/agreements/agreements.tables';
import type { Role } from '../src/domain/access/roles';
import { randomAgreementLife, seededRandom, toNewEvents, type GeneratedEvent } from '../test/support/domain/random-agreements';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../test/support/postgres';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { markdownTable, nowMs, startChildServer } from './support';

const SIZES = (process.env.BENCH_READ_SIZES ?? '10000,100000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_READ_SAMPLES ?? 300);
const TEMPLATES = 400;
const REGENCIES = 300;
const TEMPLATE_ID = '00000000-0000-4000-8000-000000000000';
const TEMPLATE_REGENCY = 'pemkab-template';

/** Lives to stamp: decided once by the real decider, between Kemendes and a placeholder regency. */
function templates(): GeneratedEvent[][] {
  const random = seededRandom(12);
  const parties = [
    { agencyId: 'kemendes-pdtt', name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi' },
    { agencyId: TEMPLATE_REGENCY, name: 'Pemerintah Kabupaten Templat' },
  ];
  return Array.from({ length: TEMPLATES }, () => randomAgreementLife(TEMPLATE_ID, random, new Date('2024-01-01T00:00:00Z'), 30, parties));
}

/** One agreement's events: a template with its own id, regency and title word. */
function stamped(template: GeneratedEvent[], n: number): { id: string; events: NewEvent[] } {
  const id = derivedUuid('bench-read-side', String(n));
  const regency = `pemkab-${String(n % REGENCIES).padStart(3, '0')}`;
  const text = JSON.stringify(template)
    .replaceAll(TEMPLATE_ID, id)
    .replaceAll(TEMPLATE_REGENCY, regency)
    .replaceAll('Templat', `Nomor ${n % REGENCIES}`);
  const life = (JSON.parse(text) as Array<GeneratedEvent & { at: string }>).map((event) => ({ ...event, at: new Date(event.at) }));
  return { id, events: toNewEvents(id, life) };
}

interface Seeded {
  readonly events: number;
  readonly appendSeconds: number;
  readonly head: bigint;
  /** Ids of some agreements, to read in detail. */
  readonly sample: string[];
}

export async function seed(store: SqliteEventStore, size: number): Promise<Seeded> {
  const lives = templates();
  const started = nowMs();
  let events = 0;
  let head = 0n;
  const sample: string[] = [];
  for (let n = 0; n < size; n += 1) {
    const { id, events: stream } = stamped(lives[n % lives.length], n);
    head = (await store.append(`agreement-${id}`, stream, { expectedRevision: 'no_stream' })).position;
    events += stream.length;
    if (n % Math.ceil(size / 200) === 0) sample.push(id);
  }
  return { events, appendSeconds: (nowMs() - started) / 1000, head, sample };
}

export async function rebuild(
  store: SqliteEventStore,
  location: ReadModelLocation,
  head: bigint,
  projection = agreementsProjection,
): Promise<number> {
  const db = await openReadModelDatabase<AgreementsTablesV2>(location);
  try {
    const started = nowMs();
    const runner = new ProjectionRunner(store, db, projection, { batchSize: 1000 });
    await runner.start();
    await runner.waitFor(head);
    const seconds = (nowMs() - started) / 1000;
    await runner.stop();
    // Reads are measured in the steady state that autovacuum reaches some minutes after a bulk
    // load: statistics gathered and the visibility map set (index-only scans skip the heap).
    if (location.kind === 'postgres') await sql`VACUUM ANALYZE`.execute(db);
    return seconds;
  } finally {
    await (db as Kysely<unknown>).destroy();
  }
}

interface Latency {
  readonly p50: number;
  readonly p99: number;
}

/** Sequential requests (one connection, keep-alive): each path's latency as a user sees it. */
async function latency(url: string, authorization: string, paths: () => string): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES + 20; i += 1) {
    const started = nowMs();
    const response = await fetch(`${url}${paths()}`, { headers: { authorization } });
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`${paths()} answered ${response.status}: ${Buffer.from(body).toString().slice(0, 200)}`);
    if (i >= 20) times.push(nowMs() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length * 0.5)], p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] };
}

type Reads = Map<string, Latency>;

async function measureReads(dataDir: string, env: Record<string, string>, sample: string[]): Promise<Reads> {
  const server = await startChildServer('bench/servers/service-server.ts', [dataDir], env);
  try {
    const config = loadConfig({ DATA_DIR: dataDir });
    const secret = resolveEmbeddedSecret(undefined, dataDir);
    const token = async (agency: string, ...roles: Role[]) =>
      `Bearer ${await mintEmbeddedToken(secret, config.auth.claims, { sub: `${agency}-${roles.join('-')}`, name: 'Pejabat', agency, roles, expiresIn: '1h' })}`;
    const kemendesReviewer = await token('kemendes-pdtt', 'REVIEWER');
    const kemendesCoordinator = await token('kemendes-pdtt', 'COORDINATOR', 'SIGNATORY', 'RECORDS_OFFICER');
    const regency = await token('pemkab-007', 'COORDINATOR');
    const auditor = await token('itjen-kemendes-pdtt', 'AUDITOR');
    let n = 0;
    const pick = () => sample[(n += 1) % sample.length];
    const secondPage = (
      (await (await fetch(`${server.address}/agreements?limit=50`, { headers: { authorization: auditor } })).json()) as { next: string }
    ).next;
    const reads: Array<[string, string, () => string]> = [
      ['GET /me (baseline: token, routing, no read model)', auditor, () => '/me'],
      ['GET /inbox (Kemendes reviewer, party to all)', kemendesReviewer, () => '/inbox'],
      ['GET /inbox (Kemendes coordinator + signatory + records)', kemendesCoordinator, () => '/inbox'],
      ['GET /inbox/counts (Kemendes coordinator + …)', kemendesCoordinator, () => '/inbox/counts'],
      ['GET /agreements?limit=50 (Kemendes official)', kemendesCoordinator, () => '/agreements?limit=50'],
      ['GET /agreements?limit=50&state=active (Kemendes official)', kemendesCoordinator, () => '/agreements?limit=50&state=active'],
      ['GET /agreements?limit=50 (a regency official)', regency, () => '/agreements?limit=50'],
      ['GET /agreements?limit=50 (auditor)', auditor, () => '/agreements?limit=50'],
      ['GET /agreements?limit=50&after=… (auditor, page 2)', auditor, () => `/agreements?limit=50&after=${secondPage}`],
      ['GET /agreements?q=<one agreement’s word> (auditor)', auditor, () => `/agreements?q=${pick().slice(0, 4)}`],
      ['GET /agreements?q=kawasan+terpadu (common words; auditor)', auditor, () => '/agreements?q=kawasan+terpadu&limit=50'],
      ['GET /agreements?q=desa (a word in most; Kemendes official)', kemendesCoordinator, () => '/agreements?q=desa&limit=50'],
      ['GET /dashboard/summary (auditor)', auditor, () => '/dashboard/summary'],
      ['GET /dashboard/summary (Kemendes official)', kemendesCoordinator, () => '/dashboard/summary'],
      ['GET /agreements/:id (auditor)', auditor, () => `/agreements/${pick()}`],
    ];
    const measured: Reads = new Map();
    for (const [name, authorization, path] of reads) measured.set(name, await latency(server.address, authorization, path));
    return measured;
  } finally {
    await server.stop();
  }
}

/** Seeding and one SQLite rebuild of the first size only (bench/profile-rebuild.ts). */
export async function seedAndRebuildOnce(): Promise<string> {
  const directory = await temporaryDirectory('sepakat-bench-');
  try {
    const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
    const seeded = await seed(store, SIZES[0]);
    let started = nowMs();
    for await (const _event of store.readAll()) void _event;
    const read = (nowMs() - started) / 1000;
    started = nowMs();
    const session = process.env.BENCH_PROFILE_REBUILD ? await startProfile() : undefined;
    const seconds = await rebuild(store, { kind: 'sqlite', filename: directory.file('read-models.db') }, seeded.head);
    if (session) await session.stop(process.env.BENCH_PROFILE_REBUILD!);
    const v1 = await rebuild(
      store,
      { kind: 'sqlite', filename: directory.file('read-models-v1.db') },
      seeded.head,
      agreementsProjectionVersion(1),
    );
    await store.close();
    return `${seeded.events} events: plain read ${read.toFixed(2)} s; v2 rebuilt in ${seconds.toFixed(2)} s (${Math.round(seeded.events / seconds)} events/s); v1 in ${v1.toFixed(2)} s (${Math.round(seeded.events / v1)} events/s)`;
  } finally {
    await directory.remove();
  }
}

/** A CPU profile of what runs until `stop(file)`, for BENCH_PROFILE_REBUILD. */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

interface SizeResult {
  readonly size: number;
  readonly seeded: Seeded;
  readonly sqliteRebuild: number;
  readonly pgRebuild: number | string;
  readonly plainRead: number;
  readonly sqlite: Reads;
  readonly postgres: Reads | string;
}

export async function benchReadSide(): Promise<string> {
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    const directory = await temporaryDirectory('sepakat-bench-');
    const schema = freshSchemaName();
    try {
      const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
      const seeded = await seed(store, size);
      const started = nowMs();
      for await (const _event of store.readAll()) void _event;
      const plainRead = (nowMs() - started) / 1000;
      const sqliteRebuild = await rebuild(store, { kind: 'sqlite', filename: directory.file('read-models.db') }, seeded.head);
      let pgRebuild: number | string;
      try {
        pgRebuild = await rebuild(store, { kind: 'postgres', url: TEST_POSTGRES_URL, schema }, seeded.head);
      } catch (error) {
        pgRebuild = `not measured: ${(error as Error).message}`;
      }
      await store.close();
      const sqlite = await measureReads(directory.path, {}, seeded.sample);
      const postgres =
        typeof pgRebuild === 'number'
          ? await measureReads(directory.path, { READ_MODEL_URL: TEST_POSTGRES_URL, READ_MODEL_SCHEMA: schema }, seeded.sample)
          : pgRebuild;
      results.push({ size, seeded, sqliteRebuild, pgRebuild, plainRead, sqlite, postgres });
    } finally {
      await dropSchema(schema).catch(() => undefined);
      await directory.remove();
    }
  }
  return report(results);
}

function report(results: readonly SizeResult[]): string {
  const out: string[] = [];
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  out.push(
    markdownTable(
      ['agreements', 'events', 'seeding (store appends)', 'rebuild into SQLite', 'rebuild into PostgreSQL', 'SQLite rebuild vs plain read'],
      results.map(({ size, seeded, sqliteRebuild, pgRebuild, plainRead }) => [
        size.toLocaleString('en-US'),
        seeded.events.toLocaleString('en-US'),
        `${seeded.appendSeconds.toFixed(1)} s`,
        `${sqliteRebuild.toFixed(1)} s (**${Math.round(seeded.events / sqliteRebuild).toLocaleString('en-US')} events/s**)`,
        typeof pgRebuild === 'number'
          ? `${pgRebuild.toFixed(1)} s (${Math.round(seeded.events / pgRebuild).toLocaleString('en-US')} events/s)`
          : pgRebuild,
        `${(sqliteRebuild / plainRead).toFixed(1)}×`,
      ]),
    ),
  );
  for (const database of ['sqlite', 'postgres'] as const) {
    const first = results[0];
    const byDatabase = results.map((result) => result[database]);
    if (byDatabase.some((reads) => typeof reads === 'string')) {
      out.push('', `${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: ${String(byDatabase.find((reads) => typeof reads === 'string'))}`);
      continue;
    }
    const reads = byDatabase as Reads[];
    const names = [...reads[0].keys()];
    const header = [
      'read (p50 / p99)',
      ...results.map((result) => `${result.size.toLocaleString('en-US')}`),
      ...(results.length > 1 ? [`p99 ${results.at(-1)!.size / first.size}× size`] : []),
      'p50 vs /me (largest)',
    ];
    const baseline = reads.at(-1)!.get(names[0])!.p50;
    out.push(
      '',
      `**${database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} read model**, ${SAMPLES} sequential requests each (one connection, keep-alive):`,
      '',
      markdownTable(
        header,
        names.map((name) => [
          name,
          ...reads.map((byName) => `${ms(byName.get(name)!.p50)} / ${ms(byName.get(name)!.p99)}`),
          ...(reads.length > 1 ? [`${(reads.at(-1)!.get(name)!.p99 / reads[0].get(name)!.p99).toFixed(2)}×`] : []),
          `${(reads.at(-1)!.get(name)!.p50 / baseline).toFixed(1)}×`,
        ]),
      ),
    );
  }
  return out.join('\n');
}
