import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap, type Problem, type Schemas } from './api/client';
import { asProblem, timeZoneOf, type Agency } from './data';
import { formatMoment } from './format';
import { label, messages } from './i18n/i18n';

export type HistoryEntry = Schemas['HistoryEntryDto'];

/** The first page is small, to draw the first rows at once; the rest come in the largest pages the API gives. */
const FIRST_PAGE = 200;
const PAGE = 1000;
/** Pages asked for at once when the last revision is known. */
const PAGES_AHEAD = 3;

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
 * `lastRevision` (the agreement's, from its read model) lets the pages be asked for ahead.
 */
export function useHistory(id: string, enabled = true, lastRevision?: number): History {
  const lastHint = useRef(lastRevision);
  lastHint.current = lastRevision;
  const [entries, setEntries] = useState<readonly HistoryEntry[]>([]);
  const [complete, setComplete] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();
  const loaded = useRef<HistoryEntry[]>([]);
  const running = useRef<{ readonly generation: number; readonly done: Promise<void> } | undefined>(undefined);
  const again = useRef(false);
  /** Bumped when the history starts over (another agreement, shown again): older reads stop and drop what they read. */
  const generation = useRef(0);

  const readOn = useCallback(
    async (mine: number): Promise<void> => {
      type Page = Awaited<ReturnType<typeof fetchPage>>;
      const fetchPage = (fromRevision: number, limit: number) =>
        unwrap(api.GET('/agreements/{id}/history', { params: { path: { id }, query: { fromRevision, limit } } })).then((page) => ({
          fromRevision,
          limit,
          page,
        }));
      // Revisions are contiguous, so once the last one is known the pages ahead are asked for together
      // (the service, the network and the drawing overlap); without it, one page at a time.
      const ahead: Array<Promise<Page>> = [];
      let nextFrom = (loaded.current.at(-1)?.revision ?? -1) + 1;
      const askAhead = () => {
        while (
          ahead.length < (lastHint.current === undefined ? 1 : PAGES_AHEAD) &&
          (lastHint.current === undefined || nextFrom <= lastHint.current || ahead.length === 0)
        ) {
          const limit = loaded.current.length === 0 && ahead.length === 0 ? FIRST_PAGE : PAGE;
          const page = fetchPage(nextFrom, limit);
          // A page asked for ahead may fail after the read has stopped for another reason: not an unhandled rejection.
          page.catch(() => undefined);
          ahead.push(page);
          nextFrom += limit;
        }
      };
      for (;;) {
        askAhead();
        const { fromRevision, limit, page } = await ahead.shift()!;
        if (mine !== generation.current) return;
        const following = page.items.length > 0 ? page.nextRevision : undefined;
        if (following !== undefined && following !== null && following !== fromRevision + limit) {
          // Not where the pages ahead start: drop them and go on from where this one ends.
          ahead.length = 0;
          nextFrom = following;
        }
        loaded.current = [...loaded.current, ...page.items];
        setEntries(loaded.current);
        if (following === undefined || following === null) break;
      }
      if (mine === generation.current) setComplete(true);
    },
    [id],
  );

  /** One read at a time; a change during a read makes it read on once more. */
  const refresh = useCallback((): Promise<void> => {
    const mine = generation.current;
    if (running.current?.generation === mine) {
      again.current = true;
      return running.current.done;
    }
    const run = async () => {
      try {
        do {
          again.current = false;
          await readOn(mine);
        } while (again.current && mine === generation.current);
        if (mine === generation.current) setProblem(undefined);
      } catch (error) {
        if (mine === generation.current) setProblem(asProblem(error));
      } finally {
        if (running.current?.generation === mine) running.current = undefined;
      }
    };
    running.current = { generation: mine, done: run() };
    return running.current.done;
  }, [readOn]);

  useEffect(() => {
    // Start over: a read still running belongs to the old generation and stops at its next page.
    generation.current += 1;
    loaded.current = [];
    setEntries([]);
    setComplete(false);
    if (enabled) void refresh();
    // `refresh` changes with `id` alone (through `readOn`), so this still runs once per agreement or visibility change.
  }, [id, enabled, refresh]);

  return { entries, complete, problem, refresh };
}

/** Who took a step, in which role, for which agency, and when (in that agency's time zone). */
export function describeEntry(entry: HistoryEntry, agencies: ReadonlyMap<string, Agency>): string {
  const t = messages();
  const roles = entry.actor.roles.map((role) => label(t.roles, role)).join(', ');
  const agency = agencies.get(entry.actor.agencyId)?.name ?? entry.actor.agencyId;
  return `${t.chart.step(entry.revision)}: ${entry.summary} — ${entry.actor.name} (${roles}), ${agency}, ${formatMoment(entry.recordedAt, timeZoneOf(agencies, entry.actor.agencyId))}`;
}
