import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { AGENCY_ID } from '../../domain/directory/agency';
import { rule } from '../../domain/errors';
import {
  assertManagesNotifications,
  assertReadsNotifications,
  checkEmailRecipient,
  checkEventTypes,
  MAX_TARGETS_PER_AGENCY,
  type EmailRecipient,
} from '../../domain/notifications/notification-rules';
import { checkText, TEXT_RULES } from '../../domain/text/text-rules';
import { InvalidInputError } from '../errors';
import { CLOCK, type Clock } from '../ports/clock.port';
import {
  NOTIFICATION_CHANNELS_ENABLED,
  NOTIFICATION_STORE,
  WEBHOOK_URL_CHECK,
  type Delivery,
  type DeliveryFilter,
  type EmailRecipientEntry,
  type NotificationChannelsEnabled,
  type NotificationStore,
  type Webhook,
  type WebhookUrlCheck,
} from '../ports/notifications.port';
import { PAGE_CURSORS, type PageCursors } from '../ports/page-cursors.port';

/** No webhook, recipient or delivery of that id at that agency (or none the caller may know of). */
export class NotificationEntryNotFoundError extends Error {
  override readonly name = 'NotificationEntryNotFoundError';
  readonly kind = 'not-found' as const;
  constructor(what: 'webhook' | 'email recipient' | 'delivery', id: string, agencyId: string) {
    super(`No ${what} ${id} is kept for ${agencyId}`);
  }
}

/** A webhook as its agency first sees it: with the secret its deliveries are signed with, shown this once. */
export interface CreatedWebhook extends Webhook {
  readonly secret: string;
}

/** A delivery as the API shows it. */
export type DeliveryView = Omit<Delivery, 'cursor'>;

export interface DeliveryPage {
  readonly items: readonly DeliveryView[];
  /** The cursor of the next page (`after`), when there is one. */
  readonly next?: string;
}

const CURSOR_PURPOSE = 'deliveries';

/**
 * An agency's notifications over the API: its webhooks and email recipients (kept by its
 * COORDINATOR or an ADMIN, read by auditors too) and the deliveries made to them. Nothing here
 * touches an agreement's stream: these are settings of the deployment, kept in the read-model
 * database beside the outbox they feed.
 */
