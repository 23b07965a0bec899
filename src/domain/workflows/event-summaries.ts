import type { AgreementEvent, AgreementEventType } from '../agreements/agreement-events';

/** First characters of a digest, as people quote them: `sha256:ab12cd34…`. */
export function shortHash(hash: string | undefined): string {
  return hash ? `sha256:${hash.slice(0, 8)}…` : 'sha256:?';
}

/** What a summary is told besides the event: who recorded it, and each party agency's name. */
export interface SummaryWords {
  /** "Name (ROLE, ROLE)" of the actor in the envelope. */
  readonly who: string;
  readonly party: (agencyId: string) => string;
}

/** One readable line for one kind of event. */
export type Summary<T extends AgreementEventType> = (event: Extract<AgreementEvent, { type: T }>, words: SummaryWords) => string;

/** A line for each of some kinds of event: each workflow version holds those of the events it adds. */
export type Summaries<T extends AgreementEventType> = { readonly [K in T]: Summary<K> };
