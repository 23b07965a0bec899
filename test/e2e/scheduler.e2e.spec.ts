import { DeadlineScheduler } from '../../src/application/scheduler/deadline-scheduler';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../../src/application/ports/deadlines.port';
import { PerformAgreementActionCommand } from '../../src/application/agreements/perform-action.command';
import { SCHEDULER_ACTOR } from '../../src/domain/access/system-actors';
import { CommandBus } from '@nestjs/cqrs';
import { activeMou, cast, draftMou, expectStatus, MOU_DRAFT } from '../support/agreement-scenarios';
import { eventuallyAsync } from '../support/async';
import { sample } from '../support/prometheus-text';
import { KEMENDES } from '../support/domain/officials';
import { callerFor } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';
import { SchedulerLoop } from '../../src/infrastructure/scheduler/scheduler-loop';

interface HistoryItem {
  type: string;
  data: Record<string, unknown>;
  revision: number;
  position: string;
  actor: { id: string; name: string; agencyId: string; roles: string[] };
  commandId: string;
}

/** The motivating case's MoU with Barito Kuala (WITA, UTC+8) as its first party. */
const BARITO_FIRST = {
  ...MOU_DRAFT,
  parties: [
    { ...MOU_DRAFT.parties[1], role: 'PIHAK_KESATU' },
    { ...MOU_DRAFT.parties[0], role: 'PIHAK_KEDUA' },
  ],
};

