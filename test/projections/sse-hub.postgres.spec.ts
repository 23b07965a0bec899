import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTablesV2 } from '../../src/projections/agreements/agreements.tables';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { sseHubSuite } from './sse-hub.suite';

describePostgres('live feeds on PostgreSQL', () =>
  sseHubSuite('PostgreSQL', async () => {
    const schema = freshSchemaName();
    const db = await openReadModelDatabase<AgreementsTablesV2>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
    return {
      db,
      dispose: async () => {
        await db.destroy();
        await dropSchema(schema);
      },
    };
  }),
);
