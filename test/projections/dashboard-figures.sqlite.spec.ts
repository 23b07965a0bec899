import { randomUUID } from 'node:crypto';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { KyselyAgreementReadModel } from '../../src/infrastructure/read-models/kysely-agreement-read-model';
import { agreementsProjection } from '../../src/projections/agreements/agreements.projection';
import { within } from '../support/async';
import { agreementEvents } from '../support/domain/generated-agreements';
import { openSqliteReadModel } from '../support/read-models';
import { StartedInTest } from '../support/started';

/**
 * The dashboard's time in review, measured from when the store recorded the events that open and
 * close each review: here a store whose clock the test sets, so the figures are known exactly.
 */
describe('time in review on the read model', () => {
  const started = new StartedInTest();
  let target: Awaited<ReturnType<typeof openSqliteReadModel>>;
  let now: Date;
  let store: MemoryEventStore;

  beforeEach(async () => {
    target = await openSqliteReadModel();
    store = new MemoryEventStore(() => now);
  });

  afterEach(async () => {
    await started.stopAll();
    await store.close();
    await target.dispose();
  });

  it('averages the reviews and takes their 90th percentile, not their longest', async () => {
    // Ten reviews of 1 to 10 minutes, in no order: each opened by SubmittedForReview (revision 2)
    // and closed by ChangesRequested (revision 4), an hour apart.
    const minutes = [7, 2, 10, 4, 1, 9, 3, 8, 5, 6];
    let head = 0n;
    for (const [n, length] of minutes.entries()) {
      const id = randomUUID();
      const events = agreementEvents(id, 5);
      const opened = Date.parse('2024-11-01T01:00:00Z') + n * 3_600_000;
      now = new Date(opened);
      await store.append(`agreement-${id}`, events.slice(0, 4), { expectedRevision: 'no_stream' });
      now = new Date(opened + length * 60_000);
      head = (await store.append(`agreement-${id}`, events.slice(4), { expectedRevision: 3n })).position;
    }
    const runner = started.track(new ProjectionRunner(store, target.db, agreementsProjection));
    await runner.start();
    await within(runner.waitFor(head), 10_000, 'the projection to apply every review');

    const summary = await new KyselyAgreementReadModel(target.db, runner).summary({}, '2024-11-15');

    // 60..600 s: the average is 330 s; the median of ten is the fifth, 300 s; the 90th percentile the ninth, 540 s (the longest is 600 s).
    expect(summary.timeInReview).toEqual({ count: 10, averageSeconds: 330, p50Seconds: 300, p90Seconds: 540 });
    expect(summary.timeInSigning).toEqual({ count: 0, averageSeconds: null, p50Seconds: null, p90Seconds: null });
  });
});