@Injectable()
export class NotificationSettings {
  constructor(
    @Inject(NOTIFICATION_STORE) private readonly store: NotificationStore,
    @Inject(WEBHOOK_URL_CHECK) private readonly urls: WebhookUrlCheck,
    @Inject(NOTIFICATION_CHANNELS_ENABLED) private readonly channels: NotificationChannelsEnabled,
    @Inject(PAGE_CURSORS) private readonly cursors: PageCursors,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async addWebhook(
    actor: Actor,
    agencyId: string,
    input: { readonly url: string; readonly eventTypes: readonly string[]; readonly description?: string },
  ): Promise<CreatedWebhook> {
    checkAgencyId(agencyId);
    assertManagesNotifications(actor, agencyId);
    const eventTypes = checkEventTypes(input.eventTypes);
    if (input.description !== undefined) checkText('description', input.description, TEXT_RULES.webhookDescription);
    const url = await this.urls.check(input.url);
    const webhook: Webhook = {
      id: randomUUID(),
      agencyId,
      url,
      eventTypes,
      ...(input.description === undefined ? {} : { description: input.description }),
      createdBy: actor.id,
      createdAt: this.clock.now().toISOString(),
    };
    // 32 random bytes, as the receiver's HMAC key: `whsec_` tells it apart from other secrets in a vault.
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    rule(
      await this.store.addWebhook(webhook, secret, MAX_TARGETS_PER_AGENCY),
      'notification-limit',
      `${agencyId} already keeps ${MAX_TARGETS_PER_AGENCY} webhooks and email recipients: remove one first`,
    );
    return { ...webhook, secret };
  }

  async webhooks(actor: Actor, agencyId: string): Promise<Webhook[]> {
    checkAgencyId(agencyId);
    assertReadsNotifications(actor, agencyId);
    return this.store.webhooks(agencyId);
  }

  async webhook(actor: Actor, agencyId: string, id: string): Promise<Webhook> {
    checkAgencyId(agencyId);
    assertReadsNotifications(actor, agencyId);
    const webhook = await this.store.webhook(agencyId, id);
    if (!webhook) throw new NotificationEntryNotFoundError('webhook', id, agencyId);
    return webhook;
  }

  async removeWebhook(actor: Actor, agencyId: string, id: string): Promise<void> {
    checkAgencyId(agencyId);
    assertManagesNotifications(actor, agencyId);
    if (!(await this.store.removeWebhook(agencyId, id, this.clock.now().toISOString()))) {
      throw new NotificationEntryNotFoundError('webhook', id, agencyId);
    }
  }

  async addRecipient(actor: Actor, agencyId: string, input: EmailRecipient): Promise<EmailRecipientEntry> {
    checkAgencyId(agencyId);
    assertManagesNotifications(actor, agencyId);
    const recipient = checkEmailRecipient(input);
    rule(this.channels.email, 'email-not-configured', 'This deployment sends no email: its operator has not set SMTP_URL');
    const entry: EmailRecipientEntry = {
      id: randomUUID(),
      agencyId,
      ...recipient,
      createdBy: actor.id,
      createdAt: this.clock.now().toISOString(),
    };
    rule(
      await this.store.addRecipient(entry, MAX_TARGETS_PER_AGENCY),
      'notification-limit',
      `${agencyId} already keeps ${MAX_TARGETS_PER_AGENCY} webhooks and email recipients: remove one first`,
    );
    return entry;
  }

  async recipients(actor: Actor, agencyId: string): Promise<EmailRecipientEntry[]> {
    checkAgencyId(agencyId);
    assertReadsNotifications(actor, agencyId);
    return this.store.recipients(agencyId);
  }

  async removeRecipient(actor: Actor, agencyId: string, id: string): Promise<void> {
    checkAgencyId(agencyId);
    assertManagesNotifications(actor, agencyId);
    if (!(await this.store.removeRecipient(agencyId, id, this.clock.now().toISOString()))) {
      throw new NotificationEntryNotFoundError('email recipient', id, agencyId);
    }
  }

  async deliveries(actor: Actor, agencyId: string, filter: DeliveryFilter, page: { limit: number; after?: string }): Promise<DeliveryPage> {
    checkAgencyId(agencyId);
    const after = page.after === undefined ? undefined : this.cursors.open(CURSOR_PURPOSE, page.after);
    if (page.after !== undefined && after === undefined)
      throw new InvalidInputError('after', 'after must be the next value of a previous page');
    assertReadsNotifications(actor, agencyId);
    const rows = await this.store.deliveries(agencyId, filter, page.limit + 1, after);
    const items = rows.slice(0, page.limit).map(viewOf);
    const last = rows[page.limit - 1];
    return rows.length > page.limit && last ? { items, next: this.cursors.seal(CURSOR_PURPOSE, last.cursor) } : { items };
  }

  async delivery(actor: Actor, agencyId: string, id: string): Promise<DeliveryView> {
    checkAgencyId(agencyId);
    assertReadsNotifications(actor, agencyId);
    const delivery = await this.store.delivery(agencyId, id);
    if (!delivery) throw new NotificationEntryNotFoundError('delivery', id, agencyId);
    return viewOf(delivery);
  }

  /** Sends a dead letter again (after the receiver was fixed): pending, due at once, its attempts counted afresh. */
  async redeliver(actor: Actor, agencyId: string, id: string): Promise<DeliveryView> {
    checkAgencyId(agencyId);
    assertManagesNotifications(actor, agencyId);
    const delivery = await this.store.delivery(agencyId, id);
    if (!delivery) throw new NotificationEntryNotFoundError('delivery', id, agencyId);
    rule(delivery.status === 'dead', 'delivery-not-dead', `Delivery ${id} is ${delivery.status}: only a dead letter is sent again`);
    const again = await this.store.redeliver(agencyId, id);
    rule(again !== undefined, 'delivery-target-removed', `Delivery ${id} cannot be sent again: its webhook or recipient was removed`);
    return viewOf(again);
  }
}

function viewOf({ cursor: _cursor, ...delivery }: Delivery): DeliveryView {
  return delivery;
}

/** A path that names no agency names nothing (404), as an unknown agreement or webhook does. */
class NotAnAgencyError extends Error {
  override readonly name = 'NotAnAgencyError';
  readonly kind = 'not-found' as const;
  constructor(agencyId: string) {
    super(
      `${JSON.stringify(agencyId)} is not an agency id (2 to 64 lower-case letters, digits, dots, dashes or underscores, e.g. kemendes-pdtt)`,
    );
  }
}

function checkAgencyId(agencyId: string): void {
  if (!AGENCY_ID.test(agencyId)) throw new NotAnAgencyError(agencyId);
}
