import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { temporaryDirectory } from '../support/temporary-directory';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('SQLite file (synchronous=FULL)', async () => {
  const directory = await temporaryDirectory();
  const store = new SqliteEventStore({ filename: directory.file('events.db') });
  return {
    store,
    dispose: async () => {
      await store.close();
      await directory.remove();
    },
  };
});
