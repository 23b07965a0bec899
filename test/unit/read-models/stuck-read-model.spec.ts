import { randomUUID } from 'node:crypto';
import type { AgreementReadModel, ReadModelStatus } from '../../../src/application/ports/agreement-read-model.port';
import { AgreementChanges } from '../../../src/application/read-models/agreement-changes';
import { awaitPosition, ReadModelBehindError, ReadModelStuckError } from '../../../src/application/read-models/read-your-writes';
import { MemoryEventStore } from '../../../src/infrastructure/event-store/memory/memory-event-store';
import { collect, within } from '../../support/async';
import { writeAgreement } from '../../support/domain/generated-agreements';

/** A read model whose projection is at `position` with `status`; it never gets further. */
function readModelAt(status: string, position: bigint): AgreementReadModel & { reachedCalls: number } {
  const model = {
    reachedCalls: 0,
    status: (): ReadModelStatus => ({ projection: 'agreements@v1', status, position: position.toString() }),
    reached: async (wanted: bigint) => {
      model.reachedCalls += 1;
      return wanted <= position;
    },
    list: () => Promise.reject(new Error('not read')),
    get: () => Promise.reject(new Error('not read')),
    summary: () => Promise.reject(new Error('not read')),
    summariesOf: () => Promise.reject(new Error('not read')),
    inbox: () => Promise.reject(new Error('not read')),
    inboxCounts: () => Promise.reject(new Error('not read')),
  };
  return model;
}

const viewer = { id: 'auditor', name: 'Auditor', agencyId: 'itjen', roles: ['AUDITOR' as const] };

describe('reads of a read model whose projection is stuck', () => {
  it('are refused at once, naming the projection, with or without a position to wait for', async () => {
    const stuck = readModelAt('failed', 3n);
    await expect(awaitPosition(stuck, undefined)).rejects.toBeInstanceOf(ReadModelStuckError);
    await expect(awaitPosition(stuck, 10n)).rejects.toMatchObject({ kind: 'projection-stuck', projection: 'agreements@v1' });
    expect(stuck.reachedCalls).toBe(0);
  });

  it('are told the read model is behind, not stuck, while its projection runs', async () => {
    await expect(awaitPosition(readModelAt('live', 3n), 10n)).rejects.toBeInstanceOf(ReadModelBehindError);
    await expect(awaitPosition(readModelAt('live', 3n), 3n)).resolves.toBeUndefined();
    await expect(awaitPosition(readModelAt('catching-up', 3n), undefined)).resolves.toBeUndefined();
  });

  it('end a live feed of changes rather than wait for ever, and refuse to open one', async () => {
    const store = new MemoryEventStore();
    await writeAgreement(store, randomUUID(), 3);
    const stuck = readModelAt('failed', 0n);
    const changes = new AgreementChanges(store, stuck);

    expect(() => changes.assertServing()).toThrow(ReadModelStuckError);
    const feed = changes.follow(viewer, undefined);
    expect(await within(collect(feed), 5_000, 'the feed to end')).toEqual([]);
    expect(stuck.reachedCalls).toBe(1);
    await feed.close();
    await store.close();
  });
});
