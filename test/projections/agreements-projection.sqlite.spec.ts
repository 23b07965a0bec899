import { openReadModelDatabase } from '../../src/infrastructure/read-models/read-model-database';
import type { AgreementsTables } from '../../src/projections/agreements/agreements.tables';
import { temporaryDirectory } from '../support/temporary-directory';
import { agreementsProjectionSuite } from './agreements-projection.suite';

agreementsProjectionSuite('SQLite', async () => {
  const directory = await temporaryDirectory();
  const db = await openReadModelDatabase<AgreementsTables>({ kind: 'sqlite', filename: directory.file('read-models.db') });
  return {
    db,
    dispose: async () => {
      await db.destroy();
      await directory.remove();
    },
  };
});
