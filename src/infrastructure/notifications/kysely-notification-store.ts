import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../../projections/sql-dialect';
import type { Role } from '../../domain/access/roles';
import type { Delivery, DeliveryFilter, EmailRecipientEntry, NotificationStore, Webhook } from '../../application/ports/notifications.port';
import {
  createNotificationTables,
  DUE_AT_ONCE,
  type DeliveryRow,
  type EmailRecipientRow,
  type NotificationTables,
  type WebhookRow,
} from '../../projections/notifications/notifications.projection';

/** Where a webhook's or a recipient's deliveries go. */
export type DeliveryTarget =
  | { readonly channel: 'webhook'; readonly url: string; readonly secret: string }
  | { readonly channel: 'email'; readonly address: string; readonly name: string };

/** One pending delivery of a target, as the worker sends it. */
export interface DueDelivery {
  readonly id: string;
  readonly targetId: string;
  readonly eventType: string;
  readonly payload: string;
  readonly attempts: number;
}

/** What one attempt came to. */
export type AttemptOutcome =
  | { readonly id: string; readonly kind: 'delivered'; readonly status: number; readonly at: string }
  | {
      readonly id: string;
      readonly kind: 'failed';
      readonly status: number | null;
      readonly error: string;
      readonly at: string;
      /** When to try again; none: it was the last attempt (dead letter). */
      readonly retryAt?: string;
    };

