import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap, type Problem, type Schemas } from './api/client';
import { asProblem, timeZoneOf, type Agency } from './data';
import { formatMoment } from './format';
import { label, messages } from './i18n/i18n';

export type HistoryEntry = Schemas['HistoryEntryDto'];

/** The largest page `GET /agreements/:id/history` gives. */
const PAGE = 1000;

export interface History {
  readonly entries: readonly HistoryEntry[];
  /** Every stored event up to the last read has been loaded. */
  readonly complete: boolean;
  readonly problem: Problem | undefined;
  /** Reads what was appended since the last entry (a live change). */
  readonly refresh: () => Promise<void>;
}

/**
 * An agreement's whole history, read page by page from the log (each read is recorded in the audit
 * log), shown as it arrives, and extended from the last revision when the agreement moves.
 */
export function useHistory(id: string, enabled = true): History {
  const [entries, setEntries] = useState<readonly HistoryEntry[]>([]);
  const [complete, setComplete] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const loaded = useRef<HistoryEntry[]>([]);
  const running = useRef<Promise<void> | undefined>(undefined);
  const again = useRef(false);

  const readOn = useCallback(async (): Promise<void> => {
    let from = (loaded.current.at(-1)?.revision ?? -1) + 1;
    for (;;) {
      const page = await unwrap(api.GET('/agreements/{id}/history', { params: { path: { id }, query: { fromRevision: from, limit: PAGE } } }));
      loaded.current = [...loaded.current, ...page.items];
      setEntries(loaded.current);
      if (page.nextRevision === undefined || page.nextRevision === null || page.items.length === 0) break;
      from = page.nextRevision;
    }
    setComplete(true);
  }, [id]);

  /** One read at a time; a change during a read makes it read on once more. */
  const refresh = useCallback((): Promise<void> => {
    if (running.current) {
      again.current = true;
      return running.current;
    }
    const run = async () => {
      try {
        do {
          again.current = false;
          await readOn();
        } while (again.current);
        setProblem(undefined);
      } catch (error) {
        setProblem(asProblem(error));
      } finally {
        running.current = undefined;
      }
    };
    running.current = run();
    return running.current;
  }, [readOn]);

  useEffect(() => {
    loaded.current = [];
    setEntries([]);
    setComplete(false);
    if (enabled) void refresh();
  }, [id, enabled]);

  return { entries, complete, problem, refresh };
}

/** Who took a step, in which role, for which agency, and when (in that agency's time zone). */
export function describeEntry(entry: HistoryEntry, agencies: ReadonlyMap<string, Agency>): string {
  const t = messages();
  const roles = entry.actor.roles.map((role) => label(t.roles, role)).join(', ');
  const agency = agencies.get(entry.actor.agencyId)?.name ?? entry.actor.agencyId;
  return `${t.chart.step(entry.revision)}: ${entry.summary} — ${entry.actor.name} (${roles}), ${agency}, ${formatMoment(entry.recordedAt, timeZoneOf(agencies, entry.actor.agencyId))}`;
}
