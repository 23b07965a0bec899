import { sql, type Kysely, type Transaction } from 'kysely';
import { AGREEMENT_STREAM_PREFIX, derivedUuid } from '../../application/agreements/agreement-stream';
import { detailedState, lifecycleState } from '../../domain/agreements/agreement-decider';
import { isRole } from '../../domain/access/roles';
import { emailIntents, notifiedAgencyIds } from '../../domain/notifications/notification-intents';
import { asksFor, type DeliveryStatus, type NotificationChannel } from '../../domain/notifications/notification-rules';
import { chunks } from '../agreements/agreements-v1.projection';
import type { ProjectedChange, Projection } from '../projection';

/** A webhook of one agency: where its events go, signed with its secret. Removed ones are kept (`deleted_at`) for their deliveries' sake. */
export interface WebhookRow {
  id: string;
  agency_id: string;
  url: string;
  /** JSON array of event types, or `["*"]`. */
  event_types: string;
  /** The HMAC-SHA256 key deliveries are signed with (shown once, when the webhook is made). */
  secret: string;
  description: string | null;
  created_by: string;
  /** Events that occurred from this instant on are delivered to it (ISO 8601, the service's clock). */
  created_at: string;
  deleted_at: string | null;
}

/** An official written to by email, with the roles they hold at the agency. */
export interface EmailRecipientRow {
  id: string;
  agency_id: string;
  address: string;
  name: string;
  /** Comma-separated roles. */
  roles: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
}

/**
 * The outbox: one row per notification to send (one event to one webhook, or to one recipient),
 * written in the projection's transaction with its checkpoint, so an event is turned into its
 * notifications exactly once whatever crashes; the delivery worker then sends each until the
 * receiver acknowledges it, or gives up after the last attempt (`dead`).
 */
export interface DeliveryRow {
  /** Derived from the channel, the target and the event: applying an event twice adds nothing. */
  id: string;
  channel: NotificationChannel;
  /** The webhook's or the recipient's id. */
  target_id: string;
  agency_id: string;
  agreement_id: string;
  event_id: string;
  event_type: string;
  /** The event's position, zero-padded to 20 digits so that it sorts as text (`storedPosition`). */
  position: string;
  /** What is sent: the webhook's JSON body, or what the email is written from. */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  /** When the next attempt may start (ISO 8601, real time: retries are operations, not business time). */
  next_attempt_at: string;
  last_attempt_at: string | null;
  /** The receiver's HTTP status, or 250 for an accepted email, of the last attempt. */
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  /** When the event occurred. */
  created_at: string;
}

export interface NotificationTables {
  notification_webhooks: WebhookRow;
  notification_email_recipients: EmailRecipientRow;
  notification_deliveries: DeliveryRow;
}

/** Most bytes of a webhook's body: an event whose data would make it longer is sent without its data (`dataOmitted`). */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/** A log position as the outbox stores it: 20 digits (any 64-bit position), so text order is number order. */
export function storedPosition(position: bigint): string {
  return position.toString().padStart(20, '0');
}

/** A new delivery is due at once. */
export const DUE_AT_ONCE = '1970-01-01T00:00:00.000Z';

/** What a new delivery is given; the rest of its row says it waits for its first attempt, due at once. */
export type NewDelivery = Pick<
  DeliveryRow,
  'id' | 'channel' | 'target_id' | 'agency_id' | 'agreement_id' | 'event_id' | 'event_type' | 'position' | 'payload' | 'created_at'
>;

export function pendingDelivery(delivery: NewDelivery): DeliveryRow {
  return {
    ...delivery,
    status: 'pending',
    attempts: 0,
    next_attempt_at: DUE_AT_ONCE,
    last_attempt_at: null,
    last_status: null,
    last_error: null,
    delivered_at: null,
  };
}

const ROWS_PER_INSERT = 200;

/** The webhook's body for one event: what happened, to which agreement, by whom. */
function webhookBody(deliveryId: string, change: ProjectedChange, occurredAt: string): string {
  const { event, agreement } = change;
  const { context } = agreement.snapshot;
  const actor = event.metadata.actor as { name?: unknown; agencyId?: unknown; roles?: unknown; onBehalfOf?: unknown } | undefined;
  const body = {
    id: deliveryId,
    type: event.type,
    occurredAt,
    agreement: {
      id: context.agreementId,
      kind: context.kind ?? null,
      title: context.title,
      state: lifecycleState(agreement),
      detailedState: detailedState(agreement),
      parties: context.parties.map((party) => ({ agencyId: party.agencyId, name: party.name })),
    },
    event: {
      id: event.id,
      revision: event.revision.toString(),
      position: event.position.toString(),
      actor: actor ? { name: actor.name, agencyId: actor.agencyId, roles: actor.roles, onBehalfOf: actor.onBehalfOf } : null,
      data: event.data as unknown,
    },
  };
  const json = JSON.stringify(body);
  if (Buffer.byteLength(json) <= MAX_WEBHOOK_BODY_BYTES) return json;
  return JSON.stringify({ ...body, event: { ...body.event, data: null, dataOmitted: true } });
}

