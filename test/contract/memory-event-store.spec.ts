import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('memory', async () => {
  const store = new MemoryEventStore();
  return { store, dispose: () => store.close() };
});
