import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { dropSchema, freshSchemaName, postgresAvailable, TEST_POSTGRES_URL } from '../support/postgres';
import { agreementsProjectionSuite } from './agreements-projection.suite';

const available = postgresAvailable();

agreementsProjectionSuite('PostgreSQL', async () => {
  if (!(await available)) return skipped();
  const schema = freshSchemaName();
  const db = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
  return {
    db,
    dispose: async () => {
      await db.destroy();
      await dropSchema(schema);
    },
  };
});

function skipped(): never {
  throw new Error('PostgreSQL is not reachable here (and CI is unset): these tests cannot run');
}
