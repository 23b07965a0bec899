/**
 * The command path over HTTP (token check, DTO validation, load, decide, append) against a bare
 * Fastify route that does only the same SQLite append, both at 32 connections, measured in the same
 * run with autocannon. Each server runs in its own process so that the load generator does not
 * share its event loop. A mix of actions: attach a draft, submit, clear, request changes, on one
 * agreement per connection (the cycle is valid forever, so every request appends one event).
 */
import { request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { buildEventEnvelope } from '../src/application/event-store/event-envelope';
import { resolveEmbeddedSecret } from '../src/infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../src/infrastructure/auth/token-minter';
import { loadConfig } from '../src/infrastructure/config/app-config';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { markdownTable, median, startChildServer } from './support';

const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_HTTP_ROUNDS ?? 2);

export interface Measurement {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
  /** Append → SSE delivery lags in ms (only for the service), one per event both sides saw. */
  readonly sseLags?: number[];
  /** Acknowledged events that never arrived on the dashboard's stream. */
  readonly sseMissing?: number;
}

/**
 * A dashboard on GET /events during the load: when each event position arrived as an SSE frame.
 * Compared with when the command that appended it was acknowledged, that is the append → SSE lag.
 */
function sseProbe(url: string, authorization: string): { received: Map<string, number>; close(): void } {
  const received = new Map<string, number>();
  const request = httpRequest(`${url}/events`, { headers: { authorization, accept: 'text/event-stream' } }, (response) => {
    response.setEncoding('utf8');
    let pending = '';
    response.on('data', (chunk: string) => {
      const now = performance.now();
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\n\n')) >= 0) {
        const frame = pending.slice(0, end);
        pending = pending.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(frame)?.[1];
        if (id) received.set(id, now);
      }
    });
  });
  request.on('error', () => undefined);
  request.end();
  return { received, close: () => request.destroy() };
}

function measure(options: autocannon.Options): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: SECONDS, ...options }, (error: Error | null, result) => {
      if (error) return reject(error);
      resolve({
        requestsPerSecond: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        failures: result.non2xx + result.errors + result.timeouts,
      });
    });
  });
}

const hex = () => randomBytes(32).toString('hex');
/** Refusals seen under load, by action, status and problem, so a failing run explains itself. */
export const failures = new Map<string, number>();
const metadata = buildEventEnvelope({
  commandId: '6b1d6f2e-0c8f-4c39-9d0e-1f5a0b7c9e21',
  actor: { id: 'blm-1', name: 'Staf BLM Banjarmasin', agencyId: 'kemendes-pdtt', roles: ['DRAFTER', 'COORDINATOR'] },
  workflow: { name: 'nota-kesepahaman', version: 1 },
  occurredAt: new Date(),
});

export async function baseline(): Promise<Measurement> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const server = await startChildServer('bench/servers/bare-append-server.ts', [directory.file('events.db')]);
  try {
    let next = 0;
    return await measure({
      url: server.address,
      requests: [
        {
          method: 'POST',
          setupRequest: (request: autocannon.Request, context: object) => {
            (context as { stream?: string }).stream ??= `bench-${(next += 1)}`;
            return {
              ...request,
              path: `/append/${String((context as { stream?: string }).stream)}`,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({
                type: 'DocumentAttached',
                data: { documentType: 'DRAFT', sha256: hex(), name: 'draft.pdf' },
                metadata,
              }),
            };
          },
        },
      ],
    });
  } finally {
    await server.stop();
    await directory.remove();
  }
}

