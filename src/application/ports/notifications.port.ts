import type { Role } from '../../domain/access/roles';
import type { ReadModelStatus } from './agreement-read-model.port';
import type { DeliveryStatus, NotificationChannel } from '../../domain/notifications/notification-rules';

/** Injection token of the {@link NotificationStore} port. */
export const NOTIFICATION_STORE = Symbol('NotificationStore');
/** Injection token of the {@link WebhookUrlCheck} port. */
export const WEBHOOK_URL_CHECK = Symbol('WebhookUrlCheck');
/** Injection token of the {@link OutboxStatus} (the notifications projection, for health checks and metrics). */
export const OUTBOX_STATUS = Symbol('OutboxStatus');
/** Injection token of the {@link NotificationChannels} settings. */
export const NOTIFICATION_CHANNELS_ENABLED = Symbol('NotificationChannelsEnabled');

export interface Webhook {
  readonly id: string;
  readonly agencyId: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description?: string;
  /** Who added it (`sub` of their token). */
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface EmailRecipientEntry {
  readonly id: string;
  readonly agencyId: string;
  readonly address: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly createdBy: string;
  readonly createdAt: string;
}

/** One notification (an event to one webhook or one recipient) and where its sending stands. */
export interface Delivery {
  readonly id: string;
  /** Where it stands in the newest-first list (the store's own keyset position, opaque here). */
  readonly cursor: string;
  readonly channel: NotificationChannel;
  readonly targetId: string;
  readonly agencyId: string;
  readonly agreementId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next attempt may start (pending ones only). */
  readonly nextAttemptAt?: string;
  readonly lastAttemptAt?: string;
  /** The receiver's HTTP status of the last attempt (an accepted email: 250). */
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly deliveredAt?: string;
  /** When the event occurred. */
  readonly createdAt: string;
}

export interface DeliveryFilter {
  readonly targetId?: string;
  readonly status?: DeliveryStatus;
  readonly channel?: NotificationChannel;
}

/** The webhooks, recipients and outbox of the read-model database. */
export interface NotificationStore {
  /** Adds the webhook unless the agency already keeps `limit` of webhooks and recipients together; false then. */
  addWebhook(webhook: Webhook, secret: string, limit: number): Promise<boolean>;
  webhooks(agencyId: string): Promise<Webhook[]>;
  webhook(agencyId: string, id: string): Promise<Webhook | undefined>;
  /** Removes it and cancels its pending deliveries; false when the agency has no such webhook. */
  removeWebhook(agencyId: string, id: string, at: string): Promise<boolean>;
  addRecipient(recipient: EmailRecipientEntry, limit: number): Promise<boolean>;
  recipients(agencyId: string): Promise<EmailRecipientEntry[]>;
  removeRecipient(agencyId: string, id: string, at: string): Promise<boolean>;
  /** The agency's deliveries, newest first, after the keyset position `after` (a delivery's `cursor`). */
  deliveries(agencyId: string, filter: DeliveryFilter, limit: number, after?: string): Promise<Delivery[]>;
  delivery(agencyId: string, id: string): Promise<Delivery | undefined>;
  /** Makes a dead delivery pending again, due at once, its attempts counted afresh; the delivery as it is then (none when its target was removed). */
  redeliver(agencyId: string, id: string): Promise<Delivery | undefined>;
}

/**
 * Checks a webhook's URL before it is kept: https only (plain http to a loopback address only when
 * the deployment allows it, for tests), no credentials, and a host that is not, and does not
 * resolve to, a private, loopback, link-local or otherwise internal address. Resolves to the URL
 * as kept; throws an `InvalidInputError` on `url` that says what is wrong.
 */
export interface WebhookUrlCheck {
  check(url: string): Promise<string>;
}

/** Which channels this deployment sends on (email needs `SMTP_URL`). */
export interface NotificationChannelsEnabled {
  readonly email: boolean;
}

/** Where the projection that fills the outbox stands. */
export interface OutboxStatus {
  status(): ReadModelStatus & { readonly rebuilding?: ReadModelStatus };
}
