import { dateId, emailText } from '../../../src/domain/notifications/email-text';
import { emailIntents, notifiedAgencyIds } from '../../../src/domain/notifications/notification-intents';
import {
  asksFor,
  assertManagesNotifications,
  assertReadsNotifications,
  checkEmailRecipient,
  checkEventTypes,
  NOTIFIED_EVENT_TYPES,
} from '../../../src/domain/notifications/notification-rules';
import { BARITO_KUALA, cleared, KEMENDES, official, PATH, signedBy } from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

type Events = Parameters<typeof replay>[0];

/** The intents of the last event of `events`, as `agency reason roles: actions`. */
function intents(events: Events): string[] {
  const before = events.length > 1 ? replay(events.slice(0, -1)) : undefined;
  const after = replay(events);
  return emailIntents(events.at(-1)!.type, before, after).map(
    (intent) => `${intent.agencyId} ${intent.reason} ${intent.roles.join('+')}: ${intent.actions.map((a) => a.action).join(',')}`,
  );
}

describe('who hears of an event by email', () => {
  it('announces a step to the roles that can take it, at each party', () => {
    expect(intents(PATH.inReview)).toEqual([
      `${KEMENDES} awaited REVIEWER: approve-review`,
      `${BARITO_KUALA} awaited REVIEWER: approve-review`,
    ]);
  });

  it('announces a step once: a party’s clearance is news only to its own legal reviewers', () => {
    expect(intents([...PATH.inReview, cleared(KEMENDES, 'TECHNICAL')])).toEqual([`${KEMENDES} awaited LEGAL_REVIEWER: approve-review`]);
    // The second signature announces nothing to the first party again; the last one announces activation.
    expect(intents([...PATH.signing, signedBy(KEMENDES)])).toEqual([]);
    expect(intents(PATH.executed)).toEqual([
      `${KEMENDES} awaited COORDINATOR+RECORDS_OFFICER: activate,assign-registry-number`,
      `${BARITO_KUALA} awaited COORDINATOR+RECORDS_OFFICER: activate,assign-registry-number`,
    ]);
  });

  it('reminds every party’s coordinators of an approaching deadline, with the steps now open to them', () => {
    const reminded: Events = [...PATH.active, { type: 'DeadlineApproaching', deadline: 'notice', dueDate: '2024-10-03', daysLeft: 30 }];
    expect(intents(reminded)).toEqual([
      `${KEMENDES} reminder COORDINATOR: assign-registry-number,renew,give-termination-notice`,
      `${BARITO_KUALA} reminder COORDINATOR: assign-registry-number,renew,give-termination-notice`,
    ]);
  });

  it('tells those who can take an overdue step that it is overdue', () => {
    const overdue: Events = [
      ...PATH.inReview,
      cleared(KEMENDES, 'TECHNICAL'),
      { type: 'StepOverdue', step: 'review', since: '2024-06-03', daysWaiting: 31 },
    ];
    expect(intents(overdue)).toEqual([
      `${KEMENDES} overdue LEGAL_REVIEWER: approve-review`,
      `${BARITO_KUALA} overdue REVIEWER: approve-review`,
    ]);
  });

  it('tells only the parties', () => {
    expect(notifiedAgencyIds(replay(PATH.drafting))).toEqual([KEMENDES, BARITO_KUALA]);
  });
});

