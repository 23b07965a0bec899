import type { Kysely } from 'kysely';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { dropSchema, freshSchemaName, postgresAvailable, TEST_POSTGRES_URL } from '../support/postgres';
import { projectionVersionsSuite } from './projection-versions.suite';

const available = postgresAvailable();

projectionVersionsSuite('PostgreSQL', async () => {
  if (!(await available)) throw new Error('PostgreSQL is not reachable here (and CI is unset): these tests cannot run');
  const schema = freshSchemaName();
  const open = () => openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
  const db = await open();
  const others: Kysely<unknown>[] = [];
  return {
    db,
    another: async () => {
      const other = await open();
      others.push(other as Kysely<unknown>);
      return other;
    },
    dispose: async () => {
      await Promise.all([db, ...others].map((d) => d.destroy()));
      await dropSchema(schema);
    },
  };
});
