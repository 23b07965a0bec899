import type { Actor } from '../access/actor';
import { ROLES, type Role } from '../access/roles';
import { ACTING_ROLES } from '../agreements/awaited-steps';
import { AccessDeniedError, InvalidTextError } from '../errors';
import { checkText, TEXT_RULES } from '../text/text-rules';
import { MIGRATION_SUMMARY } from '../workflows/migrations';
import { EVENT_SUMMARIES_V2 } from '../workflows/v2/event-summaries.v2';

/**
 * Notifications (issue 17): an agency tells the service where to reach it, and the service tells
 * it what happened to the agreements it is a party to.
 * - A **webhook** receives, signed, every event of the types it asks for.
 * - An **email recipient** (an official's address, with the roles they hold at the agency) is
 *   written to in Bahasa Indonesia when a step awaits one of those roles, when a deadline
 *   approaches (coordinators), and when an awaited step is overdue.
 * Both belong to one agency and hear only of agreements that agency is a party to: what its
 * officials could read themselves.
 */
export const NOTIFICATION_CHANNELS = ['webhook', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * Where a delivery stands: waiting for its (next) attempt, acknowledged by the receiver, given up
 * after the last attempt (dead letter), or cancelled because its webhook or recipient was removed.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Every event type an agreement can record, in any workflow version: what a webhook can ask for. */
export const NOTIFIED_EVENT_TYPES: readonly string[] = Object.keys({ ...EVENT_SUMMARIES_V2, WorkflowMigrated: MIGRATION_SUMMARY }).sort();

/** A webhook asks for every event type with this one. */
export const ALL_EVENT_TYPES = '*';

/** Most webhooks and email recipients one agency keeps: each event fans out to all of them. */
export const MAX_TARGETS_PER_AGENCY = 25;

/**
 * Whether the actor manages the agency's notifications: its own COORDINATOR, or an ADMIN. An
 * auditor never changes anything, whatever else they hold.
 */
export function assertManagesNotifications(actor: Actor, agencyId: string): void {
  if (actor.roles.includes('AUDITOR')) throw new AccessDeniedError('An auditor reads notifications and never changes them');
  if (actor.roles.includes('ADMIN')) return;
  if (!actor.roles.includes('COORDINATOR') || actor.agencyId !== agencyId) {
    throw new AccessDeniedError(`Only a COORDINATOR of ${agencyId} or an ADMIN manages its notifications`);
  }
}

/** Whether the actor may see the agency's webhooks, recipients and deliveries: those who manage them, and auditors. */
export function assertReadsNotifications(actor: Actor, agencyId: string): void {
  if (actor.roles.includes('AUDITOR')) return;
  assertManagesNotifications(actor, agencyId);
}

/** The event types a webhook asks for, checked and in order; `['*']` asks for all. */
export function checkEventTypes(eventTypes: readonly string[]): string[] {
  if (eventTypes.length === 0)
    throw new InvalidTextError('eventTypes', `eventTypes must name at least one event type, or ${ALL_EVENT_TYPES}`);
  if (eventTypes.includes(ALL_EVENT_TYPES)) {
    if (eventTypes.length > 1)
      throw new InvalidTextError('eventTypes', `eventTypes is either ${ALL_EVENT_TYPES} alone or a list of event types`);
    return [ALL_EVENT_TYPES];
  }
  const unknown = eventTypes.filter((type) => !NOTIFIED_EVENT_TYPES.includes(type));
  if (unknown.length > 0) {
    throw new InvalidTextError(
      'eventTypes',
      `Unknown event type ${unknown.join(', ')}: one of ${NOTIFIED_EVENT_TYPES.join(', ')}, or ${ALL_EVENT_TYPES}`,
    );
  }
  return [...new Set(eventTypes)].sort();
}

/** Whether a webhook asking for `eventTypes` hears of an event of this type. */
export function asksFor(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.includes(ALL_EVENT_TYPES) || eventTypes.includes(type);
}

/** A mailbox as RFC 5321 limits it (254 characters), one `@`, no spaces or angle brackets: what SMTP takes as given. */
const ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

export interface EmailRecipient {
  readonly address: string;
  readonly name: string;
  /** The roles the official holds at the agency: they are written to when a step awaits one of them. */
  readonly roles: readonly Role[];
}

/** An email recipient, checked: a plain address, a name as tokens carry it, acting roles only. */
export function checkEmailRecipient(recipient: EmailRecipient): EmailRecipient {
  const address = recipient.address.trim().toLowerCase();
  if (address.length > 254 || !ADDRESS.test(address)) {
    throw new InvalidTextError('address', 'address must be one email address, e.g. biro.hukum@kemendesa.go.id');
  }
  checkText('name', recipient.name, TEXT_RULES.actorName);
  if (recipient.roles.length === 0) throw new InvalidTextError('roles', 'roles must name at least one role the official holds');
  const notActing = recipient.roles.filter((role) => !(ACTING_ROLES as readonly string[]).includes(role));
  if (notActing.length > 0) {
    throw new InvalidTextError(
      'roles',
      `roles are the roles that take steps (${ACTING_ROLES.join(', ')}); ${notActing.join(', ')} takes none`,
    );
  }
  return { address, name: recipient.name, roles: ROLES.filter((role) => recipient.roles.includes(role)) };
}
