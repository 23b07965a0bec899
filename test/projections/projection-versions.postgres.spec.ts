import type { Kysely } from 'kysely';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { projectionVersionsSuite } from './projection-versions.suite';

describePostgres('projection versions on PostgreSQL', () =>
  projectionVersionsSuite('PostgreSQL', async () => {
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
  }),
);