/** Creates the notification tables (also used by the store behind the API, which may start first). */
export async function createNotificationTables(db: Kysely<NotificationTables>): Promise<void> {
  await db.schema
    .createTable('notification_webhooks')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('event_types', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('notification_webhooks_agency')
    .ifNotExists()
    .on('notification_webhooks')
    .columns(['agency_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('notification_email_recipients')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('notification_email_recipients_agency')
    .ifNotExists()
    .on('notification_email_recipients')
    .columns(['agency_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('notification_deliveries')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The worker's walk: each target's pending deliveries by when they are due (pending ones only, so
  // the index stays small; one target's backlog never lies in the way of another's).
  await db.schema
    .createIndex('notification_deliveries_pending')
    .ifNotExists()
    .on('notification_deliveries')
    .columns(['target_id', 'next_attempt_at', 'created_at', 'id'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  // The API's lists: an agency's deliveries, and one target's, newest first (events of one instant by position).
  await db.schema
    .createIndex('notification_deliveries_agency')
    .ifNotExists()
    .on('notification_deliveries')
    .columns(['agency_id', 'created_at', 'position', 'id'])
    .execute();
  await db.schema
    .createIndex('notification_deliveries_target')
    .ifNotExists()
    .on('notification_deliveries')
    .columns(['target_id', 'created_at', 'position', 'id'])
    .execute();
  // ... and by status (the dead letters of an agency, however many were delivered).
  await db.schema
    .createIndex('notification_deliveries_status')
    .ifNotExists()
    .on('notification_deliveries')
    .columns(['agency_id', 'status', 'created_at', 'position', 'id'])
    .execute();
}

/**
 * `notifications@v1`: turns each agreement event into the deliveries it owes. Its tables are not
 * versioned: the outbox is not a view to rebuild but a record of what was (to be) sent, and a
 * rebuild (a lost checkpoint, a later version) finds every delivery it would add already there
 * (derived ids, insert-or-ignore), so nothing is sent twice. A webhook or recipient hears only
 * of events that occurred after it was added, and only of agreements its agency is a party to.
 */
export const notificationsProjection: Projection<NotificationTables> = {
  name: 'notifications',
  version: 1,
  tables: [],
  filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] },

  createTables: createNotificationTables,

  async apply(trx: Transaction<NotificationTables>, changes: readonly ProjectedChange[]): Promise<void> {
    const agencies = [...new Set(changes.flatMap((change) => notifiedAgencyIds(change.agreement)))];
    const webhooks: WebhookRow[] = [];
    const recipients: EmailRecipientRow[] = [];
    for (const batch of chunks(agencies, 500)) {
      webhooks.push(
        ...(await trx
          .selectFrom('notification_webhooks')
          .selectAll()
          .where('deleted_at', 'is', null)
          .where('agency_id', 'in', batch)
          .execute()),
      );
      recipients.push(
        ...(await trx
          .selectFrom('notification_email_recipients')
          .selectAll()
          .where('deleted_at', 'is', null)
          .where('agency_id', 'in', batch)
          .execute()),
      );
    }
    if (webhooks.length === 0 && recipients.length === 0) return;
    const eventTypes = new Map(webhooks.map((webhook) => [webhook.id, JSON.parse(webhook.event_types) as string[]]));
    const rows: DeliveryRow[] = [];
    for (const change of changes) {
      const { event, agreement } = change;
      const occurredAt = typeof event.metadata.occurredAt === 'string' ? event.metadata.occurredAt : event.recordedAt.toISOString();
      const parties = new Set(notifiedAgencyIds(agreement));
      const row = (channel: NotificationChannel, targetId: string, agencyId: string, payload: (id: string) => string): DeliveryRow => {
        const id = derivedUuid('notification', channel, targetId, event.id);
        return pendingDelivery({
          id,
          channel,
          target_id: targetId,
          agency_id: agencyId,
          agreement_id: agreement.snapshot.context.agreementId,
          event_id: event.id,
          event_type: event.type,
          position: storedPosition(event.position),
          payload: payload(id),
          created_at: occurredAt,
        });
      };
      for (const webhook of webhooks) {
        if (!parties.has(webhook.agency_id) || webhook.created_at > occurredAt || !asksFor(eventTypes.get(webhook.id)!, event.type))
          continue;
        rows.push(row('webhook', webhook.id, webhook.agency_id, (id) => webhookBody(id, change, occurredAt)));
      }
      const listening = recipients.filter((recipient) => parties.has(recipient.agency_id) && recipient.created_at <= occurredAt);
      if (listening.length === 0) continue;
      for (const intent of emailIntents(event.type, change.before, agreement)) {
        for (const recipient of listening) {
          if (recipient.agency_id !== intent.agencyId) continue;
          const roles = recipient.roles.split(',').filter(isRole);
          if (!roles.some((role) => intent.roles.includes(role))) continue;
          rows.push(
            row('email', recipient.id, recipient.agency_id, () =>
              JSON.stringify({
                reason: intent.reason,
                agreement: {
                  id: agreement.snapshot.context.agreementId,
                  title: agreement.snapshot.context.title,
                  kind: agreement.snapshot.context.kind ?? null,
                },
                // Only the steps this official's roles take.
                actions: intent.actions
                  .filter((action) => action.roles.some((role) => roles.includes(role)))
                  .map((action) => action.action),
                parties: agreement.snapshot.context.parties.map((party) => ({ agencyId: party.agencyId, name: party.name })),
                event: { id: event.id, type: event.type, data: event.data, metadata: { actor: event.metadata.actor ?? null } },
              }),
            ),
          );
        }
      }
    }
    for (const batch of chunks(rows, ROWS_PER_INSERT)) {
      await trx
        .insertInto('notification_deliveries')
        .values(batch)
        .onConflict((conflict) => conflict.column('id').doNothing())
        .execute();
    }
  },
};
