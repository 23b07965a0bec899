import { DeadlineScheduler } from '../../src/application/scheduler/deadline-scheduler';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../../src/application/ports/deadlines.port';
import { NOTIFICATIONS_PROJECTION, type NotificationsVersions } from '../../src/infrastructure/read-models/read-model.module';
import { activeMou, cast, draftMou, expectStatus, MOU_DRAFT } from '../support/agreement-scenarios';
import { eventuallyAsync } from '../support/async';
import { BANJAR, BARITO_KUALA, KEMENDES } from '../support/domain/officials';
import { refusedWithNothingAppended } from '../support/http-client';
import { SmtpSink, verifySignature, WebhookReceiver } from '../support/notification-receivers';
import { describePostgres, dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../support/postgres';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';

interface Delivery {
  id: string;
  channel: string;
  targetId: string;
  agreementId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatus?: number;
  lastError?: string;
  deliveredAt?: string;
}

interface WebhookBody {
  id: string;
  type: string;
  agreement: { id: string; title: string; state: string; parties: { agencyId: string }[] };
  event: { id: string; position: string; revision: string; actor: { name: string; agencyId: string }; data: Record<string, unknown> };
}

/** Quick retries, short timeouts: the whole life of a delivery in a second or two. */
const FAST_DELIVERY = {
  NOTIFICATION_POLL_MS: '20',
  NOTIFICATION_RETRY_BASE_MS: '50',
  NOTIFICATION_RETRY_MAX_MS: '200',
  NOTIFICATION_MAX_ATTEMPTS: '3',
  NOTIFICATION_PER_TARGET: '2',
  WEBHOOK_TIMEOUT_MS: '400',
  WEBHOOK_ALLOW_LOOPBACK: 'true',
};

function notificationSuite(name: string, env: () => Record<string, string>, cleanUp: () => Promise<void> = async () => undefined) {
  describe(name, () => {
    // The agreements are made in June 2024 (the motivating case's MoU ends on 31 December 2024).
    const clock = new TestClock(new Date('2024-06-03T02:00:00Z'));
    let service: TestApp;
    let people: Awaited<ReturnType<typeof cast>>;
    let receiver: WebhookReceiver;
    let smtp: SmtpSink;

    beforeAll(async () => {
      receiver = await WebhookReceiver.start();
      smtp = await SmtpSink.start();
      // The scheduler runs its passes when the last test asks (one at start, then hourly).
      service = await startTestApp(
        { ...FAST_DELIVERY, SCHEDULER_INTERVAL_MS: '3600000', SMTP_URL: smtp.url, PUBLIC_URL: 'https://sepakat.example.go.id', ...env() },
        undefined,
        { clock },
      );
      people = await cast(service);
    });

    afterAll(async () => {
      await service.close();
      await receiver.stop();
      await smtp.stop();
      await cleanUp();
    });

    async function addWebhook(caller = people.kemendesCoordinator, agencyId = KEMENDES, path = '/ok', eventTypes = ['*']) {
      const response = await caller.post(`/agencies/${agencyId}/webhooks`, {
        url: receiver.url(path),
        eventTypes,
        description: `Penerima ${path}`,
      });
      expectStatus(response, 201);
      return response.json<{ id: string; secret: string; url: string }>();
    }

    async function deliveries(agencyId: string, query = ''): Promise<Delivery[]> {
      const response = await people.admin.get(`/agencies/${agencyId}/deliveries?limit=500${query}`);
      expectStatus(response, 200);
      return response.json<Delivery[]>();
    }

    /** Waits until the outbox holds every event up to the agreement's last (the projection is asynchronous). */
    async function outboxAt(position: string | bigint): Promise<void> {
      const runner = service.app.get<NotificationsVersions>(NOTIFICATIONS_PROJECTION).servingRunner;
      expect(await runner.reached(BigInt(position), 10_000)).toBe(true);
    }

    it('delivers each event of a party’s agreements to its webhook, signed, and shows the deliveries', async () => {
      const webhook = await addWebhook(people.kemendesCoordinator, KEMENDES, '/kemendes');
      expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      // The secret is shown once: never in the list.
      const listed = await people.kemendesCoordinator.get(`/agencies/${KEMENDES}/webhooks`);
      expect(listed.json<object[]>()).toEqual([expect.objectContaining({ id: webhook.id, eventTypes: ['*'] })]);
      expect(listed.body).not.toContain(webhook.secret);

      const { id, position } = await draftMou(people);
      await outboxAt(position);
      await eventuallyAsync(async () => receiver.at('/kemendes').length >= 2, 'both events delivered');
      // Deliveries run side by side: a receiver orders them by the event's position, not by arrival.
      const [drafted, attached] = receiver
        .at('/kemendes')
        .sort((a, b) =>
          Number(BigInt((JSON.parse(a.body) as WebhookBody).event.position) - BigInt((JSON.parse(b.body) as WebhookBody).event.position)),
        );
      expect(drafted.headers['sepakat-event']).toBe('AgreementDrafted');
      expect(attached.headers['sepakat-event']).toBe('DocumentAttached');
      for (const delivery of [drafted, attached]) {
        expect(delivery.headers['content-type']).toBe('application/json');
        expect(verifySignature(webhook.secret, delivery)).toBe(true);
        // A body changed in transit (or a wrong key) fails the same check.
        expect(verifySignature(webhook.secret, { ...delivery, body: `${delivery.body} ` })).toBe(false);
        expect(verifySignature('whsec_wrong', delivery)).toBe(false);
      }
      const body = JSON.parse(drafted.body) as WebhookBody;
      expect(body).toMatchObject({
        id: drafted.headers['sepakat-delivery'],
        type: 'AgreementDrafted',
        agreement: { id, state: 'drafting', title: MOU_DRAFT.title },
        event: { revision: '0', actor: { agencyId: KEMENDES } },
      });

      await eventuallyAsync(
        async () => (await deliveries(KEMENDES, `&targetId=${webhook.id}`)).every((d) => d.status === 'delivered'),
        'recorded',
      );
      const recorded = await deliveries(KEMENDES, `&targetId=${webhook.id}`);
      expect(recorded.map((d) => [d.eventType, d.status, d.attempts, d.lastStatus])).toEqual([
        ['DocumentAttached', 'delivered', 1, 204],
        ['AgreementDrafted', 'delivered', 1, 204],
      ]);
      // One delivery by id, as the receiver's `Sepakat-Delivery` names it.
      const one = await people.kemendesCoordinator.get(`/agencies/${KEMENDES}/deliveries/${body.id}`);
      expect(one.json()).toMatchObject({ id: body.id, agreementId: id, status: 'delivered' });
    });

    it('pages the deliveries newest first, every one once, even when many share one instant', async () => {
      const targets = [];
      for (const path of ['/page-a', '/page-b', '/page-c']) targets.push(await addWebhook(people.baritoCoordinator, BARITO_KUALA, path));
      // The clock stands still in this test: both events, and so all six deliveries, have one instant.
      const { position } = await draftMou(people);
      await outboxAt(position);
      const ours = new Set(targets.map((target) => target.id));
      const seen: string[] = [];
      let url: string | undefined = `/agencies/${BARITO_KUALA}/deliveries?limit=2`;
      for (let pages = 0; url !== undefined && pages < 100; pages += 1) {
        const page = await people.baritoCoordinator.get(url);
        expectStatus(page, 200);
        seen.push(
          ...page
            .json<Delivery[]>()
            .filter((d) => ours.has(d.targetId))
            .map((d) => d.id),
        );
        expect(page.body).not.toContain('"cursor"');
        url = /<([^>]+)>; rel="next"/.exec(String(page.headers.link ?? ''))?.[1];
      }
      expect(url).toBeUndefined();
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
      for (const target of targets) {
        await service.app.inject({
          method: 'DELETE',
          url: `/agencies/${BARITO_KUALA}/webhooks/${target.id}`,
          headers: { authorization: people.baritoCoordinator.authorization },
        });
      }
    });

    it('tells no agency of an agreement it is not a party to', async () => {
      const banjar = await addWebhook(people.banjarCoordinator, BANJAR, '/banjar');
      const { position } = await draftMou(people);
      await outboxAt(position);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(receiver.at('/banjar')).toEqual([]);
      expect(await deliveries(BANJAR, `&targetId=${banjar.id}`)).toEqual([]);
    });

    it('retries a failing receiver with backoff, dead-letters it after the last attempt, and sends it again on request', async () => {
      receiver.answers.set('/failing', 500);
      const webhook = await addWebhook(people.baritoCoordinator, BARITO_KUALA, '/failing', ['AgreementDrafted']);
      const { id, position } = await draftMou(people);
      await outboxAt(position);
      await eventuallyAsync(async () => (await deliveries(BARITO_KUALA, `&targetId=${webhook.id}`))[0]?.status === 'dead', 'dead letter');
      const [dead] = await deliveries(BARITO_KUALA, `&targetId=${webhook.id}&status=dead`);
      expect(dead).toMatchObject({
        agreementId: id,
        eventType: 'AgreementDrafted',
        attempts: 3,
        lastStatus: 500,
        lastError: 'HTTP 500: receiver says no',
      });
      const attempts = receiver.at('/failing');
      expect(attempts).toHaveLength(3);
      // The same delivery each time (receivers deduplicate by it), later each time.
      expect(new Set(attempts.map((a) => a.headers['sepakat-delivery']))).toEqual(new Set([dead.id]));
      expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(40);

      // Only a manager of the agency sends it again; only a dead letter can be.
      await refusedWithNothingAppended(
        service,
        () => people.auditor.post(`/agencies/${BARITO_KUALA}/deliveries/${dead.id}/redeliver`),
        403,
      );
      receiver.answers.set('/failing', 200);
      const again = await people.baritoCoordinator.post(`/agencies/${BARITO_KUALA}/deliveries/${dead.id}/redeliver`);
      expectStatus(again, 200);
      expect(again.json()).toMatchObject({ status: 'pending', attempts: 0 });
      await eventuallyAsync(
        async () =>
          (await people.baritoCoordinator.get(`/agencies/${BARITO_KUALA}/deliveries/${dead.id}`)).json<Delivery>().status === 'delivered',
        'redelivered',
      );
      const done = await people.baritoCoordinator.post(`/agencies/${BARITO_KUALA}/deliveries/${dead.id}/redeliver`);
      expectStatus(done, 422);
      expect(done.json()).toMatchObject({ rule: 'delivery-not-dead' });
    });

    it('lets a hanging receiver hold up nothing but its own deliveries', async () => {
      receiver.answers.set('/hanging', 'hang');
      const hanging = await addWebhook(people.kemendesCoordinator, KEMENDES, '/hanging');
      const quick = await addWebhook(people.kemendesCoordinator, KEMENDES, '/quick');
      const started = Date.now();
      const made = [];
      for (let i = 0; i < 3; i += 1) made.push(await draftMou(people));
      await outboxAt(made.at(-1)!.position);
      await eventuallyAsync(async () => receiver.at('/quick').length >= 6, 'the quick receiver got all six events');
      // All six while the other receiver held its two slots for up to 400 ms per attempt.
      expect(Date.now() - started).toBeLessThan(5_000);
      await eventuallyAsync(
        async () =>
          (await deliveries(KEMENDES, `&targetId=${hanging.id}`)).some((d) => d.lastError?.includes('no answer within 400 ms') ?? false),
        'the hanging receiver timed out',
      );
      expect((await deliveries(KEMENDES, `&targetId=${quick.id}`)).every((d) => d.status === 'delivered')).toBe(true);
      // Removing the hanging webhook cancels what it was still owed.
      expectStatus(await people.kemendesCoordinator.post(`/agencies/${KEMENDES}/webhooks`, {}), 400);
      const removed = await service.app.inject({
        method: 'DELETE',
        url: `/agencies/${KEMENDES}/webhooks/${hanging.id}`,
        headers: { authorization: people.kemendesCoordinator.authorization },
      });
      expect(removed.statusCode).toBe(204);
      await eventuallyAsync(
        async () => (await deliveries(KEMENDES, `&targetId=${hanging.id}`)).every((d) => d.status !== 'pending'),
        'nothing left pending',
      );
      expect((await deliveries(KEMENDES, `&targetId=${hanging.id}&status=cancelled`)).length).toBeGreaterThan(0);
      expectStatus(await people.kemendesCoordinator.get(`/agencies/${KEMENDES}/webhooks/${hanging.id}`), 404);
      for (const webhook of [quick]) {
        await service.app.inject({
          method: 'DELETE',
          url: `/agencies/${KEMENDES}/webhooks/${webhook.id}`,
          headers: { authorization: people.kemendesCoordinator.authorization },
        });
      }
    });

    it('follows no redirect to a private address', async () => {
      receiver.answers.set('/moved', { status: 307, location: 'https://10.1.2.3/inside' });
      const webhook = await addWebhook(people.baritoCoordinator, BARITO_KUALA, '/moved', ['DocumentAttached']);
      const { position } = await draftMou(people);
      await outboxAt(position);
      await eventuallyAsync(async () => (await deliveries(BARITO_KUALA, `&targetId=${webhook.id}`))[0]?.attempts === 1, 'an attempt');
      const [delivery] = await deliveries(BARITO_KUALA, `&targetId=${webhook.id}`);
      expect(delivery.lastError).toMatch(
        /^redirect refused: url must not point to a private, loopback or reserved address \(10\.1\.2\.3\)/,
      );
    });

    it('writes to the officials whose step is awaited, in Bahasa Indonesia', async () => {
      const address = 'bappeda.batola@example.go.id';
      const added = await people.baritoCoordinator.post(`/agencies/${BARITO_KUALA}/email-recipients`, {
        address,
        name: 'Kepala Bappeda Barito Kuala',
        roles: ['REVIEWER'],
      });
      expectStatus(added, 201);
      const legal = await people.baritoCoordinator.post(`/agencies/${BARITO_KUALA}/email-recipients`, {
        address: 'hukum.batola@example.go.id',
        name: 'Kepala Bagian Hukum',
        roles: ['LEGAL_REVIEWER'],
      });
      expectStatus(legal, 201);
      const { id, draftHash } = await draftMou(people);
      const submitted = await people.kemendesDrafter.act(id, 'submit-for-review');
      expectStatus(submitted, 200);
      await outboxAt(submitted.headers['x-event-position'] as string);
      await eventuallyAsync(async () => smtp.to(address).some((email) => email.text.includes(id)), 'the reviewer’s email');
      const [email] = smtp.to(address).filter((e) => e.text.includes(id));
      expect(email.subject).toBe(`[sepakat] Menunggu tindakan Anda: ${MOU_DRAFT.title}`);
      expect(email.text).toContain('Yth. Kepala Bappeda Barito Kuala,');
      expect(email.text).toContain('Langkah yang menunggu instansi Anda:\n- Setujui tinjauan');
      expect(email.text).toContain(`Buka kesepakatan: https://sepakat.example.go.id/#/perjanjian/${id}`);
      // Not yet the legal reviewers' turn.
      expect(smtp.to('hukum.batola@example.go.id').filter((e) => e.text.includes(id))).toEqual([]);

      // Kemendes's reviews announce nothing new to Barito Kuala; its own technical review is news to its legal reviewers only.
      for (const reviewer of [people.kemendesReviewer, people.kemendesLegal, people.baritoReviewer]) {
        expectStatus(await reviewer.act(id, 'approve-review', { documentHash: draftHash }), 200);
      }
      await eventuallyAsync(
        async () => smtp.to('hukum.batola@example.go.id').some((e) => e.text.includes(id)),
        'the legal reviewer’s email',
      );
      expect(smtp.to(address).filter((e) => e.text.includes(id))).toHaveLength(1);

      // A mailbox the server refuses for good (550 to RCPT TO): dead at the first attempt, not retried.
      smtp.refuse.add('pensiun@example.go.id');
      const gone = await people.baritoCoordinator.post(`/agencies/${BARITO_KUALA}/email-recipients`, {
        address: 'pensiun@example.go.id',
        name: 'Pejabat yang sudah pensiun',
        roles: ['SIGNATORY'],
      });
      expectStatus(gone, 201);
      const goneId = gone.json<{ id: string }>().id;
      expectStatus(await people.baritoLegal.act(id, 'approve-review', { documentHash: draftHash }), 200);
      expectStatus(await people.kemendesCoordinator.act(id, 'open-signing'), 200);
      await eventuallyAsync(
        async () => (await deliveries(BARITO_KUALA, `&targetId=${goneId}`))[0]?.status === 'dead',
        'the refused email dead',
      );
      expect((await deliveries(BARITO_KUALA, `&targetId=${goneId}`))[0]).toMatchObject({ attempts: 1, lastStatus: 550 });
    });

    it('refuses what it must not keep, and appends nothing', async () => {
      const hooks = `/agencies/${KEMENDES}/webhooks`;
      const valid = { url: 'https://arsip.example.go.id/hook', eventTypes: ['*'] };
      const badBodies: [object, RegExp][] = [
        [{ ...valid, url: 'http://arsip.example.go.id/hook' }, /https/],
        [{ ...valid, url: 'https://10.0.0.8/hook' }, /private/],
        [{ ...valid, url: 'https://169.254.169.254/latest/meta-data' }, /private/],
        [{ ...valid, url: 'https://user:secret@arsip.example.go.id/' }, /user name or password/],
        [{ ...valid, url: 'ftp://arsip.example.go.id/' }, /https/],
        [{ ...valid, url: 'not a url' }, /absolute URL/],
        [{ ...valid, eventTypes: ['AgreementDrafted', 'NoSuchEvent'] }, /Unknown event type NoSuchEvent/],
        [{ ...valid, eventTypes: [] }, /eventTypes/],
        [{ ...valid, eventTypes: 'AgreementDrafted' }, /eventTypes/],
        [{ ...valid, description: 'a\u202Eb' }, /description/],
      ];
      for (const [body, message] of badBodies) {
        const problem = await refusedWithNothingAppended(service, () => people.kemendesCoordinator.post(hooks, body), 400);
        expect(JSON.stringify(problem)).toMatch(message);
      }
      // Forbidden roles and parties: another agency's coordinator, a reviewer, an auditor (who reads only).
      await refusedWithNothingAppended(service, () => people.baritoCoordinator.post(hooks, valid), 403);
      await refusedWithNothingAppended(service, () => people.kemendesReviewer.post(hooks, valid), 403);
      await refusedWithNothingAppended(service, () => people.auditor.post(hooks, valid), 403);
      await refusedWithNothingAppended(service, () => people.baritoCoordinator.get(`/agencies/${KEMENDES}/deliveries`), 403);
      expectStatus(await people.auditor.get(`/agencies/${KEMENDES}/deliveries`), 200);
      // No token, a malformed token.
      expect((await service.app.inject({ method: 'GET', url: hooks })).statusCode).toBe(401);
      expect((await service.app.inject({ method: 'GET', url: hooks, headers: { authorization: 'Bearer not.a.token' } })).statusCode).toBe(
        401,
      );
      // An oversized body.
      const huge = { ...valid, description: 'x'.repeat(2_000_000) };
      await refusedWithNothingAppended(service, () => people.kemendesCoordinator.post(hooks, huge), 413);
      // A bad recipient.
      await refusedWithNothingAppended(
        service,
        () =>
          people.kemendesCoordinator.post(`/agencies/${KEMENDES}/email-recipients`, {
            address: 'not-an-address',
            name: 'X',
            roles: ['COORDINATOR'],
          }),
        400,
      );
      await refusedWithNothingAppended(
        service,
        () =>
          people.kemendesCoordinator.post(`/agencies/${KEMENDES}/email-recipients`, {
            address: 'a@b.go.id',
            name: 'X',
            roles: ['AUDITOR'],
          }),
        400,
      );
      // A cursor the service did not make.
      await refusedWithNothingAppended(service, () => people.admin.get(`/agencies/${KEMENDES}/deliveries?after=forged`), 400);
      expect((await people.kemendesCoordinator.get(hooks)).json<{ url: string }[]>().map((w) => w.url)).not.toContain(valid.url);
    });

    // Last: it moves the clock on by half a year.
    it('on a moving clock: reminds the coordinators 90, 30 and 7 days ahead by email and webhook, flags an overdue review, expires', async () => {
      const coordinator = 'kerjasama@kemendesa.go.id';
      expectStatus(
        await people.kemendesCoordinator.post(`/agencies/${KEMENDES}/email-recipients`, {
          address: coordinator,
          name: 'Biro Kerja Sama',
          roles: ['COORDINATOR'],
        }),
        201,
      );
      const webhook = await addWebhook(people.kemendesCoordinator, KEMENDES, '/reminders', ['DeadlineApproaching', 'Expired']);
      const { id } = await activeMou(people);
      // A review that waits: overdue after 30 days.
      const waiting = await draftMou(people);
      const submitted = await people.kemendesDrafter.act(waiting.id, 'submit-for-review');
      expectStatus(submitted, 200);
      const scheduler = service.app.get(DeadlineScheduler);
      // The scheduler walks the deadlines read model: it must hold both agreements first.
      expect(
        await service.app
          .get<DeadlineReadModel>(DEADLINE_READ_MODEL)
          .reached(BigInt(submitted.headers['x-event-position'] as string), 10_000),
      ).toBe(true);

      // The notice deadline is 3 October 2024, the expiry 1 January 2025 (both from 00:00 WIB).
      const passes = ['2024-07-05', '2024-09-03', '2024-09-26', '2024-10-03', '2024-12-02', '2024-12-25', '2025-01-01'];
      for (const day of passes) {
        clock.set(`${day}T02:00:00Z`);
        await eventuallyAsync(async () => (await scheduler.runDue()).failed === 0, `a clean pass on ${day}`);
      }
      const expected = [
        ['notice', 90],
        ['notice', 30],
        ['notice', 7],
        ['expiry', 90],
        ['expiry', 30],
        ['expiry', 7],
      ];
      await eventuallyAsync(
        async () => receiver.at('/reminders').filter((r) => r.body.includes(id)).length === 7,
        'six reminders and the expiry',
      );
      const hooks = receiver.at('/reminders').filter((r) => r.body.includes(id));
      expect(hooks.every((hook) => verifySignature(webhook.secret, hook))).toBe(true);
      // Deliveries run side by side (and are retried): in the order of the events, by position, not of arrival.
      const bodies = hooks
        .map((hook) => JSON.parse(hook.body) as WebhookBody)
        .sort((a, b) => Number(BigInt(a.event.position) - BigInt(b.event.position)));
      expect(bodies.slice(0, 6).map((b) => [b.event.data.deadline, b.event.data.daysLeft])).toEqual(expected);
      expect(bodies[6]).toMatchObject({
        type: 'Expired',
        agreement: { state: 'expired' },
        event: { actor: { name: 'Penjadwal sepakat' } },
      });

      // (The coordinator also heard, earlier, that signing could be opened and the MoU activated: steps of theirs.)
      const reminders = () => smtp.to(coordinator).filter((e) => e.text.includes(id) && e.subject.startsWith('[sepakat] Pengingat'));
      await eventuallyAsync(async () => reminders().length === 6, 'six reminder emails');
      // Emails too may arrive in another order than their events'.
      const subjectOf = ([deadline, days]: (string | number)[]) =>
        `[sepakat] Pengingat: ${deadline === 'notice' ? 'batas waktu perpanjangan dan pemberitahuan pengakhiran' : 'berakhirnya jangka waktu'} ${MOU_DRAFT.title} dalam ${days} hari`;
      const emails = reminders();
      expect(emails.map((e) => e.subject).sort()).toEqual(expected.map(subjectOf).sort());
      expect(emails.find((e) => e.subject === subjectOf(['expiry', 7]))!.text).toContain('jatuh pada 1 Januari 2025, 7 hari lagi.');
      expect(emails.find((e) => e.subject === subjectOf(['notice', 90]))!.text).toContain('- Perpanjang');

      // The review that waited since June: overdue on the first pass, in the inbox and by email to the reviewers.
      const inbox = await people.baritoReviewer.get('/inbox?limit=500');
      expect(inbox.json<{ agreementId: string; overdue?: object }[]>().find((item) => item.agreementId === waiting.id)).toMatchObject({
        overdue: { step: 'review' },
      });
      await eventuallyAsync(
        async () =>
          smtp.to('bappeda.batola@example.go.id').some((e) => e.subject.startsWith('[sepakat] Terlambat') && e.text.includes(waiting.id)),
        'the overdue email',
      );
    });
  });
}

notificationSuite('notifications (SQLite)', () => ({}));

const schema = freshSchemaName();
describePostgres('notifications on PostgreSQL', () => {
  notificationSuite(
    'notifications (PostgreSQL read model)',
    () => ({ READ_MODEL_URL: TEST_POSTGRES_URL, READ_MODEL_SCHEMA: schema }),
    () => dropSchema(schema),
  );
});

describe('email without SMTP', () => {
  it('refuses an email recipient where no mail can be sent, and appends nothing', async () => {
    const service = await startTestApp();
    try {
      const people = await cast(service);
      const problem = await refusedWithNothingAppended(
        service,
        () =>
          people.kemendesCoordinator.post(`/agencies/${KEMENDES}/email-recipients`, {
            address: 'a@b.go.id',
            name: 'X',
            roles: ['COORDINATOR'],
          }),
        422,
      );
      expect(problem).toMatchObject({ rule: 'email-not-configured' });
    } finally {
      await service.close();
    }
  });
});
