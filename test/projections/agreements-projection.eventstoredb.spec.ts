import { startEsdbTestServer } from '../support/esdb-test-server';
import { openEsdbStore } from '../support/eventstoredb';
import { openSqliteReadModel } from '../support/read-models';
import { agreementsProjectionSuite } from './agreements-projection.suite';

// The same projection tests, fed by the EventStoreDB adapter over gRPC (a fresh test server per test).
agreementsProjectionSuite('SQLite, from EventStoreDB', openSqliteReadModel, async () => {
  const server = await startEsdbTestServer();
  const store = openEsdbStore(server.connectionString);
  return {
    store,
    dispose: async () => {
      await store.close();
      await server.stop();
    },
  };
});
