/** Seeds BENCH_READ_SIZES[0] agreements and rebuilds agreements@v2 into SQLite once: run under --cpu-prof to see where a rebuild spends its time. */
import { seedAndRebuildOnce } from './read-side.bench';

void seedAndRebuildOnce().then((line) => process.stdout.write(`${line}\n`));
