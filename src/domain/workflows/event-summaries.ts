import type { AgreementEvent, AgreementEventType } from '../agreements/agreement-events';

/**
 * The languages a history line is written in: Bahasa Indonesia first, the language of the
 * officials who keep these agreements (and what a reader gets who asks for neither), then English.
 */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

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

/** One readable line for one kind of event, in one language. */
export type SummaryLine<T extends AgreementEventType> = (event: Extract<AgreementEvent, { type: T }>, words: SummaryWords) => string;

/** The line for one kind of event in every language: the type asks for each, so none can be left out. */
export type Summary<T extends AgreementEventType> = { readonly [L in Language]: SummaryLine<T> };

/** A line for each of some kinds of event: each workflow version holds those of the events it adds. */
export type Summaries<T extends AgreementEventType> = { readonly [K in T]: Summary<K> };
