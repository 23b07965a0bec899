/**
 * The command path at scale (issue 12): drafts plus actions spread over 10,000 agreements, not a
 * few hot ones, against the bare Fastify route that does only the same SQLite append, both at 32
 * connections, in alternating rounds of one run. The agreements are seeded into the service's data
 * folder by store appends (drafted, with a draft attached); the service projects them on start.
 * Each request takes a random agreement's next step in the cycle attach → submit → clear →
 * request changes; one request in five drafts a new agreement instead.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { derivedUuid } from '../src/application/agreements/agreement-stream';
import { resolveEmbeddedSecret } from '../src/infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../src/infrastructure/auth/token-minter';
import { loadConfig } from '../src/infrastructure/config/app-config';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { agreementEvents } from '../test/support/domain/generated-agreements';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { baseline, type Measurement } from './command-path.bench';
import { markdownTable, median, startChildServer } from './support';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 2);
const AGREEMENTS = Number(process.env.BENCH_SCALE_AGREEMENTS ?? 10_000);

const hex = () => randomBytes(32).toString('hex');

async function seeded(): Promise<{ path: string; ids: string[]; remove(): Promise<void> }> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
  const ids: string[] = [];
  for (let n = 0; n < AGREEMENTS; n += 1) {
    const id = derivedUuid('bench-scale', String(n));
    // Drafted between Kemendes PDTT and Pemkab Barito Kuala, with a draft attached.
    await store.append(`agreement-${id}`, agreementEvents(id, 2), { expectedRevision: 'no_stream' });
    ids.push(id);
  }
  await store.close();
  return { path: directory.path, ids, remove: () => directory.remove() };
}

async function service(data: { path: string; ids: string[] }): Promise<Measurement & { refusals: Map<string, number> }> {
  const server = await startChildServer('bench/servers/service-server.ts', [data.path]);
  try {
    const config = loadConfig({ DATA_DIR: data.path });
    const secret = resolveEmbeddedSecret(undefined, data.path);
    const token = async (sub: string, agency: string, roles: Array<'DRAFTER' | 'COORDINATOR' | 'REVIEWER'>) =>
      `Bearer ${await mintEmbeddedToken(secret, config.auth.claims, { sub, name: sub, agency, roles, expiresIn: '1h' })}`;
    const drafter = await token('blm-1', 'kemendes-pdtt', ['DRAFTER', 'COORDINATOR']);
    const kemendesReviewer = await token('prog-1', 'kemendes-pdtt', ['REVIEWER']);
    const baritoReviewer = await token('bappeda-1', 'pemkab-barito-kuala', ['REVIEWER']);
    // Wait for the projection to have taken in the seeded agreements (the service starts serving at once).
    for (;;) {
      const health = (await (await fetch(`${server.address}/health`)).json()) as { info?: { projections?: { runner?: string } } };
      if (health.info?.projections?.runner === 'live') break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    type Step = { name: string; authorization: string; body: (hash: string) => object };
    const cycle: Step[] = [
      { name: 'attach-document', authorization: drafter, body: (hash) => ({ type: 'DRAFT', sha256: hash, name: 'draft.pdf' }) },
      { name: 'submit-for-review', authorization: drafter, body: () => ({}) },
      { name: 'approve-review', authorization: kemendesReviewer, body: (hash) => ({ documentHash: hash }) },
      { name: 'request-changes', authorization: baritoReviewer, body: () => ({ reason: 'Pasal 5 perlu diperjelas' }) },
    ];
    // Each agreement's place in the cycle and its current draft; an agreement in flight is not picked again.
    const step = new Map<string, number>();
    const hashes = new Map<string, string>();
    const busy = new Set<string>();
    const refusals = new Map<string, number>();
    let drafts = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: server.address,
          connections: CONNECTIONS,
          duration: SECONDS,
          requests: [
            {
              method: 'POST',
              setupRequest: (request: autocannon.Request, context: object) => {
                const c = context as { id?: string };
                c.id = undefined;
                if (Math.random() < 0.2) {
                  drafts += 1;
                  return {
                    ...request,
                    path: '/agreements',
                    headers: { authorization: drafter, 'content-type': 'application/json' },
                    body: JSON.stringify({
                      kind: 'NOTA_KESEPAHAMAN',
                      title: `Kerja sama ${drafts}`,
                      parties: [
                        { agencyId: 'kemendes-pdtt', name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
                        { agencyId: 'pemkab-barito-kuala', name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
                      ],
                      term: { startDate: '2025-01-01', endDate: '2029-12-31' },
                    }),
                  };
                }
                let id: string;
                do id = data.ids[Math.floor(Math.random() * data.ids.length)]!;
                while (busy.has(id));
                busy.add(id);
                c.id = id;
                const at = step.get(id) ?? 0;
                const next = cycle[at % cycle.length];
                if (next.name === 'attach-document') hashes.set(id, hex());
                // The seeded draft's hash is unknown here: the cycle starts by attaching a new one.
                return {
                  ...request,
                  path: `/agreements/${id}/actions/${next.name}`,
                  headers: { authorization: next.authorization, 'content-type': 'application/json' },
                  body: JSON.stringify(next.body(hashes.get(id) ?? hex())),
                };
              },
              onResponse: (status: number, body: string, context: object) => {
                const id = (context as { id?: string }).id;
                if (id !== undefined) {
                  busy.delete(id);
                  if (status < 300) step.set(id, (step.get(id) ?? 0) + 1);
                }
                if (status >= 300) {
                  const key = `${status} ${body.slice(0, 120)}`;
                  refusals.set(key, (refusals.get(key) ?? 0) + 1);
                }
              },
            },
          ] as autocannon.Request[],
        },
        (error: Error | null, outcome) => (error ? reject(error) : resolve(outcome)),
      );
    });
    return {
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
      refusals,
    };
  } finally {
    await server.stop();
  }
}

export async function benchCommandsAtScale(): Promise<string> {
  const bare: Measurement[] = [];
  const full: Array<Measurement & { refusals: Map<string, number> }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    bare.push(await baseline());
    const data = await seeded();
    try {
      full.push(await service(data));
    } finally {
      await data.remove();
    }
  }
  const row = (name: string, runs: Measurement[]) => [
    name,
    `${Math.round(median(runs.map((r) => r.requestsPerSecond)))}/s`,
    `${median(runs.map((r) => r.p50)).toFixed(1)} ms`,
    `${median(runs.map((r) => r.p99)).toFixed(1)} ms`,
    String(runs.reduce((sum, r) => sum + r.failures, 0)),
  ];
  const ratio = median(full.map((r, i) => r.requestsPerSecond / bare[i].requestsPerSecond));
  const refusals = new Map<string, number>();
  for (const run of full) for (const [key, count] of run.refusals) refusals.set(key, (refusals.get(key) ?? 0) + count);
  return [
    markdownTable(
      ['32 connections, SQLite FULL', 'throughput', 'p50', 'p99', 'non-2xx/errors'],
      [row('bare Fastify + append', bare), row(`sepakat: drafts + actions over ${AGREEMENTS.toLocaleString('en-US')} agreements`, full)],
    ),
    '',
    `Command path at scale / bare append throughput: **${ratio.toFixed(2)}×** (median of ${ROUNDS} alternating rounds of ${SECONDS} s).`,
    ...(refusals.size > 0 ? ['', `Refusals: ${[...refusals].map(([key, count]) => `${count} × ${key}`).join('; ')}`] : []),
  ].join('\n');
}
