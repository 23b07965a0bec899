/**
 * Checks the whole event store, streaming it once in `$all` order: the directory's hash chains,
 * every agreement's hash chain, its replay through the pinned workflow, and its actors' rights and
 * delegations at the time (`verifyStore`, the same check as `GET /audit/store-verification`).
 * Prints progress on stderr and every broken stream on stdout; exits 1 when any stream is broken.
 *
 *   npm run verify                       (same configuration as the service: DATA_DIR, EVENT_STORE, ...)
 */
import { verifyStore } from '../application/audit/store-verification';
import { ConfigurationError, loadConfig } from '../infrastructure/config/app-config';
import { openEventStore } from '../infrastructure/event-store/event-store.module';

const PROGRESS_EVERY = 50_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = openEventStore(config.eventStore);
  const started = Date.now();
  try {
    const result = await verifyStore(store, {
      progressEvery: PROGRESS_EVERY,
      onProgress: ({ events, streams }) => process.stderr.write(`… ${events} events in ${streams} agreements\n`),
    });
    const seconds = (Date.now() - started) / 1000;
    const unreadable = result.failure
      ? [{ stream: '(unknown)', revision: -1n, reason: `the store cannot be read past event ${result.events}: ${result.failure.message}` }]
      : [];
    const broken = [...result.broken, ...unreadable];
    for (const stream of broken) process.stdout.write(`BROKEN ${stream.stream} at revision ${stream.revision}: ${stream.reason}\n`);
    process.stdout.write(
      `${broken.length === 0 ? 'OK' : 'BROKEN'}: ${result.events} events in ${result.streams} agreements and ${result.directoryEvents} of the directory checked in ${seconds.toFixed(1)} s, ${broken.length} broken\n`,
    );
    process.exitCode = broken.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`verify: ${error instanceof ConfigurationError ? error.message : (error as Error).stack}\n`);
    process.exit(2);
  });
}
