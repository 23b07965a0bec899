/**
 * The notification outbox (issue 17): how fast the delivery worker drains 10,000 and 100,000
 * pending webhook deliveries to a local receiver (a plain node:http server in a process of its own,
 * answering 204), on the read-model database it runs on (SQLite; PostgreSQL when it answers at
 * TEST_POSTGRES_URL). Each delivery is read from the outbox, signed (HMAC-SHA256), POSTed over a
 * keep-alive connection, and its outcome recorded, 64 in flight at once (the default), spread over
 * 20 webhooks.
 *
 * Baseline, in the same run: a bare client POSTing the same bodies to the same receiver at the same
 * parallelism, with no database, no signature and no bookkeeping: what the machine can send at all.
 */
import { request as httpRequest, Agent } from 'node:http';
import { sql } from 'kysely';
import { derivedUuid } from '../src/application/agreements/agreement-stream';
import { DeliveryWorker } from '../src/infrastructure/notifications/delivery-worker';
import { KyselyNotificationStore } from '../src/infrastructure/notifications/kysely-notification-store';
import { WebhookSender } from '../src/infrastructure/notifications/webhook-sender';
import { WebhookUrlPolicy } from '../src/infrastructure/notifications/webhook-url-policy';
import { AlwaysLeader } from '../src/infrastructure/projections/leadership';
import { openReadModelDatabase, type ReadModelLocation } from '../src/infrastructure/read-models/read-model-database';
import {
  createNotificationTables,
  pendingDelivery,
  storedPosition,
  type DeliveryRow,
  type NotificationTables,
} from '../src/projections/notifications/notifications.projection';
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from '../test/support/postgres';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { formatRate, markdownTable, nowMs, startChildServer } from './support';

const SIZES = (process.env.BENCH_OUTBOX_SIZES ?? '10000,100000').split(',').map(Number);
const WEBHOOKS = 20;
const CONCURRENCY = 64;
/** Requests of the bare client (enough for a steady rate). */
const BASELINE_REQUESTS = 20_000;

/** A reminder's body as the projection writes it (about 900 bytes). */
function body(id: string, n: number): string {
  return JSON.stringify({
    id,
    type: 'DeadlineApproaching',
    occurredAt: '2025-12-02T02:00:00.000Z',
    agreement: {
      id: derivedUuid('bench-outbox-agreement', String(n)),
      kind: 'NOTA_KESEPAHAMAN',
      title: `Pengembangan Desa Percontohan ${n}`,
      state: 'active',
      detailedState: 'active',
      parties: [
        { agencyId: 'kemendes-pdtt', name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi' },
        { agencyId: 'pemkab-barito-kuala', name: 'Pemerintah Kabupaten Barito Kuala' },
      ],
    },
    event: {
      id: derivedUuid('bench-outbox-event', String(n)),
      revision: '12',
      position: String(1_000_000 + n),
      actor: { name: 'Penjadwal sepakat', agencyId: 'kemendes-pdtt', roles: [] },
      data: { deadline: 'expiry', dueDate: '2026-01-01', daysLeft: 30 },
    },
  });
}

async function bareClient(url: string, requests: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const payload = body('baseline', 0);
  let next = 0;
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        `${url}/baseline`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve());
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const started = nowMs();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        next += 1;
        await post();
      }
    }),
  );
  const seconds = (nowMs() - started) / 1000;
  agent.destroy();
  return requests / seconds;
}

interface Figures {
  readonly database: string;
  readonly size: number;
  readonly perSecond: number;
  readonly seconds: number;
  readonly baseline: number;
  readonly received: number;
}

/**
 * Drains `size` pending deliveries; with `hungBacklog`, beside that many more to a webhook whose
 * receiver takes each request and never answers (the measured ones must not wait behind them).
 */