async function service(withDashboard = false): Promise<Measurement> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const server = await startChildServer('bench/servers/service-server.ts', [directory.path]);
  try {
    const config = loadConfig({ DATA_DIR: directory.path });
    const secret = resolveEmbeddedSecret(undefined, directory.path);
    const token = async (sub: string, agency: string, roles: ('DRAFTER' | 'COORDINATOR' | 'REVIEWER')[]) =>
      `Bearer ${await mintEmbeddedToken(secret, config.auth.claims, { sub, name: sub, agency, roles, expiresIn: '1h' })}`;
    const drafter = await token('blm-1', 'kemendes-pdtt', ['DRAFTER', 'COORDINATOR']);
    const kemendesReviewer = await token('prog-1', 'kemendes-pdtt', ['REVIEWER']);
    const baritoReviewer = await token('bappeda-1', 'pemkab-barito-kuala', ['REVIEWER']);
    const dashboard = await token('dash-1', 'kemendes-pdtt', ['COORDINATOR']);
    const agreements: string[] = [];
    for (let i = 0; i < CONNECTIONS * 4; i += 1) {
      const response = await fetch(`${server.address}/agreements`, {
        method: 'POST',
        headers: { authorization: drafter, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'NOTA_KESEPAHAMAN',
          title: `Kerja sama ${i}`,
          parties: [
            { agencyId: 'kemendes-pdtt', name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
            { agencyId: 'pemkab-barito-kuala', name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
          ],
          term: { startDate: '2020-03-10', endDate: '2024-12-31' },
        }),
      });
      agreements.push(((await response.json()) as { id: string }).id);
    }
    // Each connection cycles one agreement through attach → submit → clear → request changes; the
    // step lives in the connection's context, and a refused request moves it to a fresh agreement.
    let next = 0;
    const acknowledged = new Map<string, number>();
    const probe = withDashboard ? sseProbe(server.address, dashboard) : undefined;
    type Context = { id?: string; hash?: string; step?: number };
    const cycle = [
      { name: 'attach-document', authorization: drafter, body: (c: Context) => ({ type: 'DRAFT', sha256: c.hash, name: 'draft.pdf' }) },
      { name: 'submit-for-review', authorization: drafter, body: () => ({}) },
      { name: 'approve-review', authorization: kemendesReviewer, body: (c: Context) => ({ documentHash: c.hash }) },
      { name: 'request-changes', authorization: baritoReviewer, body: () => ({ reason: 'Pasal 5 perlu diperjelas' }) },
    ];
    const measured = await measure({
      url: server.address,
      requests: [
        {
          method: 'POST',
          setupRequest: (request: autocannon.Request, context: object) => {
            const c = context as Context;
            c.id ??= agreements[next++ % agreements.length];
            c.step ??= 0;
            const step = cycle[c.step % cycle.length];
            if (step.name === 'attach-document') c.hash = hex();
            c.step += 1;
            return {
              ...request,
              path: `/agreements/${c.id}/actions/${step.name}`,
              headers: { authorization: step.authorization, 'content-type': 'application/json' },
              body: JSON.stringify(step.body(c)),
            };
          },
          onResponse: (status: number, body: string, context: object, headers?: Record<string, string>) => {
            const position = headers?.['x-event-position'];
            if (status < 300 && position) acknowledged.set(position, performance.now());
            if (status < 300) return;
            const c = context as Context;
            const key = `${status} ${body.slice(0, 160)}`;
            failures.set(key, (failures.get(key) ?? 0) + 1);
            Object.assign(c, { id: undefined, step: 0 });
          },
        },
      ] as autocannon.Request[],
    });
    if (!probe) return measured;
    // Let the last frames arrive, then pair acknowledgements with deliveries.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    probe.close();
    const sseLags = [...acknowledged].flatMap(([position, at]) => {
      const delivered = probe.received.get(position);
      return delivered === undefined ? [] : [Math.max(0, delivered - at)];
    });
    return { ...measured, sseLags, sseMissing: acknowledged.size - sseLags.length };
  } finally {
    await server.stop();
    await directory.remove();
  }
}

export async function benchCommandPath(): Promise<string> {
  const bare: Measurement[] = [];
  const full: Measurement[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    bare.push(await baseline());
    full.push(await service());
  }
  // One more run of the same load with a dashboard following GET /events, for the lag (kept out of
  // the throughput ratio: the stream's own work would lower it).
  const watched = await service(true);
  const row = (name: string, runs: Measurement[]) => [
    name,
    `${Math.round(median(runs.map((r) => r.requestsPerSecond)))}/s`,
    `${median(runs.map((r) => r.p50)).toFixed(1)} ms`,
    `${median(runs.map((r) => r.p99)).toFixed(1)} ms`,
    String(runs.reduce((sum, r) => sum + r.failures, 0)),
  ];
  const ratio = median(full.map((r, i) => r.requestsPerSecond / bare[i].requestsPerSecond));
  const lags = [...(watched.sseLags ?? [])].sort((a, b) => a - b);
  const missing = watched.sseMissing ?? 0;
  const percentile = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? Number.NaN;
  return [
    markdownTable(
      ['32 connections, SQLite FULL', 'throughput', 'p50', 'p99', 'non-2xx/errors'],
      [row('bare Fastify + append', bare), row('sepakat command path', full), row('sepakat, a dashboard on GET /events', [watched])],
    ),
    '',
    `Command path / bare append throughput: **${ratio.toFixed(2)}×** (median of ${ROUNDS} alternating rounds of ${SECONDS} s).`,
    '',
    `Append → SSE lag under this load (a dashboard on GET /events; from the command's acknowledgement to the frame with its position): ` +
      `p50 **${percentile(50).toFixed(1)} ms**, p99 **${percentile(99).toFixed(1)} ms** over ${lags.length} events of one ${SECONDS} s run` +
      (missing > 0 ? ` (${missing} acknowledged events not seen on the stream)` : '') +
      '.',
  ].join('\n');
}