describe('the deadline scheduler', () => {
  // Agreements are made in June 2024 (the clock only moves forward: a delegation is recorded before it signs), then time is moved on.
  const clock = new TestClock(new Date('2024-06-03T02:00:00Z'));
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;
  let scheduler: DeadlineScheduler;
  let deadlines: DeadlineReadModel;

  beforeAll(async () => {
    // One pass at start and then hourly: the tests run their passes themselves, at the times they set.
    service = await startTestApp({ SCHEDULER_INTERVAL_MS: '3600000' }, undefined, { clock });
    people = await cast(service);
    scheduler = service.app.get(DeadlineScheduler);
    deadlines = service.app.get<DeadlineReadModel>(DEADLINE_READ_MODEL);
  });

  afterAll(async () => {
    await service.close();
  });

  let made = Date.parse('2024-06-03T02:00:00Z');
  // Each test starts a minute after the last one's agreements were made, in June 2024.
  beforeEach(() => clock.set(new Date((made += 60_000)).toISOString()));

  async function history(id: string): Promise<HistoryItem[]> {
    const response = await people.auditor.get(`/agreements/${id}/history?limit=1000`);
    expectStatus(response, 200);
    return response.json<{ items: HistoryItem[] }>().items;
  }

  /** An active MoU whose deadlines the scheduler's read model already holds. */
  async function activeWithDeadlines(draft: object = MOU_DRAFT): Promise<string> {
    const { id } = await activeMou(people, draft);
    await bothReadModelsAt(BigInt((await history(id)).at(-1)!.position));
    return id;
  }

  /** Waits until the agreements and the deadlines read models have applied the log up to `position`. */
  async function bothReadModelsAt(position: bigint): Promise<void> {
    expectStatus(await people.auditor.get(`/agreements?minPosition=${position}&limit=1`), 200);
    expect(await deadlines.reached(position, 10_000)).toBe(true);
  }

  async function stateOf(id: string): Promise<string> {
    const events = await history(id);
    await bothReadModelsAt(BigInt(events.at(-1)!.position));
    const response = await people.kemendesCoordinator.get(`/agreements/${id}`);
    expectStatus(response, 200);
    return `${response.json<{ state: string }>().state} after ${events.at(-1)!.type}`;
  }

  it('shows the notice and expiry deadlines on the agreement, in its first party’s zone', async () => {
    const id = await activeWithDeadlines();
    const detail = (await people.baritoCoordinator.get(`/agreements/${id}`)).json<{ deadlines: unknown[] }>();
    // The default notice period is 90 days: renewal or notice by 2 October 2024, so no more from 3 October.
    expect(detail.deadlines).toEqual([
      { kind: 'notice', dueDate: '2024-10-03', timeZone: 'Asia/Jakarta', dueAt: '2024-10-02T17:00:00.000Z', due: false },
      {
        kind: 'expiry',
        dueDate: '2025-01-01',
        timeZone: 'Asia/Jakarta',
        dueAt: '2024-12-31T17:00:00.000Z',
        action: 'expire',
        due: false,
      },
    ]);
  });

  it('expires an MoU from the first minute after its end date, as sepakat-scheduler, with no one acting', async () => {
    const id = await activeWithDeadlines();
    clock.set('2024-12-31T16:59:59Z');
    await scheduler.runDue();
    // (Reminders of its expiry went out in this pass; the expiry itself waits for the day to begin in WIB.)
    expect(await stateOf(id)).toBe('active after DeadlineApproaching');

    clock.set('2024-12-31T17:00:00Z');
    const pass = await scheduler.runDue();
    expect(pass.fired).toBeGreaterThanOrEqual(1);
    const expired = (await history(id)).at(-1)!;
    expect(expired).toMatchObject({ type: 'Expired', actor: { id: 'sepakat-scheduler', name: 'Penjadwal sepakat', roles: [] } });
    expect(await stateOf(id)).toBe('expired after Expired');
    expect((await people.kemendesCoordinator.get(`/agreements/${id}`)).json<{ deadlines: unknown[] }>().deadlines).toEqual([]);
    // Done is done: the next pass finds nothing of it.
    const events = (await history(id)).length;
    await scheduler.runDue();
    expect(await history(id)).toHaveLength(events);
  });

  it('reads the end date in the first party’s zone: Barito Kuala’s MoU expires an hour earlier than Kemendes’s', async () => {
    const id = await activeWithDeadlines(BARITO_FIRST);
    const detail = (await people.kemendesCoordinator.get(`/agreements/${id}`)).json<{ deadlines: Array<{ dueAt: string }> }>();
    expect(detail.deadlines.map((deadline) => deadline.dueAt)).toEqual(['2024-10-02T16:00:00.000Z', '2024-12-31T16:00:00.000Z']);

    // 00:00 WITA on 1 January is 23:00 WIB on 31 December: expired there, by the decider's reading of "today" too.
    clock.set('2024-12-31T16:00:00Z');
    await scheduler.runDue();
    expect(await stateOf(id)).toBe('expired after Expired');
  });

  it('acts once however often it is asked: passes at once, and a command retried under the deadline’s key', async () => {
    const id = await activeWithDeadlines();
    clock.set('2025-01-01T00:00:00Z');
    await Promise.all([scheduler.runDue(), scheduler.runDue(), scheduler.runDue()]);
    const events = await history(id);
    expect(events.filter((event) => event.type === 'Expired')).toHaveLength(1);

    // A pass that crashed after its append and before the read model moved would fire again: the key makes it the same command.
    const again = await service.app
      .get(CommandBus)
      .execute(new PerformAgreementActionCommand(SCHEDULER_ACTOR, id, 'expire', {}, undefined, 'expire:2024-12-31'));
    expect(again.revision).toBe(BigInt(events.at(-1)!.revision));
    // As the scheduler sends it: the search reads back only to a day before the deadline fell due, and finds it.
    const bounded = await service.app
      .get(CommandBus)
      .execute(
        new PerformAgreementActionCommand(
          SCHEDULER_ACTOR,
          id,
          'expire',
          {},
          undefined,
          'expire:2024-12-31',
          new Date('2024-12-30T17:00:00Z'),
        ),
      );
    expect(bounded.revision).toBe(BigInt(events.at(-1)!.revision));
    expect(await history(id)).toHaveLength(events.length);
  });

  it('terminates on the effective date of a termination notice', async () => {
    const id = await activeWithDeadlines();
    expectStatus(
      await people.kemendesCoordinator.act(id, 'give-termination-notice', {
        reason: 'Program dialihkan ke skema lain',
        effectiveDate: '2024-09-01',
      }),
      200,
    );
    await bothReadModelsAt(BigInt((await history(id)).at(-1)!.position));
    const detail = (await people.kemendesCoordinator.get(`/agreements/${id}`)).json<{ deadlines: unknown[] }>();
    expect(detail.deadlines).toEqual([
      {
        kind: 'termination',
        dueDate: '2024-09-01',
        timeZone: 'Asia/Jakarta',
        dueAt: '2024-08-31T17:00:00.000Z',
        action: 'terminate',
        due: false,
      },
    ]);

    clock.set('2024-08-31T16:59:00Z');
    await scheduler.runDue();
    expect(await stateOf(id)).toBe('terminating after TerminationNoticeGiven');
    clock.set('2024-08-31T17:00:00Z');
    await scheduler.runDue();
    expect(await stateOf(id)).toBe('terminated after Terminated');
  });

  it('moves the expiry when the agreement is renewed', async () => {
    const id = await activeWithDeadlines();
    const renewed = await people.kemendesCoordinator.act(id, 'renew', { newEndDate: '2025-12-31' });
    expectStatus(renewed, 200);
    await bothReadModelsAt(BigInt(renewed.headers['x-event-position'] as string));

    clock.set('2025-01-01T00:00:00Z');
    await scheduler.runDue();
    expect(await stateOf(id)).toBe('active after Renewed');
    expect((await deadlines.ofAgreement(id)).map((deadline) => deadline.key)).toEqual(['notice:2025-12-31', 'expire:2025-12-31']);
  });

  it('reminds the parties 90, 30 and 7 days before the notice deadline and the expiry, once each, and once only after a long outage', async () => {
    const id = await activeWithDeadlines();
    const reminders = async () =>
      (await history(id))
        .filter((event) => event.type === 'DeadlineApproaching')
        .map((event) => `${event.data.deadline as string} ${event.data.daysLeft as number}`);
    /** Passes at 00:00 WIB of each day given (the MoU's zone), twice each: the second finds nothing more to send. */
    const passesOn = async (...days: string[]) => {
      for (const day of days) {
        clock.set(`${day}T00:00:00+07:00`);
        await scheduler.runDue();
        await scheduler.runDue();
      }
    };
    // Renewal or notice is possible until 2 October (due from 3 October); the term ends on 31 December.
    await passesOn('2024-07-03', '2024-07-04');
    expect(await reminders()).toEqual([]);
    await passesOn('2024-07-05', '2024-07-06');
    expect(await reminders()).toEqual(['notice 90']);
    await passesOn('2024-09-03', '2024-09-26', '2024-10-02');
    expect(await reminders()).toEqual(['notice 90', 'notice 30', 'notice 7']);
    // The notice deadline is past: reminders of it stop, and the expiry's begin.
    await passesOn('2024-10-03', '2024-10-04');
    expect(await reminders()).toEqual(['notice 90', 'notice 30', 'notice 7', 'expiry 90']);
    // Down from October until 30 December: one reminder, the closest, not the three missed.
    await passesOn('2024-12-30');
    expect(await reminders()).toEqual(['notice 90', 'notice 30', 'notice 7', 'expiry 90', 'expiry 2']);

    const lines = (await people.auditor.get(`/agreements/${id}/history?limit=1000`, { headers: { 'accept-language': 'id' } })).json<{
      items: Array<{ type: string; summary: string; actor: { id: string } }>;
    }>();
    const last = lines.items.filter((item) => item.type === 'DeadlineApproaching').at(-1)!;
    expect(last.actor.id).toBe('sepakat-scheduler');
    expect(last.summary).toBe('Penjadwal sepakat mengingatkan para pihak: jangka waktu kesepakatan berakhir pada 2024-12-31, 2 hari lagi');
  });

  it('reminds every agreement of a shared end date in one pass (occurrence keys are per agreement)', async () => {
    const term = { startDate: '2020-03-10', endDate: '2027-06-30' };
    const ids = [await activeWithDeadlines({ ...MOU_DRAFT, term }), await activeWithDeadlines({ ...MOU_DRAFT, term })];
    clock.set('2027-06-25T00:00:00+07:00');
    const pass = await scheduler.runDue();
    expect(pass.reminded).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      expect((await history(id)).filter((event) => event.type === 'DeadlineApproaching').map((event) => event.data.daysLeft)).toEqual([6]);
    }
  });

  it('puts a reminded renewal in the coordinators’ inbox of each party, and the expiry once it is reminded', async () => {
    const id = await activeWithDeadlines();
    const inboxActions = async (caller: (typeof people)[keyof typeof people]) => {
      const position = (await history(id)).at(-1)!.position;
      const response = await caller.get(`/inbox?minPosition=${position}&limit=500`);
      expectStatus(response, 200);
      return response.json<Array<{ agreementId: string; actions: string[] }>>().find((item) => item.agreementId === id)?.actions;
    };
    expect(await inboxActions(people.kemendesCoordinator)).toBeUndefined();

    clock.set('2024-09-26T00:00:00+07:00');
    await scheduler.runDue();
    expect(await inboxActions(people.kemendesCoordinator)).toEqual(['renew', 'give-termination-notice']);
    expect(await inboxActions(people.baritoCoordinator)).toEqual(['renew', 'give-termination-notice']);
    expect(await inboxActions(people.baritoSignatory)).toEqual(['give-termination-notice']);
    expect(await inboxActions(people.kemendesReviewer)).toBeUndefined();

    clock.set('2024-12-30T00:00:00+07:00');
    await scheduler.runDue();
    expect(await inboxActions(people.kemendesCoordinator)).toEqual(['expire']);
  });

  it('shows a review that waited longer than its period (30 days) as overdue, in the inbox and on the agreement, until it moves', async () => {
    const { id, draftHash } = await draftMou(people);
    const submittedAt = clock.now().toISOString();
    const submitted = await people.kemendesDrafter.act(id, 'submit-for-review');
    expectStatus(submitted, 200);
    const overdueAt = new Date(Date.parse(submittedAt) + 30 * 86_400_000).toISOString();
    const inboxItem = async (caller: (typeof people)[keyof typeof people]) => {
      const position = (await history(id)).at(-1)!.position;
      await bothReadModelsAt(BigInt(position));
      const response = await caller.get(`/inbox?minPosition=${position}&limit=500`);
      expectStatus(response, 200);
      return response.json<Array<{ agreementId: string; overdue?: unknown }>>().find((item) => item.agreementId === id);
    };
    const reviewDeadline = async () => {
      await bothReadModelsAt(BigInt((await history(id)).at(-1)!.position));
      return (await people.kemendesReviewer.get(`/agreements/${id}`))
        .json<{ deadlines: Array<{ kind: string; dueAt: string; due: boolean }> }>()
        .deadlines.find((deadline) => deadline.kind === 'review');
    };

    clock.set(new Date(Date.parse(overdueAt) - 60_000).toISOString());
    expect((await inboxItem(people.baritoReviewer))?.overdue).toBeUndefined();
    expect(await reviewDeadline()).toMatchObject({ dueAt: overdueAt, due: false });

    clock.set(overdueAt);
    expect((await inboxItem(people.baritoReviewer))?.overdue).toEqual({ step: 'review', since: submittedAt, overdueSince: overdueAt });
    expect((await inboxItem(people.kemendesReviewer))?.overdue).toEqual({ step: 'review', since: submittedAt, overdueSince: overdueAt });
    expect(await reviewDeadline()).toMatchObject({ dueAt: overdueAt, due: true });

    // The scheduler records it overdue, once.
    await scheduler.runDue();
    await scheduler.runDue();
    const escalations = async () => (await history(id)).filter((event) => event.type === 'StepOverdue');
    expect(await escalations()).toMatchObject([
      { actor: { id: 'sepakat-scheduler' }, data: { step: 'review', since: submittedAt.slice(0, 10), daysWaiting: 30 } },
    ]);

    // A clearance within the review leaves the review's start where it was.
    expectStatus(await people.kemendesReviewer.act(id, 'approve-review', { documentHash: draftHash }), 200);
    expect((await inboxItem(people.baritoReviewer))?.overdue).toEqual({ step: 'review', since: submittedAt, overdueSince: overdueAt });

    // Sent back to drafting: no step waits, nothing is overdue; submitted again, its review starts afresh.
    expectStatus(await people.baritoReviewer.act(id, 'request-changes', { reason: 'Pasal 3 perlu diperjelas' }), 200);
    expect(await reviewDeadline()).toBeUndefined();
    expectStatus(
      await people.kemendesDrafter.act(id, 'attach-document', { type: 'DRAFT', sha256: draftHash.replace(/^./, 'f'), name: 'draft-2.pdf' }),
      200,
    );
    expectStatus(await people.kemendesDrafter.act(id, 'submit-for-review'), 200);
    expect((await inboxItem(people.baritoReviewer))?.overdue).toBeUndefined();
    expect(await reviewDeadline()).toMatchObject({ dueAt: new Date(Date.parse(overdueAt) + 30 * 86_400_000).toISOString(), due: false });
    // The new review, overdue in its turn, is recorded again.
    clock.set(new Date(Date.parse(overdueAt) + 30 * 86_400_000).toISOString());
    await scheduler.runDue();
    expect(await escalations()).toHaveLength(2);
  });

  it('gives a token that borrows the scheduler’s name none of its power', async () => {
    const id = await activeWithDeadlines();
    clock.set('2025-01-02T00:00:00Z');
    const before = (await history(id)).length;
    // The scheduler's id and name, with a role that may not expire, of a party agency: refused for the role.
    const namesake = await callerFor(service, {
      sub: 'sepakat-scheduler',
      name: 'Penjadwal sepakat',
      agency: KEMENDES,
      roles: ['IMPLEMENTER'],
    });
    expect((await namesake.act(id, 'expire')).statusCode).toBe(403);
    // Its agency too, with a role that may: not a party, so the agreement does not exist for it.
    const outsider = await callerFor(service, {
      sub: 'sepakat-scheduler',
      name: 'Penjadwal sepakat',
      agency: 'SEPAKAT',
      roles: ['COORDINATOR'],
    });
    expect((await outsider.act(id, 'expire')).statusCode).toBe(404);
    expect(await history(id)).toHaveLength(before);
    expect(await stateOf(id)).toBe('active after Activated');
  });
});

