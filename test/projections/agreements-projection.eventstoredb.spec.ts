import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { startEsdbTestServer } from '../support/esdb-test-server';
import { openEsdbStore } from '../support/eventstoredb';
import { temporaryDirectory } from '../support/temporary-directory';
import { agreementsProjectionSuite } from './agreements-projection.suite';

// The same projection tests, fed by the EventStoreDB adapter over gRPC (a fresh test server per test).
agreementsProjectionSuite(
  'SQLite, from EventStoreDB',
  async () => {
    const directory = await temporaryDirectory();
    const db = await openReadModelDatabase<AgreementsTables>({ kind: 'sqlite', filename: directory.file('read-models.db') });
    return {
      db,
      dispose: async () => {
        await db.destroy();
        await directory.remove();
      },
    };
  },
  async () => {
    const server = await startEsdbTestServer();
    const store = openEsdbStore({ connectionString: server.connectionString, testServer: server, stop: () => server.stop() });
    return {
      store,
      dispose: async () => {
        await store.close();
        await server.stop();
      },
    };
  },
);