describe('what an agency may keep', () => {
  const coordinator = official(KEMENDES, 'COORDINATOR');

  it('is managed by its own coordinators and administrators; auditors read', () => {
    expect(() => assertManagesNotifications(coordinator, KEMENDES)).not.toThrow();
    expect(() => assertManagesNotifications(official(BARITO_KUALA, 'ADMIN'), KEMENDES)).not.toThrow();
    expect(() => assertManagesNotifications(coordinator, BARITO_KUALA)).toThrow(`Only a COORDINATOR of ${BARITO_KUALA} or an ADMIN`);
    expect(() => assertManagesNotifications(official(KEMENDES, 'REVIEWER'), KEMENDES)).toThrow('Only a COORDINATOR');
    expect(() => assertManagesNotifications(official(KEMENDES, 'AUDITOR', 'ADMIN'), KEMENDES)).toThrow('An auditor reads');
    expect(() => assertReadsNotifications(official('itjen', 'AUDITOR'), KEMENDES)).not.toThrow();
    expect(() => assertReadsNotifications(official(KEMENDES, 'DRAFTER'), KEMENDES)).toThrow();
  });

  it('asks for known event types, or all of them', () => {
    expect(checkEventTypes(['Expired', 'AgreementDrafted', 'Expired'])).toEqual(['AgreementDrafted', 'Expired']);
    expect(checkEventTypes(['*'])).toEqual(['*']);
    expect(() => checkEventTypes([])).toThrow('at least one');
    expect(() => checkEventTypes(['*', 'Expired'])).toThrow('alone');
    expect(() => checkEventTypes(['Expird'])).toThrow('Unknown event type Expird');
    expect(NOTIFIED_EVENT_TYPES).toEqual(
      expect.arrayContaining(['AgreementDrafted', 'DeadlineApproaching', 'StepOverdue', 'Expired', 'WorkflowMigrated']),
    );
    expect(asksFor(['*'], 'Expired')).toBe(true);
    expect(asksFor(['Expired'], 'Expired')).toBe(true);
    expect(asksFor(['Expired'], 'Terminated')).toBe(false);
  });

  it('writes to plain addresses of officials holding acting roles', () => {
    expect(
      checkEmailRecipient({ address: ' Biro.Hukum@Kemendesa.go.id ', name: 'Biro Hukum', roles: ['REVIEWER', 'COORDINATOR'] }),
    ).toEqual({
      address: 'biro.hukum@kemendesa.go.id',
      name: 'Biro Hukum',
      roles: ['COORDINATOR', 'REVIEWER'],
    });
    for (const address of [
      'no-at-sign',
      'a@b',
      'a b@c.go.id',
      '"x"@c.go.id',
      'a@-c.go.id',
      `${'a'.repeat(65)}@c.go.id`,
      'a@b.go.id\nBcc: x@y.z',
    ]) {
      expect(() => checkEmailRecipient({ address, name: 'X', roles: ['COORDINATOR'] })).toThrow('one email address');
    }
    expect(() => checkEmailRecipient({ address: 'a@b.go.id', name: 'X', roles: [] })).toThrow('at least one role');
    expect(() => checkEmailRecipient({ address: 'a@b.go.id', name: 'X', roles: ['ADMIN'] })).toThrow('ADMIN takes none');
    expect(() => checkEmailRecipient({ address: 'a@b.go.id', name: 'X\u202E', roles: ['COORDINATOR'] })).toThrow();
  });
});

describe('the emails, in Bahasa Indonesia', () => {
  const agreement = { id: 'a1', title: 'Pengembangan Desa Percontohan', kind: 'NOTA_KESEPAHAMAN' };

  it('dates as Indonesian letters write them', () => {
    expect(dateId('2025-01-01')).toBe('1 Januari 2025');
    expect(dateId('2024-10-03')).toBe('3 Oktober 2024');
  });

  it('says what awaits, what approaches and what is late', () => {
    const awaited = emailText({
      reason: 'awaited',
      recipientName: 'Bupati',
      agreement,
      actions: ['sign'],
      event: { type: 'SigningOpened', data: {} },
      summary: 'Penandatanganan dibuka',
    });
    expect(awaited.subject).toBe('[sepakat] Menunggu tindakan Anda: Pengembangan Desa Percontohan');
    expect(awaited.text).toContain('Yth. Bupati,\n\nNota Kesepahaman "Pengembangan Desa Percontohan" menunggu langkah Anda.');
    expect(awaited.text).toContain('- Tanda tangani');
    expect(awaited.text).toContain('Nomor kesepakatan di sepakat: a1');
    const reminder = emailText({
      reason: 'reminder',
      recipientName: 'Biro Kerja Sama',
      agreement,
      actions: [],
      event: { type: 'DeadlineApproaching', data: { deadline: 'expiry', dueDate: '2025-01-01', daysLeft: 7 } },
      summary: '…',
      link: 'https://sepakat.example.go.id/#/perjanjian/a1',
    });
    expect(reminder.subject).toBe('[sepakat] Pengingat: berakhirnya jangka waktu Pengembangan Desa Percontohan dalam 7 hari');
    expect(reminder.text).toContain('jatuh pada 1 Januari 2025, 7 hari lagi.');
    expect(reminder.text).toContain('Buka kesepakatan: https://sepakat.example.go.id/#/perjanjian/a1');
    const overdue = emailText({
      reason: 'overdue',
      recipientName: 'Bappeda',
      agreement: { ...agreement, kind: 'PERJANJIAN_KERJA_SAMA' },
      actions: ['approve-review'],
      event: { type: 'StepOverdue', data: { step: 'review', since: '2024-06-03', daysWaiting: 31 } },
      summary: '…',
    });
    expect(overdue.subject).toBe('[sepakat] Terlambat: peninjauan Pengembangan Desa Percontohan');
    expect(overdue.text).toContain(
      'Tahap peninjauan Perjanjian Kerja Sama "Pengembangan Desa Percontohan" telah menunggu 31 hari sejak 3 Juni 2024',
    );
  });
});
