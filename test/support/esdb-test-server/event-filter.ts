import type { EventRecord } from './log-records';

/**
 * Server-side event filters of `$all` reads and subscriptions, after EventStoreDB's
 * `Services/Storage/ReaderIndex/EventFilter.cs` (v24.10).
 */
export interface EventFilter {
  isEventAllowed(record: EventRecord): boolean;
  readonly description: string;
}

/**
 * `EventFilter.DefaultAllFilter`: what `$all` shows when no filter is given, and what every `$all`
 * filter applies first. Non-system streams pass; of system streams, `$epoch-information` and
 * persistent-subscription-to-`$all` checkpoint/parked streams are hidden; other system streams pass.
 * Hidden events still count as "considered" for the search window and checkpoint interval.
 */
export const defaultAllFilter: EventFilter = {
  description: 'DefaultAllFilter',
  isEventAllowed(record) {
    const stream = record.stream;
    if (!stream.startsWith('$')) return true;
    if (stream === '$epoch-information') return false;
    if (stream.startsWith('$persistentsubscription-$all::') && stream.endsWith('-checkpoint')) return false;
    if (stream.startsWith('$persistentsubscription-$all::') && stream.endsWith('-parked')) return false;
    return true;
  },
};

type Subject = 'stream' | 'eventType';

function subjectOf(record: EventRecord, subject: Subject): string {
  return subject === 'stream' ? record.stream : record.type;
}

/**
 * `StreamIdPrefixStrategy` / `EventTypePrefixStrategy`: ordinal `StartsWith` on any prefix, after
 * the default `$all` filter. An empty prefix list lets nothing through (`Any` over nothing).
 */
export function prefixFilter(subject: Subject, prefixes: readonly string[]): EventFilter {
  return {
    description: `${subject} prefixes ${JSON.stringify(prefixes)}`,
    isEventAllowed: (record) =>
      defaultAllFilter.isEventAllowed(record) && prefixes.some((prefix) => subjectOf(record, subject).startsWith(prefix)),
  };
}

/**
 * `StreamIdRegexStrategy` / `EventTypeRegexStrategy`: an unanchored .NET `Regex.Match`, after the
 * default `$all` filter. Here a JavaScript `RegExp`: the same for the usual patterns (the client's
 * `excludeSystemEvents()` sends `^[^$].*`), different only in .NET-specific syntax.
 */
export function regexFilter(subject: Subject, pattern: string): EventFilter {
  const regex = new RegExp(pattern);
  return {
    description: `${subject} regex /${pattern}/`,
    isEventAllowed: (record) => defaultAllFilter.isEventAllowed(record) && regex.test(subjectOf(record, subject)),
  };
}

/**
 * `Streams.ConvertToEventFilter`: the regex when one is given (non-empty), else the prefixes.
 */
export function expressionFilter(subject: Subject, regex: string, prefixes: readonly string[]): EventFilter {
  return regex.length > 0 ? regexFilter(subject, regex) : prefixFilter(subject, prefixes);
}
