/**
 * `npm run bench`: every benchmark, printed as markdown for BENCHMARKS.md. Figures are ratios
 * against a baseline measured in the same run; absolute rates vary with the machine's load.
 * BENCH_ROUND_MS and BENCH_ROUNDS shorten or lengthen the runs.
 */
import { cpus } from 'node:os';
import { benchCommandPath } from './command-path.bench';
import { benchEventStoreAppend } from './event-store.bench';
import { benchRebuild } from './rebuild.bench';
import { benchVerify } from './verify.bench';

async function main(): Promise<void> {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`# sepakat benchmarks — ${new Date().toISOString()}`);
  out(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
  out('## Embedded append (SQLite, single-event appends)\n');
  const append = await benchEventStoreAppend();
  out(append.markdown);
  out('\n## Command path over HTTP\n');
  out(await benchCommandPath());
  out('\n## Verification (audit)\n');
  out(await benchVerify());
  out('\n## Projection rebuild\n');
  out(await benchRebuild());
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
