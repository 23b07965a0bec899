import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { agreementsProjectionSuite } from './agreements-projection.suite';

describePostgres('the agreements projection on PostgreSQL', () =>
  agreementsProjectionSuite('PostgreSQL', async () => {
    const schema = freshSchemaName();
    const db = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
    return {
      db,
      dispose: async () => {
        await db.destroy();
        await dropSchema(schema);
      },
    };
  }),
);
