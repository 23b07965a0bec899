import type { Kysely } from 'kysely';
import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { temporaryDirectory } from '../support/temporary-directory';
import { projectionVersionsSuite } from './projection-versions.suite';

projectionVersionsSuite('SQLite', async () => {
  const directory = await temporaryDirectory();
  const filename = directory.file('read-models.db');
  const db = await openReadModelDatabase<AgreementsTables>({ kind: 'sqlite', filename });
  const others: Kysely<unknown>[] = [];
  return {
    db,
    another: async () => {
      const other = await openReadModelDatabase<AgreementsTables>({ kind: 'sqlite', filename });
      others.push(other as Kysely<unknown>);
      return other;
    },
    dispose: async () => {
      await Promise.all([db, ...others].map((d) => d.destroy()));
      await directory.remove();
    },
  };
});
