import type { AgreementEventType, Party } from '../../domain/agreements/agreement-events';
import type { Language, Summaries, SummaryLine } from '../../domain/workflows/event-summaries';
import { MIGRATION_SUMMARY } from '../../domain/workflows/migrations';
import { EVENT_SUMMARIES_V2 } from '../../domain/workflows/v2/event-summaries.v2';
import { toDomainEvent } from '../agreements/agreement-stream';
import type { JsonObject } from '../event-store/json';
import type { RecordedEvent } from '../ports/event-store.port';

export { LANGUAGES, shortHash, type Language } from '../../domain/workflows/event-summaries';

/**
 * A line for every event any workflow version records: each version's folder holds the lines of
 * the events it adds (the latest spreads the earlier ones'), the migration its own. The type
 * requires every event type in every language, so an event without a line does not compile.
 */
const SUMMARIES: Summaries<AgreementEventType> = { ...EVENT_SUMMARIES_V2, WorkflowMigrated: MIGRATION_SUMMARY };

/** Words for what the tables cannot say: an envelope without an actor, an event that cannot be read. */
const FALLBACK_WORDS: { readonly [L in Language]: { readonly unknown: string; readonly unreadable: string } } = {
  id: { unknown: 'tidak diketahui', unreadable: 'tidak dapat diringkas' },
  en: { unknown: 'unknown', unreadable: 'cannot be summarised' },
};

/**
 * One line a person can read for a stored event, in `language`, e.g. "Biro Hukum Kemendes PDTT
 * (LEGAL_REVIEWER) memberikan persetujuan hukum atas sha256:ab12cd34… untuk Pemerintah Kabupaten
 * Barito Kuala". Agencies are named as the agreement's parties name them. Never throws: the log
 * is what it is, and a history must still list an event whose data no line can read.
 */
export function summarizeEvent(
  event: Pick<RecordedEvent, 'type' | 'data'> & { readonly metadata: JsonObject },
  parties: readonly Party[],
  language: Language,
): string {
  const { unknown, unreadable } = FALLBACK_WORDS[language];
  try {
    const actor = event.metadata.actor as { name?: string; roles?: string[] } | undefined;
    const roles = (actor?.roles ?? []).join(', ');
    // The scheduler holds no role: its name says what it is.
    const who = actor ? (roles === '' ? (actor.name ?? unknown) : `${actor.name ?? unknown} (${roles})`) : unknown;
    const party = (agencyId: string) => parties.find((p) => p.agencyId === agencyId)?.name ?? agencyId;
    const line = (Object.hasOwn(SUMMARIES, event.type) ? SUMMARIES[event.type as AgreementEventType][language] : undefined) as
      SummaryLine<AgreementEventType> | undefined;
    return line ? line(toDomainEvent(event), { who, party }) : `${who}: ${event.type}`;
  } catch {
    return `${event.type} (${unreadable})`;
  }
}
