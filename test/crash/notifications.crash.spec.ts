import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { mintEmbeddedToken } from '../../src/infrastructure/auth/token-minter';
import { MOU_DRAFT } from '../support/agreement-scenarios';
import { eventually } from '../support/async';
import { BARITO_KUALA, KEMENDES, officials } from '../support/domain/officials';
import { verifySignature, type ReceivedWebhook } from '../support/notification-receivers';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from '../support/service-processes';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';
import type { Official } from '../support/tokens';

/** MoUs drafted over HTTP: one AgreementDrafted event each, so one delivery each to the webhook. */
const AGREEMENTS = 400;
/** Drafts posted side by side. */
const DRAFTING_CONCURRENCY = 16;
const SECRET = 'notifications-crash-test-secret-of-48-characters';
const CLAIMS = { subject: 'sub', name: 'name', agency: 'agency', roles: 'roles' };
const CONCURRENCY = 64;
const PER_TARGET = 8;

/** A receipt, and whether it came before the kill or after the restart. */
interface Receipt extends ReceivedWebhook {
  readonly phase: 'before' | 'after';
  readonly id: string;
}

/**
 * A webhook receiver that answers 204 after 10–30 ms (so attempts are in flight when the service
 * is killed), and holds every answer until `open()`: the outbox fills up first, then drains.
 */
class SlowReceiver {
  readonly received: Receipt[] = [];
  /** The deliveries this receiver has answered 204 (acknowledged), by id. */
  readonly acknowledged = new Set<string>();
  phase: 'before' | 'after' = 'before';
  private readonly server: Server;
  private opened!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('error', () => undefined);
      response.on('error', () => undefined);
      request.on('end', () => {
        this.received.push({
          phase: this.phase,
          id: String(request.headers['sepakat-delivery']),
          path: request.url ?? '/',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        void this.gate
          .then(() => new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20)))
          .then(() => {
            if (response.destroyed) return;
            response.writeHead(204).end();
            this.acknowledged.add(String(request.headers['sepakat-delivery']));
          });
      });
    });
    this.server.keepAliveTimeout = 60_000;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  open(): void {
    this.opened();
  }

  async stop(): Promise<void> {
    this.open();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface OutboxRow {
  id: string;
  agency_id: string;
  target_id: string;
  agreement_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  last_status: number | null;
}

/** The outbox as the read-model file holds it (readonly, beside the running service or after it died). */
function outbox(filename: string): OutboxRow[] {
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[], OutboxRow>(
        'SELECT id, agency_id, target_id, agreement_id, event_id, event_type, status, attempts, last_status FROM notification_deliveries',
      )
      .all();
  } catch (error) {
    // The projection has not made its tables yet.
    if (/no such table/.test((error as Error).message)) return [];
    throw error;
  } finally {
    db.close();
  }
}

/** The AgreementDrafted events in the event store's file: event id to stream. */
function draftedEvents(filename: string): Map<string, string> {
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { id: string; stream: string }>("SELECT id, stream FROM events WHERE type = 'AgreementDrafted'").all();
    return new Map(rows.map((row) => [row.id, row.stream]));
  } finally {
    db.close();
  }
}

const unrecordedOf = (received: ReadonlyMap<string, number>, delivered: ReadonlySet<string>) =>
  [...received.keys()].filter((id) => !delivered.has(id));

const countOf = (rows: readonly OutboxRow[], status: string) => rows.filter((row) => row.status === status).length;

/**
 * The notification outbox's webhook deliveries across a kill -9 (issue 17: "No delivery is sent
 * twice after it was acknowledged, and none is lost across a crash"). The service is killed while
 * its worker drains 400 deliveries to a slow receiver, then started again on the same data folder:
 * every delivery reaches the receiver, none recorded as delivered before the kill is sent again,
 * and the only ones sent twice are those in flight at the kill (at most the per-target bound).
 */
