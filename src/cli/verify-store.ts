/**
 * Checks the whole event store, streaming it once in `$all` order: the directory's hash chains,
 * every agreement's hash chain, its replay through the pinned workflow, and its actors' rights and
 * delegations at the time. Prints progress on
 * stderr and every broken stream on stdout; exits 1 when any stream is broken.
 *
 *   npm run verify                       (same configuration as the service: DATA_DIR, EVENT_STORE, ...)
 */
import { AgreementVerifier } from '../application/audit/agreement-verifier';
import { AGREEMENT_STREAM_PREFIX } from '../application/agreements/agreement-stream';
import { readDirectoryHistory, verifyDirectoryChains } from '../application/directory/directory-stream';
import type { EventStore } from '../application/ports/event-store.port';
import { ConfigurationError, loadConfig } from '../infrastructure/config/app-config';
import { openEventStore } from '../infrastructure/event-store/event-store.module';

const PROGRESS_EVERY = 50_000;

export interface StoreVerification {
  readonly streams: number;
  readonly events: number;
  /** Events of the directory's streams (agencies, delegations) checked besides the agreements'. */
  readonly directoryEvents: number;
  readonly broken: ReadonlyArray<{ stream: string; revision: bigint; reason: string }>;
}

/** Streams the store once; keeps one verifier per agreement stream. */
export async function verifyStore(store: EventStore, progress: (events: number, streams: number) => void = () => {}): Promise<StoreVerification> {
  const verifiers = new Map<string, AgreementVerifier>();
  const { history: directory, agencyEvents, delegationEvents } = await readDirectoryHistory(store);
  const directoryBroken = verifyDirectoryChains(agencyEvents, delegationEvents).flatMap((chain) => (chain.firstInvalid ? [{ stream: chain.stream, ...chain.firstInvalid }] : []));
  let events = 0;
  let unreadable: { stream: string; revision: bigint; reason: string } | undefined;
  try {
    for await (const event of store.readAll({ filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] } })) {
      let verifier = verifiers.get(event.stream);
      if (!verifier) {
        verifier = new AgreementVerifier(event.stream, directory);
        verifiers.set(event.stream, verifier);
      }
      verifier.push(event);
      events += 1;
      if (events % PROGRESS_EVERY === 0) progress(events, verifiers.size);
    }
  } catch (error) {
    unreadable = { stream: '(unknown)', revision: -1n, reason: `the store cannot be read past event ${events}: ${(error as Error).message}` };
  }
  const broken = [...verifiers.values()].flatMap((verifier) => {
    const { firstInvalid } = verifier.result();
    return firstInvalid ? [{ stream: verifier.stream, ...firstInvalid }] : [];
  });
  const all = [...directoryBroken, ...broken, ...(unreadable ? [unreadable] : [])];
  return { streams: verifiers.size, events, directoryEvents: agencyEvents.length + delegationEvents.length, broken: all };
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const store = openEventStore(config.eventStore);
  const started = Date.now();
  try {
    const result = await verifyStore(store, (events, streams) => process.stderr.write(`… ${events} events in ${streams} agreements\n`));
    const seconds = (Date.now() - started) / 1000;
    for (const broken of result.broken) process.stdout.write(`BROKEN ${broken.stream} at revision ${broken.revision}: ${broken.reason}\n`);
    process.stdout.write(
      `${result.broken.length === 0 ? 'OK' : 'BROKEN'}: ${result.events} events in ${result.streams} agreements and ${result.directoryEvents} of the directory checked in ${seconds.toFixed(1)} s, ${result.broken.length} broken\n`,
    );
    process.exitCode = result.broken.length === 0 ? 0 : 1;
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
