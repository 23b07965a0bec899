import { EsdbEventStore } from '../../src/infrastructure/event-store/eventstoredb/esdb-event-store';
import { startEsdbTestServer } from './esdb-test-server';

/**
 * Where EventStoreDB tests connect: a real server when `EVENTSTORE_CONNECTION_STRING` is set
 * (`docker compose -f docker/compose.yml up eventstore`), otherwise the wire-level test server,
 * started once per test file on 127.0.0.1.
 */
export interface EsdbTarget {
  readonly connectionString: string;
  stop(): Promise<void>;
}

export async function esdbTarget(): Promise<EsdbTarget> {
  const real = process.env.EVENTSTORE_CONNECTION_STRING;
  if (real) return { connectionString: real, stop: async () => undefined };
  const server = await startEsdbTestServer();
  return { connectionString: server.connectionString, stop: () => server.stop() };
}

/** An adapter on a server, quiet unless a test listens to its log. */
export function openEsdbStore(connectionString: string, log: string[] = []): EsdbEventStore {
  return new EsdbEventStore({
    connectionString,
    resubscribeDelayMs: 20,
    logger: { log: (message) => log.push(message), warn: (message) => log.push(message) },
  });
}
