/** The domain's closed vocabularies, for the layers that validate input against them. */
export {
  AGREEMENT_KINDS,
  DOCUMENT_TYPES,
  PARTY_ROLES,
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
export { AGENCY_ID, AGENCY_LEVELS, AGENCY_TIME_ZONES, type AgencyLevel, type AgencyTimeZone } from '../../domain/directory/agency';
export { REPORTING_PERIOD_MONTHS } from '../../domain/agreements/reporting';
