import { EsdbEventStore } from '../../src/infrastructure/event-store/eventstoredb/esdb-event-store';
import { startEsdbTestServer, type EsdbTestServer } from './esdb-test-server';

/**
 * Where EventStoreDB tests connect: a real server when `EVENTSTORE_CONNECTION_STRING` is set
 * (`docker compose -f docker/compose.yml up eventstore`), otherwise the wire-level test server,
 * started once per test file on 127.0.0.1.
 */
export interface EsdbTarget {
  readonly connectionString: string;
  /** The test server when no real one was named (tests that drop subscriptions need it). */
  readonly testServer: EsdbTestServer | undefined;
  stop(): Promise<void>;
}

export async function esdbTarget(): Promise<EsdbTarget> {
  const real = process.env.EVENTSTORE_CONNECTION_STRING;
  if (real) return { connectionString: real, testServer: undefined, stop: async () => undefined };
  const server = await startEsdbTestServer();
  return { connectionString: server.connectionString, testServer: server, stop: () => server.stop() };
}

/** An adapter on the target, quiet unless a test listens to its log. */
export function openEsdbStore(target: EsdbTarget, log: string[] = []): EsdbEventStore {
  return new EsdbEventStore({
    connectionString: target.connectionString,
    resubscribeDelayMs: 20,
    logger: { log: (message) => log.push(message), warn: (message) => log.push(message) },
  });
}