describe('webhook deliveries under kill -9', () => {
  let directory: TemporaryDirectory;
  let receiver: SlowReceiver;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    directory = await temporaryDirectory();
    receiver = new SlowReceiver();
    await receiver.start();
  });

  afterAll(async () => {
    if (service && service.process.exitCode === null && service.process.signalCode === null) await stopServiceProcess(service);
    await receiver?.stop();
    await directory?.remove();
  });

  it('delivers every event once acknowledged, resending only what was in flight at the crash', async () => {
    const started = Date.now();
    const env = {
      DATA_DIR: directory.path,
      AUTH_JWT_SECRET: SECRET,
      AUTH_RATE_LIMIT_PER_MINUTE: '0',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      NOTIFICATION_POLL_MS: '20',
      NOTIFICATION_CONCURRENCY: String(CONCURRENCY),
      NOTIFICATION_PER_TARGET: String(PER_TARGET),
      // The answers held while the drafts are posted must not time out (a timeout would be a retry, not a crash's resend).
      WEBHOOK_TIMEOUT_MS: '30000',
      NOTIFICATION_RETRY_BASE_MS: '50',
      NOTIFICATION_RETRY_MAX_MS: '200',
      // A scheduler pass adds no events to MoUs in drafting, but keep it out of the way.
      SCHEDULER_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'error',
    };
    const readModels = directory.file('read-models.db');
    // Tokens as the child process verifies them: signed with the AUTH_JWT_SECRET it is given.
    const token = (official: Official) => mintEmbeddedToken(new TextEncoder().encode(SECRET), CLAIMS, { ...official, expiresIn: '1h' });
    const coordinator = await token(officials.kemendesCoordinator);
    const drafter = await token(officials.kemendesDrafter);
    const post = async (base: string, bearer: string, path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (response.status !== 201) throw new Error(`POST ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
      return json;
    };

    service = await startServiceProcess(env);
    // The webhook first: it hears only of events that occur from its creation on.
    const webhook = (await post(service.url, coordinator, `/agencies/${KEMENDES}/webhooks`, {
      url: receiver.url('/kemendes'),
      eventTypes: ['*'],
    })) as { id: string; secret: string };
    expect(webhook.secret).toMatch(/^whsec_/);

    const agreementIds: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: DRAFTING_CONCURRENCY }, async () => {
        while (next < AGREEMENTS) {
          next += 1;
          const created = await post(service!.url, drafter, '/agreements', MOU_DRAFT);
          agreementIds.push(String(created.id));
        }
      }),
    );
    expect(new Set(agreementIds).size).toBe(AGREEMENTS);
    const drafted = Date.now();

    // Answers flow: kill once a quarter of the outbox is recorded delivered, with the rest pending or in flight.
    receiver.open();
    await eventually(() => countOf(outbox(readModels), 'delivered') >= AGREEMENTS / 4, 'a quarter of the deliveries recorded', 30_000);
    // Somewhere between two flushes of the worker's outcomes.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
    const acknowledgedAtKill = new Set(receiver.acknowledged);
    service.process.kill('SIGKILL');
    await new Promise((resolve) => service!.process.once('exit', resolve));
    const killed = Date.now();

    const atKill = outbox(readModels);
    const deliveredAtKill = new Set(atKill.filter((row) => row.status === 'delivered').map((row) => row.id));
    const pendingAtKill = new Set(atKill.filter((row) => row.status === 'pending').map((row) => row.id));
    // Let the receiver finish reading what reached it before the kill, then count it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const receivedBefore = new Map<string, number>();
    for (const receipt of receiver.received) receivedBefore.set(receipt.id, (receivedBefore.get(receipt.id) ?? 0) + 1);
    receiver.phase = 'after';
    const receiptsBefore = receiver.received.length;
    // Answered 204 by the receiver but not recorded at the kill: sent again after the restart (at least once; receivers deduplicate).
    const acknowledgedUnrecorded = unrecordedOf(receivedBefore, deliveredAtKill).filter((id) => acknowledgedAtKill.has(id));

    // Deliveries were flowing: some recorded delivered, others still pending.
    expect(deliveredAtKill.size).toBeGreaterThanOrEqual(AGREEMENTS / 4);
    expect(deliveredAtKill.size).toBeLessThan(AGREEMENTS);
    expect(pendingAtKill.size).toBeGreaterThan(0);
    // Everything recorded delivered had been received: an acknowledgement is recorded after it, never before.
    for (const id of deliveredAtKill) expect(receivedBefore.has(id)).toBe(true);
    // Received but not recorded at the kill: the attempts in flight, at most the per-target bound (one webhook).
    const unrecordedAtKill = unrecordedOf(receivedBefore, deliveredAtKill);
    expect(unrecordedAtKill.length).toBeLessThanOrEqual(Math.min(PER_TARGET, CONCURRENCY));
    // Not one sent twice before the kill (the receiver always acknowledged, and nothing timed out).
    expect([...receivedBefore.values()].every((count) => count === 1)).toBe(true);

    service = await startServiceProcess(env);
    await eventually(
      () => {
        const rows = outbox(readModels);
        return rows.length === AGREEMENTS && rows.every((row) => row.status === 'delivered');
      },
      'every delivery recorded delivered after the restart',
      30_000,
    );
    // A few more polls of an empty outbox: nothing may be sent again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await stopServiceProcess(service);
    service = undefined;
    const finished = Date.now();

    const rows = outbox(readModels);
    const after = receiver.received.slice(receiptsBefore);
    const receivedAfter = new Map<string, number>();
    for (const receipt of after) receivedAfter.set(receipt.id, (receivedAfter.get(receipt.id) ?? 0) + 1);
    const resent = [...receivedAfter.keys()].filter((id) => receivedBefore.has(id));

    // (a) None lost, none invented: one row per AgreementDrafted event of the drafted MoUs, each received.
    const events = draftedEvents(directory.file('events.db'));
    expect(events.size).toBe(AGREEMENTS);
    expect(rows).toHaveLength(AGREEMENTS);
    expect(new Set(rows.map((row) => row.event_id))).toEqual(new Set(events.keys()));
    expect(new Set(rows.map((row) => row.agreement_id))).toEqual(new Set(agreementIds));
    for (const row of rows) {
      expect(row).toMatchObject({ agency_id: KEMENDES, target_id: webhook.id, event_type: 'AgreementDrafted', status: 'delivered' });
      expect(row.last_status).toBe(204);
    }
    const received = new Set(receiver.received.map((receipt) => receipt.id));
    expect(received).toEqual(new Set(rows.map((row) => row.id)));

    // (b) No delivery recorded delivered before the kill was sent again after the restart.
    expect([...receivedAfter.keys()].filter((id) => deliveredAtKill.has(id))).toEqual([]);
    // After the restart each delivery was sent once: every one not recorded delivered at the kill, and only those.
    expect([...receivedAfter.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(receivedAfter.keys())).toEqual(new Set(rows.map((row) => row.id).filter((id) => !deliveredAtKill.has(id))));

    // (c) The only duplicates are the attempts in flight (sent, outcome not yet recorded) at the kill: at most the in-flight bound.
    const duplicates = receiver.received.length - received.size;
    expect(duplicates).toBe(resent.length);
    expect(resent.every((id) => !deliveredAtKill.has(id))).toBe(true);
    expect(new Set(resent)).toEqual(new Set(unrecordedAtKill));
    expect(duplicates).toBeLessThanOrEqual(Math.min(PER_TARGET, CONCURRENCY));

    // (d) Every request, before and after, is signed with the webhook's secret, and says which delivery it is.
    for (const receipt of receiver.received) {
      expect(verifySignature(webhook.secret, receipt)).toBe(true);
      const body = JSON.parse(receipt.body) as { id: string; type: string; agreement: { parties: { agencyId: string }[] } };
      expect(body.id).toBe(receipt.id);
      expect(receipt.headers['sepakat-event']).toBe(body.type);
      expect(body.agreement.parties.map((party) => party.agencyId)).toEqual([KEMENDES, BARITO_KUALA]);
    }

    process.stdout.write(
      `notifications crash: ${rows.length} deliveries; at the kill ${deliveredAtKill.size} recorded delivered, ` +
        `${pendingAtKill.size} pending, ${receivedBefore.size} received (${unrecordedAtKill.length} not yet recorded, ` +
        `${acknowledgedUnrecorded.length} of them already answered 204); ` +
        `after the restart ${after.length} sent, ${resent.length} of them again; drafting ${drafted - started} ms, ` +
        `drain to kill ${killed - drafted} ms, restart to done ${finished - killed} ms\n`,
    );
  }, 120_000);
});
