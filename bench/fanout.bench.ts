/**
 * Live dashboards at scale (issue 12): the service with 0, 100 and 1,000 dashboards connected to
 * GET /events (auditors: every change reaches every one of them) while 16 connections draft
 * agreements. Measured in one run: drafting throughput against the same load with no dashboard,
 * append → frame lag (from the command's acknowledgement to the frame with its position, on ten
 * followed dashboards), frames missing on any dashboard, and the service's memory growth.
 */
import { request as httpRequest, type ClientRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { resolveEmbeddedSecret } from '../src/infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../src/infrastructure/auth/token-minter';
import { loadConfig } from '../src/infrastructure/config/app-config';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { markdownTable, startChildServer } from './support';

const CONNECTIONS = 16;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const DASHBOARDS = (process.env.BENCH_DASHBOARDS ?? '0,100,1000').split(',').map(Number);
const FOLLOWED = 10;

interface Dashboard {
  /** When each position arrived (followed dashboards only). */
  readonly received: Map<string, number>;
  frames: number;
  connected: Promise<void>;
  request: ClientRequest;
}

function openDashboard(url: string, authorization: string, follow: boolean): Dashboard {
  const dashboard = { received: new Map<string, number>(), frames: 0 } as Dashboard;
  dashboard.connected = new Promise((resolve, reject) => {
    dashboard.request = httpRequest(
      `${url}/events`,
      { agent: false, headers: { authorization, accept: 'text/event-stream' } },
      (response) => {
        if (response.statusCode !== 200) return reject(new Error(`GET /events answered ${response.statusCode}`));
        resolve();
        response.setEncoding('utf8');
        let pending = '';
        response.on('data', (chunk: string) => {
          const now = performance.now();
          if (!follow) {
            // Count frames only: each has one `event:` line.
            for (let at = chunk.indexOf('\nevent: '); at >= 0; at = chunk.indexOf('\nevent: ', at + 1)) dashboard.frames += 1;
            return;
          }
          pending += chunk;
          let start = 0;
          let end: number;
          while ((end = pending.indexOf('\n\n', start)) >= 0) {
            const frame = pending.slice(start, end);
            start = end + 2;
            if (frame.startsWith('id: ')) {
              dashboard.received.set(frame.slice(4, frame.indexOf('\n')), now);
              dashboard.frames += 1;
            }
          }
          pending = pending.slice(start);
        });
      },
    );
    dashboard.request.on('error', reject);
    dashboard.request.end();
  });
  return dashboard;
}

interface Run {
  readonly dashboards: number;
  readonly requestsPerSecond: number;
  readonly p99: number;
  readonly failures: number;
  readonly lags: number[];
  /** Acknowledged drafts that some dashboard never received. */
  readonly missing: number;
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
}

async function run(dashboards: number): Promise<Run> {
  const directory = await temporaryDirectory('sepakat-bench-');
  const server = await startChildServer('bench/servers/service-server.ts', [directory.path]);
  const open: Dashboard[] = [];
  try {
    const config = loadConfig({ DATA_DIR: directory.path });
    const secret = resolveEmbeddedSecret(undefined, directory.path);
    const token = async (sub: string, agency: string, roles: Array<'DRAFTER' | 'AUDITOR'>) =>
      `Bearer ${await mintEmbeddedToken(secret, config.auth.claims, { sub, name: sub, agency, roles, expiresIn: '1h' })}`;
    const drafter = await token('blm-1', 'kemendes-pdtt', ['DRAFTER']);
    const auditor = await token('itjen-1', 'itjen-kemendes-pdtt', ['AUDITOR']);
    const rssBeforeMb = server.rssMb();
    for (let i = 0; i < dashboards; i += 1) open.push(openDashboard(server.address, auditor, i < FOLLOWED));
    await Promise.all(open.map((dashboard) => dashboard.connected));
    const acknowledged = new Map<string, number>();
    let n = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      autocannon(
        {
          url: server.address,
          connections: CONNECTIONS,
          duration: SECONDS,
          requests: [
            {
              method: 'POST',
              path: '/agreements',
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                headers: { authorization: drafter, 'content-type': 'application/json' },
                body: JSON.stringify({
                  kind: 'NOTA_KESEPAHAMAN',
                  title: `Kerja sama desa ${(n += 1)}`,
                  parties: [
                    { agencyId: 'kemendes-pdtt', name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
                    { agencyId: `pemkab-${n % 300}`, name: 'Pemerintah Kabupaten', role: 'PIHAK_KEDUA' },
                  ],
                  term: { startDate: '2025-01-01', endDate: '2029-12-31' },
                }),
              }),
              onResponse: (status: number, _body: string, _context: object, headers?: Record<string, string>) => {
                const position = headers?.['x-event-position'];
                if (status < 300 && position) acknowledged.set(position, performance.now());
              },
            },
          ] as autocannon.Request[],
        },
        (error: Error | null, outcome) => (error ? reject(error) : resolve(outcome)),
      );
    });
    // Let the last frames arrive.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && open.some((dashboard) => dashboard.frames < acknowledged.size))
      await new Promise((resolve) => setTimeout(resolve, 100));
    const rssAfterMb = server.rssMb();
    const lags = open.slice(0, FOLLOWED).flatMap((dashboard) =>
      [...acknowledged].flatMap(([position, at]) => {
        const delivered = dashboard.received.get(position);
        return delivered === undefined ? [] : [Math.max(0, delivered - at)];
      }),
    );
    const missing = open.reduce((worst, dashboard) => Math.max(worst, acknowledged.size - dashboard.frames), 0);
    return {
      dashboards,
      requestsPerSecond: result.requests.average,
      p99: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
      lags,
      missing,
      rssBeforeMb,
      rssAfterMb,
    };
  } finally {
    for (const dashboard of open) dashboard.request.destroy();
    await server.stop();
    await directory.remove();
  }
}

export async function benchFanout(): Promise<string> {
  const runs: Run[] = [];
  for (const dashboards of DASHBOARDS) runs.push(await run(dashboards));
  const none = runs.find((r) => r.dashboards === 0) ?? runs[0];
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  };
  return [
    markdownTable(
      [
        'dashboards on GET /events',
        'drafts/s (16 connections)',
        'vs none',
        'p99 of a draft',
        'append → frame lag p50 / p99',
        'frames missing',
        'service memory growth',
      ],
      runs.map((r) => [
        String(r.dashboards),
        `${Math.round(r.requestsPerSecond)}/s`,
        `**${(r.requestsPerSecond / none.requestsPerSecond).toFixed(2)}×**`,
        `${r.p99.toFixed(1)} ms`,
        r.dashboards === 0 ? '—' : `${percentile(r.lags, 50).toFixed(1)} ms / **${percentile(r.lags, 99).toFixed(1)} ms**`,
        r.dashboards === 0 ? '—' : String(r.missing),
        `${Math.round(r.rssAfterMb - r.rssBeforeMb)} MB (${Math.round(r.rssBeforeMb)} → ${Math.round(r.rssAfterMb)} MB)`,
      ]),
    ),
    '',
    `${SECONDS} s of drafting per row; non-2xx/errors: ${runs.map((r) => r.failures).join(', ')}. Lag over ${FOLLOWED} followed dashboards; "missing" is the most acknowledged drafts any dashboard had not received 10 s after the load.`,
  ].join('\n');
}
