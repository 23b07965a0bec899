import { authorizeAction, canReadAgreement } from '../../../src/domain/access/policy';
import { SCHEDULER_ACTOR } from '../../../src/domain/access/system-actors';
import { lifecycleState } from '../../../src/domain/agreements/agreement-decider';
import {
  agencyTimeZone,
  agreementDeadlines,
  agreementTimeZone,
  currentDeadline,
  EARLIEST_TIME_ZONE,
  remindedOf,
  responsibleAgencyId,
  startOfDate,
} from '../../../src/domain/agreements/deadlines';
import type { Agency, Directory } from '../../../src/domain/directory/agency';
import { AccessDeniedError, BusinessRuleViolationError } from '../../../src/domain/errors';
import { actionsOf } from '../../../src/domain/workflows/migrations';
import { EVENT_SUMMARIES_V1 } from '../../../src/domain/workflows/v1/event-summaries.v1';
import { NOTA_KESEPAHAMAN_V1 } from '../../../src/domain/workflows/workflow-registry';
import { BARITO_KUALA, KEMENDES, official, PATH } from '../../support/domain/agreement-fixtures';
import { given, replay } from '../../support/domain/decider-specification';

const agency = (id: string, timeZone: Agency['timeZone']): Agency => ({ id, name: id, level: 'KEMENTERIAN', timeZone });
const directoryOf = (...agencies: Agency[]): Directory => new Map(agencies.map((entry) => [entry.id, entry]));

describe('deadlines derived from an agreement', () => {
  const deadlinesIn = (state: keyof typeof PATH) => {
    const agreement = replay(PATH[state]);
    return agreementDeadlines(agreement.snapshot.context, lifecycleState(agreement));
  };

  it('gives an active MoU its notice deadline (the day after the end date minus the notice period) and its expiry the day after the end date', () => {
    // 90 days' notice before 31 December: renewal until 2 October, refused from 3 October.
    expect(deadlinesIn('active')).toEqual([
      { kind: 'notice', dueDate: '2024-10-03', key: 'notice:2024-12-31' },
      { kind: 'expiry', dueDate: '2025-01-01', action: 'expire', key: 'expire:2024-12-31' },
    ]);
  });

  it('keys the expiry by the end date in force, so a renewal makes a new one', () => {
    const renewed = replay([...PATH.active, { type: 'Renewed', previousEndDate: '2024-12-31', newEndDate: '2026-06-30' }]);
    expect(agreementDeadlines(renewed.snapshot.context, lifecycleState(renewed))).toEqual([
      { kind: 'notice', dueDate: '2026-04-02', key: 'notice:2026-06-30' },
      { kind: 'expiry', dueDate: '2026-07-01', action: 'expire', key: 'expire:2026-06-30' },
    ]);
  });

  it('gives a terminating agreement its termination on the notice’s effective date, and nothing else', () => {
    expect(deadlinesIn('terminating')).toEqual([
      { kind: 'termination', dueDate: '2023-01-01', action: 'terminate', key: 'terminate:2023-01-01' },
    ]);
  });

  it.each(['drafting', 'inReview', 'readyToSign', 'signing', 'executed', 'amending', 'terminated', 'expired', 'withdrawn', 'archived'])(
    'gives an agreement in %s no deadline the scheduler acts on',
    (state) => {
      expect(deadlinesIn(state).filter((deadline) => deadline.action !== undefined)).toEqual([]);
      expect(deadlinesIn(state)).toEqual([]);
    },
  );
});

