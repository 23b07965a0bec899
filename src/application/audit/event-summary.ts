import type { AgreementEvent, AgreementEventType, Party } from '../../domain/agreements/agreement-events';
import type { Summaries, Summary } from '../../domain/workflows/event-summaries';
import { MIGRATION_SUMMARY } from '../../domain/workflows/migrations';
import { EVENT_SUMMARIES_V2 } from '../../domain/workflows/v2/event-summaries.v2';
import type { JsonObject } from '../event-store/json';

export { shortHash } from '../../domain/workflows/event-summaries';

/**
 * A line for every event any workflow version records: each version's folder holds the lines of
 * the events it adds (the latest spreads the earlier ones'), the migration its own. The type
 * requires every event type, so an event without a line does not compile.
 */
const SUMMARIES: Summaries<AgreementEventType> = { ...EVENT_SUMMARIES_V2, WorkflowMigrated: MIGRATION_SUMMARY };

/**
 * One line a person can read for a stored event, e.g. "Biro Hukum Kemendes PDTT (LEGAL_REVIEWER)
 * gave legal clearance to sha256:ab12cd34… for Pemerintah Kabupaten Barito Kuala". Agencies are
 * named as the agreement's parties name them.
 */
export function summarizeEvent(event: AgreementEvent, metadata: JsonObject, parties: readonly Party[]): string {
  const actor = metadata.actor as { name?: string; roles?: string[] } | undefined;
  const who = actor ? `${actor.name ?? 'unknown'} (${(actor.roles ?? []).join(', ')})` : 'unknown';
  const party = (agencyId: string) => parties.find((p) => p.agencyId === agencyId)?.name ?? agencyId;
  const summary = (Object.hasOwn(SUMMARIES, event.type) ? SUMMARIES[event.type] : undefined) as Summary<AgreementEventType> | undefined;
  return summary ? summary(event as never, { who, party }) : `${who}: ${(event as { type: string }).type}`;
}