async function drain(
  location: ReadModelLocation,
  label: string,
  size: number,
  receiverUrl: string,
  baseline: number,
  hungBacklog = 0,
): Promise<Figures> {
  const db = await openReadModelDatabase<NotificationTables>(location);
  try {
    await createNotificationTables(db);
    const webhookIds = Array.from({ length: WEBHOOKS }, (_, i) => derivedUuid('bench-outbox-webhook', String(i)));
    const hungId = derivedUuid('bench-outbox-webhook', 'hung');
    await db
      .insertInto('notification_webhooks')
      .values(
        [...webhookIds, hungId].map((id, i) => ({
          id,
          agency_id: `agency-${i}`,
          url: id === hungId ? `${receiverUrl}/hang` : `${receiverUrl}/hook/${i}`,
          event_types: '["*"]',
          secret: `whsec_bench_${i}`,
          description: null,
          created_by: 'bench',
          created_at: '2025-01-01T00:00:00.000Z',
          deleted_at: null,
        })),
      )
      .execute();
    const rows: DeliveryRow[] = [];
    // The hung receiver's backlog first: it is due before any measured delivery.
    for (let n = 0; n < hungBacklog; n += 1) {
      const id = derivedUuid('bench-outbox-hung', label, String(n));
      rows.push(
        pendingDelivery({
          id,
          channel: 'webhook',
          target_id: hungId,
          agency_id: 'agency-hung',
          agreement_id: derivedUuid('bench-outbox-agreement', String(n)),
          event_id: derivedUuid('bench-outbox-hung-event', String(n)),
          event_type: 'DeadlineApproaching',
          position: storedPosition(BigInt(n)),
          payload: body(id, n),
          created_at: new Date(Date.UTC(2025, 11, 1) + n).toISOString(),
        }),
      );
      if (rows.length === 500 || n === hungBacklog - 1) {
        await db.insertInto('notification_deliveries').values(rows).execute();
        rows.length = 0;
      }
    }
    for (let n = 0; n < size; n += 1) {
      const id = derivedUuid('bench-outbox-delivery', label, String(size), String(n));
      rows.push(
        pendingDelivery({
          id,
          channel: 'webhook',
          target_id: webhookIds[n % WEBHOOKS],
          agency_id: `agency-${n % WEBHOOKS}`,
          agreement_id: derivedUuid('bench-outbox-agreement', String(n)),
          event_id: derivedUuid('bench-outbox-event', String(n)),
          event_type: 'DeadlineApproaching',
          position: storedPosition(BigInt(1_000_000 + n)),
          payload: body(id, n),
          created_at: new Date(Date.UTC(2025, 11, 2) + n).toISOString(),
        }),
      );
      if (rows.length === 500 || n === size - 1) {
        await db.insertInto('notification_deliveries').values(rows).execute();
        rows.length = 0;
      }
    }
    // The statistics autovacuum keeps on a live database (a bulk insert leaves PostgreSQL's planner
    // guessing a handful of rows, and it would sort the whole pending set for every refill).
    await sql`ANALYZE notification_deliveries`.execute(db);
    const store = new KyselyNotificationStore(db);
    const worker = new DeliveryWorker(
      store,
      new AlwaysLeader(),
      { webhook: new WebhookSender(new WebhookUrlPolicy({ allowLoopback: true }), { timeoutMs: 10_000, socketsPerHost: CONCURRENCY }) },
      { pollMs: 1_000, concurrency: CONCURRENCY, perTarget: 8, maxAttempts: 10, retryBaseMs: 1_000, retryMaxMs: 60_000 },
    );
    const before = Number(await (await fetch(`${receiverUrl}/count`)).text());
    const started = nowMs();
    worker.onApplicationBootstrap();
    const delivered = () =>
      db
        .selectFrom('notification_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'delivered')
        .executeTakeFirstOrThrow()
        .then((row) => Number(row.n));
    while ((await delivered()) < size) await new Promise((resolve) => setTimeout(resolve, 50));
    const seconds = (nowMs() - started) / 1000;
    await worker.beforeApplicationShutdown();
    const received = Number(await (await fetch(`${receiverUrl}/count`)).text()) - before;
    const recorded = await delivered();
    if (recorded !== size) throw new Error(`${label}: ${recorded} of ${size} deliveries recorded as delivered`);
    return { database: label, size, perSecond: size / seconds, seconds, baseline, received };
  } finally {
    await db.destroy();
  }
}

async function postgresAnswers(): Promise<boolean> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export async function benchOutbox(): Promise<string> {
  const receiver = await startChildServer('bench/servers/webhook-receiver.ts');
  const figures: Figures[] = [];
  try {
    const usePostgres = await postgresAnswers();
    for (const size of SIZES) {
      // The baseline right before each measurement, on the same receiver.
      const directory = await temporaryDirectory('sepakat-bench-outbox-');
      try {
        figures.push(
          await drain(
            { kind: 'sqlite', filename: directory.file('read-models.db') },
            'SQLite',
            size,
            receiver.address,
            await bareClient(receiver.address, BASELINE_REQUESTS),
          ),
        );
      } finally {
        await directory.remove();
      }
      if (usePostgres) {
        const schema = freshSchemaName();
        try {
          figures.push(
            await drain(
              { kind: 'postgres', url: TEST_POSTGRES_URL, schema },
              'PostgreSQL',
              size,
              receiver.address,
              await bareClient(receiver.address, BASELINE_REQUESTS),
            ),
          );
        } finally {
          await dropSchema(schema);
        }
      }
    }
    // Isolation: the first size again, beside 100,000 deliveries to a receiver that never answers.
    const directory = await temporaryDirectory('sepakat-bench-outbox-');
    try {
      figures.push(
        await drain(
          { kind: 'sqlite', filename: directory.file('read-models.db') },
          'SQLite, beside 100,000 waiting on a receiver that never answers',
          SIZES[0],
          receiver.address,
          await bareClient(receiver.address, BASELINE_REQUESTS),
          100_000,
        ),
      );
    } finally {
      await directory.remove();
    }
  } finally {
    await receiver.stop();
  }
  const table = markdownTable(
    ['read-model database', 'pending deliveries', 'drained in', 'outbox rate', 'bare client (same run)', 'outbox / bare'],
    figures.map((f) => [
      f.database,
      f.size.toLocaleString('en-US'),
      `${f.seconds.toFixed(1)} s`,
      formatRate(f.perSecond),
      formatRate(f.baseline),
      `${(f.perSecond / f.baseline).toFixed(2)}×`,
    ]),
  );
  return [
    table,
    '',
    `Every delivery was recorded \`delivered\` and the receiver counted ${figures.map((f) => f.received.toLocaleString('en-US')).join(', ')} requests for them (one each).`,
  ].join('\n');
}