describe('the time zone of an agreement', () => {
  const context = replay(PATH.active).snapshot.context;

  it('is its first party’s (PIHAK_KESATU) in the directory', () => {
    expect(responsibleAgencyId(context)).toBe(KEMENDES);
    expect(agreementTimeZone(context, directoryOf(agency(KEMENDES, 'Asia/Jayapura'), agency(BARITO_KUALA, 'Asia/Makassar')))).toBe(
      'Asia/Jayapura',
    );
    // The second party's zone never counts.
    expect(agreementTimeZone(context, directoryOf(agency(BARITO_KUALA, 'Asia/Makassar')))).toBe('Asia/Jakarta');
  });

  it('is WIB where the directory does not know the agency, or there is no directory', () => {
    expect(agreementTimeZone(context, undefined)).toBe('Asia/Jakarta');
    expect(agencyTimeZone(undefined, directoryOf(agency(KEMENDES, 'Asia/Makassar')))).toBe('Asia/Jakarta');
    expect(agreementTimeZone({ parties: [] }, directoryOf())).toBe('Asia/Jakarta');
  });

  it('puts the start of a date at midnight of each zone: WIB +7, WITA +8, WIT +9', () => {
    expect(startOfDate('2025-01-01', 'Asia/Jakarta').toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(startOfDate('2025-01-01', 'Asia/Makassar').toISOString()).toBe('2024-12-31T16:00:00.000Z');
    expect(startOfDate('2025-01-01', 'Asia/Jayapura').toISOString()).toBe('2024-12-31T15:00:00.000Z');
    expect(startOfDate('2024-03-01', 'Asia/Jakarta').toISOString()).toBe('2024-02-29T17:00:00.000Z');
  });

  it('names WIT as the zone where a date begins first', () => {
    expect(EARLIEST_TIME_ZONE).toBe('Asia/Jayapura');
  });
});

describe('the decider reads "today" in the agreement’s zone', () => {
  const coordinator = official(KEMENDES, 'COORDINATOR');
  // 23:30 WIB on the end date is 00:30 WIT the day after.
  const lateOnTheEndDate = new Date('2024-12-31T16:30:00Z');

  it('refuses expiry on the end date where the first party is in WIB', () => {
    given(PATH.active)
      .when({ type: 'ExpireAgreement' }, coordinator, { now: lateOnTheEndDate, directory: directoryOf(agency(KEMENDES, 'Asia/Jakarta')) })
      .thenThrows(BusinessRuleViolationError, { rule: 'not-expired' });
  });

  it('records expiry at the same instant where the first party is in WIT, its day being over', () => {
    given(PATH.active)
      .when({ type: 'ExpireAgreement' }, coordinator, { now: lateOnTheEndDate, directory: directoryOf(agency(KEMENDES, 'Asia/Jayapura')) })
      .then([{ type: 'Expired', endDate: '2024-12-31' }]);
  });
});

describe('the scheduler’s authority', () => {
  const scheduled = actionsOf(NOTA_KESEPAHAMAN_V1).filter((action) => action.policy.scheduler === true);

  it('extends to expire, terminate, remind and escalate only', () => {
    expect(scheduled.map((action) => action.name).sort()).toEqual(['escalate', 'expire', 'remind', 'terminate']);
  });

  it('acts on any agreement, for its first party, in the actions left to it', () => {
    for (const action of scheduled) {
      expect(authorizeAction(action.policy, SCHEDULER_ACTOR, [BARITO_KUALA, KEMENDES])).toEqual({ allowed: true, party: BARITO_KUALA });
    }
  });

  it('is refused every other action, whatever the parties', () => {
    for (const action of actionsOf(NOTA_KESEPAHAMAN_V1).filter((candidate) => candidate.policy.scheduler !== true)) {
      expect(authorizeAction(action.policy, SCHEDULER_ACTOR, [KEMENDES, BARITO_KUALA])).toEqual({ allowed: false, reason: 'role' });
    }
    expect(authorizeAction(scheduled[0].policy, SCHEDULER_ACTOR, [])).toEqual({ allowed: false, reason: 'role' });
  });

  it('reads every agreement; an official with its id and name but no system mark does not', () => {
    expect(canReadAgreement(SCHEDULER_ACTOR, [KEMENDES])).toBe(true);
    const namesake = { id: SCHEDULER_ACTOR.id, name: SCHEDULER_ACTOR.name, agencyId: SCHEDULER_ACTOR.agencyId, roles: [] };
    expect(canReadAgreement(namesake, [KEMENDES])).toBe(false);
  });

  it('is refused by the decider for an action not left to it', () => {
    given(PATH.active)
      .when({ type: 'RenewAgreement', newEndDate: '2026-12-31' }, SCHEDULER_ACTOR, { now: new Date('2024-06-01T00:00:00Z') })
      .thenThrows(AccessDeniedError);
  });

  it('expires through the decider once the end date has passed, and not before', () => {
    given(PATH.active)
      .when({ type: 'ExpireAgreement' }, SCHEDULER_ACTOR, { now: new Date('2024-12-31T17:00:00Z') })
      .then([{ type: 'Expired', endDate: '2024-12-31' }]);
    given(PATH.active)
      .when({ type: 'ExpireAgreement' }, SCHEDULER_ACTOR, { now: new Date('2024-12-31T16:59:59Z') })
      .thenThrows(BusinessRuleViolationError, { rule: 'not-expired' });
  });
});

describe('an overdue step, as the machine holds it', () => {
  const overdue = (step: 'review' | 'signing', daysWaiting = 30) => ({
    type: 'StepOverdue' as const,
    step,
    since: '2020-05-01',
    daysWaiting,
  });

  it('is recorded once per start of the step, in the step the agreement waits in', () => {
    expect(replay([...PATH.inReview, overdue('review')]).snapshot.context.escalated).toBe('review');
    expect(() => replay([...PATH.inReview, overdue('review'), overdue('review')])).toThrow('StepOverdue is not accepted');
    expect(() => replay([...PATH.inReview, overdue('signing')])).toThrow('StepOverdue is not accepted');
    expect(() => replay([...PATH.drafting, overdue('review')])).toThrow('StepOverdue is not accepted');
    expect(() => replay([...PATH.inReview, overdue('review', 0)])).toThrow('StepOverdue is not accepted');
    expect(replay([...PATH.signing, overdue('signing')]).snapshot.context.escalated).toBe('signing');
  });

  it('is cleared when a step begins: signing after an overdue review may be recorded overdue in its turn', () => {
    const reviewOverdueThenSigning = [...PATH.inReview, overdue('review'), ...PATH.signing.slice(PATH.inReview.length)];
    const state = replay(reviewOverdueThenSigning);
    expect(state.snapshot.context.escalated).toBeUndefined();
    expect(replay([...reviewOverdueThenSigning, overdue('signing')]).snapshot.context.escalated).toBe('signing');
  });

  it('is decided by the scheduler from the step’s start: the days it waited, refused the day it began or twice', () => {
    given(PATH.inReview)
      .when({ type: 'EscalateOverdueStep', step: 'review', since: '2020-05-01' }, SCHEDULER_ACTOR, {
        now: new Date('2020-05-31T03:00:00Z'),
      })
      .then([{ type: 'StepOverdue', step: 'review', since: '2020-05-01', daysWaiting: 30 }]);
    given(PATH.inReview)
      .when({ type: 'EscalateOverdueStep', step: 'review', since: '2020-05-31' }, SCHEDULER_ACTOR, {
        now: new Date('2020-05-31T03:00:00Z'),
      })
      .thenThrows(BusinessRuleViolationError, { rule: 'step-not-overdue' });
    given([...PATH.inReview, overdue('review')])
      .when({ type: 'EscalateOverdueStep', step: 'review', since: '2020-05-01' }, SCHEDULER_ACTOR, {
        now: new Date('2020-05-31T03:00:00Z'),
      })
      .thenThrows(BusinessRuleViolationError, { rule: 'already-escalated' });
    given(PATH.inReview)
      .when({ type: 'EscalateOverdueStep', step: 'signing', since: '2020-05-01' }, SCHEDULER_ACTOR, {
        now: new Date('2020-05-31T03:00:00Z'),
      })
      .thenThrows(BusinessRuleViolationError, { rule: 'step' });
  });
});

describe('a reminder of a deadline, as the decider and the machine hold it', () => {
  const remind = (deadline: 'notice' | 'expiry', dueDate: string) => ({ type: 'RemindOfDeadline' as const, deadline, dueDate });
  const approaching = (deadline: 'notice' | 'expiry', dueDate: string, daysLeft: number) => ({
    type: 'DeadlineApproaching' as const,
    deadline,
    dueDate,
    daysLeft,
  });
  const at = (instant: string) => ({ now: new Date(instant) });

  it('names the deadline ahead with the whole days left, in the agreement’s zone', () => {
    // 1 December 2024, 00:30 WIB: 31 days before the expiry's date.
    given(PATH.active)
      .when(remind('expiry', '2025-01-01'), SCHEDULER_ACTOR, at('2024-11-30T17:30:00Z'))
      .then([approaching('expiry', '2025-01-01', 31)]);
    given(PATH.active)
      .when(remind('notice', '2024-10-03'), SCHEDULER_ACTOR, at('2024-10-02T03:00:00Z'))
      .then([approaching('notice', '2024-10-03', 1)]);
  });

  it('refuses a deadline the agreement does not have, one that has come, and one already reminded as close', () => {
    given(PATH.active)
      .when(remind('expiry', '2025-01-02'), SCHEDULER_ACTOR, at('2024-12-01T03:00:00Z'))
      .thenThrows(BusinessRuleViolationError, { rule: 'deadline', message: 'The agreement has no expiry deadline on 2025-01-02' });
    given(PATH.active)
      .when(remind('expiry', '2025-01-01'), SCHEDULER_ACTOR, at('2024-12-31T17:00:00Z'))
      .thenThrows(BusinessRuleViolationError, { rule: 'deadline-passed' });
    given([...PATH.active, approaching('expiry', '2025-01-01', 30)])
      .when(remind('expiry', '2025-01-01'), SCHEDULER_ACTOR, at('2024-12-02T03:00:00Z'))
      .thenThrows(BusinessRuleViolationError, { rule: 'already-reminded' });
    // One day closer than the last reminder: accepted.
    given([...PATH.active, approaching('expiry', '2025-01-01', 30)])
      .when(remind('expiry', '2025-01-01'), SCHEDULER_ACTOR, at('2024-12-03T03:00:00Z'))
      .then([approaching('expiry', '2025-01-01', 29)]);
  });

  it('is accepted by the machine only closer each time, for a deadline the agreement has, with a day or more left', () => {
    const reminded = replay([...PATH.active, approaching('expiry', '2025-01-01', 30)]);
    expect(reminded.snapshot.context.reminders).toEqual({ 'expire:2024-12-31': 30 });
    expect(
      replay([...PATH.active, approaching('expiry', '2025-01-01', 30), approaching('expiry', '2025-01-01', 7)]).snapshot.context.reminders,
    ).toEqual({
      'expire:2024-12-31': 7,
    });
    const illegal = [
      [approaching('expiry', '2025-01-01', 30), approaching('expiry', '2025-01-01', 30)],
      [approaching('expiry', '2025-01-01', 30), approaching('expiry', '2025-01-01', 31)],
      [approaching('expiry', '2025-01-02', 30)],
      [approaching('notice', '2025-01-01', 30)],
      [approaching('expiry', '2025-01-01', 0)],
      [approaching('expiry', '2025-01-01', 2.5)],
    ];
    for (const events of illegal) expect(() => replay([...PATH.active, ...events])).toThrow('DeadlineApproaching is not accepted');
    expect(() => replay([...PATH.inReview, approaching('expiry', '2025-01-01', 30)])).toThrow('DeadlineApproaching is not accepted');
  });

  it('shows the reminded deadline as reminded, and a renewal as awaited until the expiry is reminded after the notice deadline', () => {
    const notice = approaching('notice', '2024-10-03', 30);
    const context = (events: Parameters<typeof replay>[0]) => replay([...PATH.active, ...events]).snapshot.context;
    expect(agreementDeadlines(context([notice]), 'active')[0]).toMatchObject({ kind: 'notice', remindedDaysLeft: 30 });
    expect(remindedOf(context([]), 'notice')).toBe(false);
    expect(remindedOf(context([notice]), 'notice')).toBe(true);
    expect(remindedOf(context([notice]), 'expiry')).toBe(false);
    // An expiry reminder before the notice deadline (expiry 90 days ahead on 3 October is on the deadline: it ends the renewal's turn).
    expect(remindedOf(context([notice, approaching('expiry', '2025-01-01', 91)]), 'notice')).toBe(true);
    expect(remindedOf(context([notice, approaching('expiry', '2025-01-01', 90)]), 'notice')).toBe(false);
    expect(remindedOf(context([notice, approaching('expiry', '2025-01-01', 90)]), 'expiry')).toBe(true);
    expect(currentDeadline(context([]), 'expiry', '2025-01-01')?.key).toBe('expire:2024-12-31');
    expect(currentDeadline(context([]), 'expiry', '2024-12-31')).toBeUndefined();
    expect(currentDeadline(context([]), 'notice', '2025-01-01')).toBeUndefined();
  });
});

describe('the history’s lines for the scheduler’s events', () => {
  const words = { who: 'Penjadwal sepakat', party: (agencyId: string) => agencyId };
  const line = <T extends 'DeadlineApproaching' | 'StepOverdue'>(
    type: T,
    event: Extract<Parameters<(typeof EVENT_SUMMARIES_V1)[T]['id']>[0], { type: T }>,
  ) => [EVENT_SUMMARIES_V1[type].id(event as never, words), EVENT_SUMMARIES_V1[type].en(event as never, words)];

  it('name the last day to renew, or the end of the term, with the days left', () => {
    expect(line('DeadlineApproaching', { type: 'DeadlineApproaching', deadline: 'notice', dueDate: '2024-10-03', daysLeft: 30 })).toEqual([
      'Penjadwal sepakat mengingatkan para pihak: perpanjangan atau pemberitahuan pengakhiran paling lambat 2024-10-02, 30 hari lagi',
      'Penjadwal sepakat reminded the parties: renewal or notice of termination by 2024-10-02, 30 days away',
    ]);
    expect(line('DeadlineApproaching', { type: 'DeadlineApproaching', deadline: 'expiry', dueDate: '2025-01-01', daysLeft: 7 })).toEqual([
      'Penjadwal sepakat mengingatkan para pihak: jangka waktu kesepakatan berakhir pada 2024-12-31, 7 hari lagi',
      'Penjadwal sepakat reminded the parties: the term ends on 2024-12-31, 7 days away',
    ]);
  });

  it('name the overdue step, since when and for how long', () => {
    expect(line('StepOverdue', { type: 'StepOverdue', step: 'signing', since: '2024-06-03', daysWaiting: 14 })).toEqual([
      'Penjadwal sepakat mencatat bahwa penandatanganan terlambat: menunggu sejak 2024-06-03, 14 hari',
      'Penjadwal sepakat recorded the signing overdue: waiting since 2024-06-03, 14 days',
    ]);
  });
});
