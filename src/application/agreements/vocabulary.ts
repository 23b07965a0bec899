import type { BodySchema } from '../../domain/workflows/body-schema';
import { actionsOf } from '../../domain/workflows/migrations';
import { WORKFLOWS } from '../../domain/workflows/workflow-registry';
/** The domain's closed vocabularies, for the layers that validate input against them and document their answers. */
export {
  AGREEMENT_KINDS,
  DOCUMENT_TYPES,
  PARTY_ROLES,
  REVIEW_TIERS,
  SIGNING_CAPACITIES,
  type AgreementKind,
  type DocumentType,
  type PartyRole,
  type SigningCapacity,
} from '../../domain/agreements/agreement-events';
export { LIFECYCLE_STATES, type LifecycleState } from '../../domain/agreements/agreement-decider';
export { isCalendarDate } from '../../domain/agreements/calendar';
/** The text rules of every string that enters an event: the API checks its fields against the same ones. */
export { TEXT_RULES, describeTextProblem, normalizeText, textProblem, type TextRule } from '../../domain/text/text-rules';
export {
  AGENCY_ID,
  AGENCY_LEVELS,
  AGENCY_TIME_ZONES,
  TIME_ZONE_NAMES,
  type AgencyLevel,
  type AgencyTimeZone,
} from '../../domain/directory/agency';
export { ROLES, type Role } from '../../domain/access/roles';
export { REPORTING_PERIOD_MONTHS } from '../../domain/agreements/reporting';
export { NO_BODY, type BodyField, type BodySchema } from '../../domain/workflows/body-schema';

/**
 * The body of each action name, as the newest workflow version that has the action declares it (a
 * later version's body of an action extends the earlier one's; an older version's decision reads
 * only the fields it knows).
 */
export const ACTION_BODY_SCHEMAS: ReadonlyMap<string, BodySchema> = new Map(
  WORKFLOWS.flatMap((workflow) => actionsOf(workflow).map((action) => [action.name, action.body] as const)),
);
export {
  ALL_EVENT_TYPES,
  DELIVERY_STATUSES,
  NOTIFICATION_CHANNELS,
  NOTIFIED_EVENT_TYPES,
  type DeliveryStatus,
  type NotificationChannel,
} from '../../domain/notifications/notification-rules';
