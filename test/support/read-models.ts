import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from './postgres';
import { temporaryDirectory } from './temporary-directory';

/** A SQLite read-model database in a fresh folder, removed with it. */
export async function openSqliteReadModel() {
  const directory = await temporaryDirectory();
  const db = await openReadModelDatabase<AgreementsTables>({ kind: 'sqlite', filename: directory.file('read-models.db') });
  return {
    db,
    dispose: async () => {
      await db.destroy();
      await directory.remove();
    },
  };
}

/** A PostgreSQL read-model database in a fresh schema, dropped with it. */
export async function openPostgresReadModel() {
  const schema = freshSchemaName();
  const db = await openReadModelDatabase<AgreementsTables>({ kind: 'postgres', url: TEST_POSTGRES_URL, schema });
  return {
    db,
    dispose: async () => {
      await db.destroy();
      await dropSchema(schema);
    },
  };
}