function webhookOf(row: WebhookRow): Webhook {
  return {
    id: row.id,
    agencyId: row.agency_id,
    url: row.url,
    eventTypes: JSON.parse(row.event_types) as string[],
    ...(row.description === null ? {} : { description: row.description }),
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function recipientOf(row: EmailRecipientRow): EmailRecipientEntry {
  return {
    id: row.id,
    agencyId: row.agency_id,
    address: row.address,
    name: row.name,
    roles: row.roles.split(',') as Role[],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

type DeliveryListRow = Omit<DeliveryRow, 'payload'>;

function deliveryOf(row: DeliveryListRow): Delivery {
  return {
    id: row.id,
    cursor: `${row.created_at}|${row.position}|${row.id}`,
    channel: row.channel,
    targetId: row.target_id,
    agencyId: row.agency_id,
    agreementId: row.agreement_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status,
    attempts: Number(row.attempts),
    ...(row.status === 'pending' ? { nextAttemptAt: row.next_attempt_at } : {}),
    ...(row.last_attempt_at === null ? {} : { lastAttemptAt: row.last_attempt_at }),
    ...(row.last_status === null ? {} : { lastStatus: Number(row.last_status) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
    createdAt: row.created_at,
  };
}

const LIST_COLUMNS = [
  'id',
  'channel',
  'target_id',
  'agency_id',
  'agreement_id',
  'event_id',
  'event_type',
  'position',
  'status',
  'attempts',
  'next_attempt_at',
  'last_attempt_at',
  'last_status',
  'last_error',
  'delivered_at',
  'created_at',
] as const;

/** Cancels what a removed webhook or recipient was still owed. */
async function cancelPending(db: Kysely<NotificationTables>, targetId: string): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({ status: 'cancelled', last_error: 'its webhook or recipient was removed' })
    .where('target_id', '=', targetId)
    .where('status', '=', 'pending')
    .execute();
}

/** Longest error text kept for a delivery: enough to tell what the receiver said. */
const MAX_ERROR_LENGTH = 500;

/** The notification tables of the read-model database (SQLite or PostgreSQL), for the API and the delivery worker. */
export class KyselyNotificationStore implements NotificationStore {
  private ready: Promise<void> | undefined;

  constructor(private readonly db: Kysely<NotificationTables>) {}

  /** The tables exist once this resolves (the projection makes them too; whichever comes first). */
  private tables(): Promise<void> {
    this.ready ??= createNotificationTables(this.db);
    return this.ready;
  }

  /**
   * Adds a webhook or recipient unless its agency already keeps `limit` of both together: the count
   * and the insert in one transaction, under a lock of the agency (SQLite: the one writer; PostgreSQL:
   * a transaction-level advisory lock on the agency's id), so two adds at once cannot pass it.
   */
  private async add<T extends 'notification_webhooks' | 'notification_email_recipients'>(
    table: T,
    limit: number,
    row: NotificationTables[T],
  ): Promise<boolean> {
    await this.tables();
    return this.db.transaction().execute(async (trx) => {
      if (dialectOf(trx) === 'postgres')
        await sql`select pg_advisory_xact_lock(hashtext(${`sepakat-notifications:${row.agency_id}`}))`.execute(trx);
      let kept = 0;
      for (const each of ['notification_webhooks', 'notification_email_recipients'] as const) {
        kept += (await trx.selectFrom(each).select('id').where('agency_id', '=', row.agency_id).where('deleted_at', 'is', null).execute())
          .length;
      }
      if (kept >= limit) return false;
      await trx
        .insertInto(table as 'notification_webhooks')
        .values(row as WebhookRow)
        .execute();
      return true;
    });
  }

  /** The agency's webhooks or recipients still kept (one of them with `id`), oldest first. */
  private async kept<T extends 'notification_webhooks' | 'notification_email_recipients'>(
    table: T,
    agencyId: string,
    id?: string,
  ): Promise<NotificationTables[T][]> {
    await this.tables();
    let query = this.db
      .selectFrom(table as 'notification_webhooks')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .where('deleted_at', 'is', null);
    if (id !== undefined) query = query.where('id', '=', id);
    return (await query.orderBy('created_at').orderBy('id').execute()) as unknown as NotificationTables[T][];
  }

  async addWebhook(webhook: Webhook, secret: string, limit: number): Promise<boolean> {
    return this.add('notification_webhooks', limit, {
      id: webhook.id,
      agency_id: webhook.agencyId,
      url: webhook.url,
      event_types: JSON.stringify(webhook.eventTypes),
      secret,
      description: webhook.description ?? null,
      created_by: webhook.createdBy,
      created_at: webhook.createdAt,
      deleted_at: null,
    });
  }

  async webhooks(agencyId: string): Promise<Webhook[]> {
    return (await this.kept('notification_webhooks', agencyId)).map(webhookOf);
  }

  async webhook(agencyId: string, id: string): Promise<Webhook | undefined> {
    return (await this.kept('notification_webhooks', agencyId, id)).map(webhookOf)[0];
  }

  removeWebhook(agencyId: string, id: string, at: string): Promise<boolean> {
    return this.remove('notification_webhooks', agencyId, id, at);
  }

  async addRecipient(recipient: EmailRecipientEntry, limit: number): Promise<boolean> {
    return this.add('notification_email_recipients', limit, {
      id: recipient.id,
      agency_id: recipient.agencyId,
      address: recipient.address,
      name: recipient.name,
      roles: recipient.roles.join(','),
      created_by: recipient.createdBy,
      created_at: recipient.createdAt,
      deleted_at: null,
    });
  }

  async recipients(agencyId: string): Promise<EmailRecipientEntry[]> {
    return (await this.kept('notification_email_recipients', agencyId)).map(recipientOf);
  }

  removeRecipient(agencyId: string, id: string, at: string): Promise<boolean> {
    return this.remove('notification_email_recipients', agencyId, id, at);
  }

  /** Marks the target removed and cancels what it was still owed, in one transaction. */
  private async remove(
    table: 'notification_webhooks' | 'notification_email_recipients',
    agencyId: string,
    id: string,
    at: string,
  ): Promise<boolean> {
    await this.tables();
    return this.db.transaction().execute(async (trx) => {
      const removed = await trx
        .updateTable(table)
        .set({ deleted_at: at })
        .where('id', '=', id)
        .where('agency_id', '=', agencyId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (Number(removed.numUpdatedRows) === 0) return false;
      await cancelPending(trx, id);
      return true;
    });
  }

  async deliveries(agencyId: string, filter: DeliveryFilter, limit: number, after?: string): Promise<Delivery[]> {
    await this.tables();
    let query = this.db.selectFrom('notification_deliveries').select(LIST_COLUMNS).where('agency_id', '=', agencyId);
    if (filter.targetId !== undefined) query = query.where('target_id', '=', filter.targetId);
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
    if (after !== undefined) {
      const [createdAt = '', position = '', id = ''] = after.split('|');
      query = query.where((eb) =>
        eb.or([
          eb('created_at', '<', createdAt),
          eb.and([eb('created_at', '=', createdAt), eb('position', '<', position)]),
          eb.and([eb('created_at', '=', createdAt), eb('position', '=', position), eb('id', '<', id)]),
        ]),
      );
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('position', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(deliveryOf);
  }

  async delivery(agencyId: string, id: string): Promise<Delivery | undefined> {
    await this.tables();
    const row = await this.db
      .selectFrom('notification_deliveries')
      .select(LIST_COLUMNS)
      .where('id', '=', id)
      .where('agency_id', '=', agencyId)
      .executeTakeFirst();
    return row && deliveryOf(row);
  }

  async redeliver(agencyId: string, id: string): Promise<Delivery | undefined> {
    await this.tables();
    const delivery = await this.delivery(agencyId, id);
    if (!delivery) return undefined;
    const table = delivery.channel === 'webhook' ? 'notification_webhooks' : 'notification_email_recipients';
    const target = await this.db
      .selectFrom(table)
      .select('id')
      .where('id', '=', delivery.targetId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!target) return undefined;
    await this.db
      .updateTable('notification_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: DUE_AT_ONCE })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .execute();
    return this.delivery(agencyId, id);
  }

  /**
   * The webhooks and recipients that have pending deliveries, in id order: a loose scan of the
   * pending index (one index step per target, however many deliveries each has waiting), so a
   * target with a long backlog costs the walk no more than one with a single delivery.
   */
  async pendingTargets(): Promise<string[]> {
    await this.tables();
    const { rows } = await sql<{ target_id: string | null }>`
      with recursive t(target_id) as (
        select min(target_id) from notification_deliveries where status = 'pending'
        union all
        select (select min(d.target_id) from notification_deliveries d where d.status = 'pending' and d.target_id > t.target_id)
        from t where t.target_id is not null
      )
      select target_id from t where target_id is not null`.execute(this.db);
    return rows.map((row) => row.target_id!);
  }

  /** Where each of these targets' deliveries go; a removed one is absent. */
  async targets(ids: readonly string[]): Promise<Map<string, DeliveryTarget>> {
    await this.tables();
    const found = new Map<string, DeliveryTarget>();
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const webhooks = await this.db
        .selectFrom('notification_webhooks')
        .select(['id', 'url', 'secret'])
        .where('id', 'in', batch)
        .where('deleted_at', 'is', null)
        .execute();
      for (const row of webhooks) found.set(row.id, { channel: 'webhook', url: row.url, secret: row.secret });
      const recipients = await this.db
        .selectFrom('notification_email_recipients')
        .select(['id', 'address', 'name'])
        .where('id', 'in', batch)
        .where('deleted_at', 'is', null)
        .execute();
      for (const row of recipients) found.set(row.id, { channel: 'email', address: row.address, name: row.name });
    }
    return found;
  }

  /** Cancels what a removed target was still owed (a delivery the projection added as it was removed). */
  async cancelPendingOf(targetId: string): Promise<void> {
    await cancelPending(this.db, targetId);
  }

  /** Up to `limit` of one target's pending deliveries due by `now`, oldest due first, less those in flight (`skip`). */
  async dueFor(targetId: string, now: string, skip: readonly string[], limit: number): Promise<DueDelivery[]> {
    await this.tables();
    let query = this.db
      .selectFrom('notification_deliveries')
      .select(['id', 'event_type', 'payload', 'attempts'])
      .where('target_id', '=', targetId)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now);
    if (skip.length > 0) query = query.where('id', 'not in', skip);
    const rows = await query.orderBy('next_attempt_at').orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, targetId, eventType: row.event_type, payload: row.payload, attempts: Number(row.attempts) }));
  }

  /**
   * Records the outcomes of finished attempts in one transaction. Acknowledged ones are recorded a
   * statement per receiver status (their `delivered_at` is the latest acknowledgement of the batch,
   * within milliseconds of each one's own); failures one by one, with their own error and retry. A
   * delivery no longer pending (cancelled meanwhile) keeps its status.
   */
  async record(outcomes: readonly AttemptOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    await this.tables();
    const delivered = new Map<number, { ids: string[]; at: string }>();
    for (const outcome of outcomes) {
      if (outcome.kind !== 'delivered') continue;
      const group = delivered.get(outcome.status) ?? { ids: [], at: outcome.at };
      group.ids.push(outcome.id);
      if (outcome.at > group.at) group.at = outcome.at;
      delivered.set(outcome.status, group);
    }
    await this.db.transaction().execute(async (trx) => {
      for (const [status, group] of delivered) {
        for (let i = 0; i < group.ids.length; i += 500) {
          await trx
            .updateTable('notification_deliveries')
            .set((eb) => ({
              status: 'delivered',
              attempts: eb('attempts', '+', 1),
              last_attempt_at: group.at,
              last_status: status,
              last_error: null,
              delivered_at: group.at,
            }))
            .where('id', 'in', group.ids.slice(i, i + 500))
            .where('status', '=', 'pending')
            .execute();
        }
      }
      for (const outcome of outcomes) {
        if (outcome.kind !== 'failed') continue;
        await trx
          .updateTable('notification_deliveries')
          .set((eb) => ({
            status: outcome.retryAt === undefined ? 'dead' : 'pending',
            attempts: eb('attempts', '+', 1),
            last_attempt_at: outcome.at,
            last_status: outcome.status,
            last_error: outcome.error.slice(0, MAX_ERROR_LENGTH),
            ...(outcome.retryAt === undefined ? {} : { next_attempt_at: outcome.retryAt }),
          }))
          .where('id', '=', outcome.id)
          .where('status', '=', 'pending')
          .execute();
      }
    });
  }
}
