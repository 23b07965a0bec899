import { randomUUID } from 'node:crypto';
import {
  fractionOfSpan,
  paceOf,
  verifyStore,
  type BrokenStream,
  type StoreVerificationProgress,
} from '../../../src/application/audit/store-verification';
import { derivedUuid } from '../../../src/application/agreements/agreement-stream';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../../../src/application/ports/event-store.port';
import { MemoryEventStore } from '../../../src/infrastructure/event-store/memory/memory-event-store';
import { writeAgreement } from '../../support/domain/generated-agreements';

describe('the whole-store verification', () => {
  describe('how far it is', () => {
    const span = { first: 10n, last: 20n };

    it('is the share of the span of positions read, 0 at the first and 1 at the last', () => {
      expect([10n, 15n, 19n, 20n].map((position) => fractionOfSpan(span, position))).toEqual([0, 0.5, 0.9, 1]);
    });

    it('stays within 0..1 before the span and for events appended after the check began', () => {
      expect([fractionOfSpan(span, 3n), fractionOfSpan(span, 25n)]).toEqual([0, 1]);
    });

    it('is 1 once the only agreement event of a one-event span is read', () => {
      expect(fractionOfSpan({ first: 7n, last: 7n }, 7n)).toBe(1);
    });

    it('keeps its precision over EventStoreDB-sized commit positions', () => {
      expect(fractionOfSpan({ first: 10n ** 15n, last: 10n ** 15n + 4_000_000n }, 10n ** 15n + 1_000_000n)).toBe(0.25);
    });
  });

  describe('its pace', () => {
    it('extrapolates the time left from the time taken for the fraction done', () => {
      expect(paceOf(100, 0.25, 2)).toEqual({ eventsPerSecond: 50, secondsLeft: 6 });
    });

    it('has no time left once done, and none to tell before anything is done', () => {
      expect(paceOf(100, 1, 2)).toEqual({ eventsPerSecond: 50, secondsLeft: 0 });
      expect(paceOf(0, 0, 0.5)).toEqual({ eventsPerSecond: 0, secondsLeft: null });
      expect(paceOf(3, 0.5, 0)).toEqual({ eventsPerSecond: 0, secondsLeft: null });
    });
  });

  describe('reading the store', () => {
    const ids = [0, 1, 2].map((n) => derivedUuid('store-verification', String(n)));
    let store: MemoryEventStore;

    beforeEach(async () => {
      store = new MemoryEventStore();
      for (const id of ids) {
        await writeAgreement(store, id, 10);
        await store.append('audit-reads', [{ id: randomUUID(), type: 'AgreementRecordRead', data: {}, metadata: {} }], {
          expectedRevision: 'any',
        });
      }
    });

    it('reports progress every so many events, pausing as often, up to the last agreement event', async () => {
      const progress: StoreVerificationProgress[] = [];
      let pauses = 0;

      const result = await verifyStore(store, {
        progressEvery: 10,
        pauseEvery: 4,
        onProgress: (report) => progress.push(report),
        pause: async () => {
          pauses += 1;
        },
      });

      expect(result).toEqual({ outcome: 'done', streams: 3, events: 30, directoryEvents: 0, broken: [] });
      expect(progress.map(({ events, streams }) => [events, streams])).toEqual([
        [10, 1],
        [20, 2],
        [30, 3],
      ]);
      expect(progress.at(-1)!.fraction).toBe(1);
      expect(progress[0].fraction).toBeGreaterThan(0);
      expect(progress[0].fraction).toBeLessThan(progress[1].fraction);
      expect(pauses).toBe(7);
    });

    it('stops at the next event once its signal aborts, and says it was cancelled', async () => {
      const cancel = new AbortController();
      let read = 0;
      const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
        readAll: async function* (options?: ReadAllOptions) {
          for await (const event of store.readAll(options)) {
            read += 1;
            yield event;
          }
        },
      });

      const result = await verifyStore(counting, { signal: cancel.signal, progressEvery: 5, onProgress: () => cancel.abort() });

      expect(result).toMatchObject({ outcome: 'cancelled', events: 5 });
      // Two reads of one event each (the first and last positions), then the five checked.
      expect(read).toBe(7);
    });

    it('tells each broken stream as it finds it, and ends as failed with what it checked when the store fails mid-way', async () => {
      const broken: BrokenStream[] = [];
      const altered = `agreement-${ids[1]}`;
      const failing: EventStore = Object.assign(Object.create(store) as EventStore, {
        readAll: async function* (options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
          let n = 0;
          for await (const event of store.readAll(options)) {
            if (options?.maxCount === undefined && (n += 1) > 25) throw new Error('disk gone');
            yield event.stream === altered && event.revision === 2n
              ? { ...event, data: { ...event.data, documentHash: 'f'.repeat(64) } }
              : event;
          }
        },
      });

      const result = await verifyStore(failing, { onBroken: (stream) => broken.push(stream) });

      expect(broken).toEqual([{ stream: altered, revision: 2n, reason: expect.stringContaining('hash') }]);
      expect(result).toMatchObject({ outcome: 'failed', events: 25, streams: 3, broken, failure: new Error('disk gone') });
    });
  });
});
