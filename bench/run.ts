/**
 * `npm run bench`: every benchmark, printed as markdown for BENCHMARKS.md. Figures are ratios
 * against a baseline measured in the same run; absolute rates vary with the machine's load.
 * BENCH_ROUND_MS and BENCH_ROUNDS shorten or lengthen the runs; BENCH_ONLY=append,command,
 * verify,rebuild,reads,fanout,scale,scheduler,outbox,eventstoredb,web runs only the named ones.
 */
import { cpus } from 'node:os';
import { benchCommandPath } from './command-path.bench';
import { benchEsdbAdapter } from './eventstoredb.bench';
import { benchEventStoreAppend } from './event-store.bench';
import { benchRebuild } from './rebuild.bench';
import { benchReadSide } from './read-side.bench';
import { benchFanout } from './fanout.bench';
import { benchCommandsAtScale } from './scale.bench';
import { benchScheduler } from './scheduler.bench';
import { benchOutbox } from './outbox.bench';
import { benchVerify } from './verify.bench';
import { benchWeb } from './web.bench';

const BENCHMARKS: ReadonlyArray<readonly [name: string, title: string, run: () => Promise<string>]> = [
  ['append', 'Embedded append (SQLite, single-event appends)', async () => (await benchEventStoreAppend()).markdown],
  ['command', 'Command path over HTTP, and append → SSE lag', benchCommandPath],
  ['verify', 'Verification (audit)', benchVerify],
  ['rebuild', 'Projection rebuild', benchRebuild],
  ['reads', 'The read side at 10,000 and 100,000 agreements', benchReadSide],
  ['scale', 'Command path at scale: drafts and actions over 10,000 agreements', benchCommandsAtScale],
  ['scheduler', 'The deadline scheduler at 10,000 and 100,000 agreements: idle cost, and everything due at once', benchScheduler],
  ['outbox', 'The notification outbox: webhooks delivered per second from 10,000 and 100,000 pending', benchOutbox],
  ['fanout', 'Live dashboards: 0, 100 and 1,000 on GET /events while drafting', benchFanout],
  ['eventstoredb', 'EventStoreDB adapter over gRPC (wire-level test server)', benchEsdbAdapter],
  ['web', 'The web app: first-load size and the inbox usable in Chromium at 10,000 and 100,000 agreements', benchWeb],
];

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`# sepakat benchmarks — ${new Date().toISOString()}`);
  out(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
  for (const [name, title, run] of BENCHMARKS) {
    if (only && !only.includes(name)) continue;
    out(`\n## ${title}\n`);
    out(await run());
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