describe('the deadline scheduler across a restart', () => {
  it('fires at start what fell due while the service was down', async () => {
    const files = await temporaryDirectory();
    const clock = new TestClock(new Date('2024-12-31T10:00:00Z'));
    // The events outlive the service in its data folder (an EventStoreDB test server would not).
    const env = { EVENT_STORE: 'sqlite', SCHEDULER_INTERVAL_MS: '3600000' };
    let service = await startTestApp(env, files, { clock });
    try {
      const people = await cast(service);
      const { id } = await activeMou(people);
      await service.close();

      // Down over the new year; back on 3 January.
      clock.set('2025-01-03T01:00:00Z');
      service = await startTestApp(env, files, { clock });
      const auditor = (await cast(service)).auditor;
      await eventuallyAsync(async () => {
        const response = await auditor.get(`/agreements/${id}/history?limit=1000`);
        return response.json<{ items: HistoryItem[] }>().items.some((event) => event.type === 'Expired');
      }, 'the expiry recorded by the first pass');
      const items = (await auditor.get(`/agreements/${id}/history?limit=1000`)).json<{ items: HistoryItem[] }>().items;
      expect(items.filter((event) => event.type === 'Expired')).toHaveLength(1);
      expect(items.at(-1)!.actor.id).toBe('sepakat-scheduler');

      // What operators see of it.
      const exposition = (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(sample(exposition, 'sepakat_scheduler_leading')).toBe(1);
      expect(sample(exposition, 'sepakat_scheduler_passes_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
      expect(sample(exposition, 'sepakat_scheduler_passes_total', { outcome: 'failed' })).toBe(0);
      expect(sample(exposition, 'sepakat_scheduler_commands_total', { outcome: 'fired', kind: 'act' })).toBe(1);
      expect(sample(exposition, 'sepakat_scheduler_pass_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    } finally {
      await service.close();
      await files.remove();
    }
  });
});

const schema = freshSchemaName();
describePostgres('the deadline scheduler on two replicas of one deployment (PostgreSQL read model)', () => {
  const clock = new TestClock(new Date('2024-06-03T02:00:00Z'));
  let directory: TemporaryDirectory;
  let replicas: TestApp[] = [];

  beforeAll(async () => {
    // One data folder (one event store) and one read model: two replicas, each with a scheduler loop every 20 ms.
    directory = await temporaryDirectory();
    const env = { EVENT_STORE: 'sqlite', READ_MODEL_URL: TEST_POSTGRES_URL, READ_MODEL_SCHEMA: schema, SCHEDULER_INTERVAL_MS: '20' };
    replicas = [await startTestApp(env, directory, { clock }), await startTestApp(env, directory, { clock })];
  });

  afterAll(async () => {
    for (const replica of replicas) await replica.close();
    await directory.remove();
    await dropSchema(schema);
  });

  it('elects one scheduler, acts once from either replica, and hands over when the leader stops', async () => {
    const [a, b] = replicas as [TestApp, TestApp];
    const people = await cast(a);
    const history = async (id: string) =>
      (await people.auditor.get(`/agreements/${id}/history?limit=1000`)).json<{ items: HistoryItem[] }>().items;
    const count = async (id: string, type: string) => (await history(id)).filter((event) => event.type === type).length;
    const loops = replicas.map((replica) => replica.app.get(SchedulerLoop));
    await eventuallyAsync(async () => Promise.resolve(loops.some((loop) => loop.isLeading)), 'a scheduler leading');
    expect(loops.filter((loop) => loop.isLeading)).toHaveLength(1);

    const first = (await activeMou(people)).id;
    const second = (await activeMou(people, { ...MOU_DRAFT, term: { startDate: '2020-03-10', endDate: '2025-06-30' } })).id;

    // Seven days before the end of the first: one reminder, whatever the two loops and two more passes at once do.
    clock.set('2024-12-25T00:00:00+07:00');
    await eventuallyAsync(async () => (await count(first, 'DeadlineApproaching')) === 1, 'the reminder');
    await Promise.all([a.app.get(DeadlineScheduler).runDue(), b.app.get(DeadlineScheduler).runDue()]);
    expect(await count(first, 'DeadlineApproaching')).toBe(1);

    clock.set('2024-12-31T17:00:00Z');
    await eventuallyAsync(async () => (await count(first, 'Expired')) === 1, 'the expiry');
    await Promise.all([a.app.get(DeadlineScheduler).runDue(), b.app.get(DeadlineScheduler).runDue()]);
    expect(await count(first, 'Expired')).toBe(1);

    // The leader stops; the other replica takes the lead and expires the second MoU on its day.
    const leader = loops[0].isLeading ? a : b;
    const other = leader === a ? b : a;
    await leader.close();
    replicas = [other];
    clock.set('2025-06-30T17:00:00Z');
    await eventuallyAsync(async () => other.app.get(SchedulerLoop).isLeading, 'the other replica leading');
    const auditor = (await cast(other)).auditor;
    await eventuallyAsync(async () => {
      const items = (await auditor.get(`/agreements/${second}/history?limit=1000`)).json<{ items: HistoryItem[] }>().items;
      return items.some((event) => event.type === 'Expired');
    }, 'the second MoU expired by the new leader');
  }, 60_000);
});
