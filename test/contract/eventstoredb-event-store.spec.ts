import { esdbTarget, openEsdbStore, type EsdbTarget } from '../support/eventstoredb';
import { eventStoreContract } from './event-store.contract';

// Runs on the wire-level test server in every `npm test`, and on a real EventStoreDB when
// EVENTSTORE_CONNECTION_STRING is set (see README: "Running on EventStoreDB").
let target: Promise<EsdbTarget> | undefined;
afterAll(async () => (await target)?.stop());

eventStoreContract(
  `EventStoreDB over gRPC (${process.env.EVENTSTORE_CONNECTION_STRING ? 'real server' : 'wire-level test server'})`,
  async () => {
    target ??= esdbTarget();
    const store = openEsdbStore((await target).connectionString);
    return { store, dispose: () => store.close() };
  },
  { refusesReusedEventIds: false },
);
