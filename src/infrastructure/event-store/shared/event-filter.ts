import type { EventFilter } from '../../../application/ports/event-store.port';

/**
 * Whether an event passes a filter. Streams starting with `$` are the store's own (EventStoreDB
 * system streams) and never pass.
 */
export function matchesFilter(stream: string, type: string, filter: EventFilter | undefined): boolean {
  if (stream.startsWith('$') || type.startsWith('$')) return false;
  if (!filter) return true;
  const { streamPrefixes, eventTypes } = filter;
  if (streamPrefixes && !streamPrefixes.some((prefix) => stream.startsWith(prefix))) return false;
  if (eventTypes && !eventTypes.includes(type)) return false;
  return true;
}
