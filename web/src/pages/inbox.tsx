import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import type { Me } from '../app';
import { ProblemView } from '../components/problem-view';
import { asProblem, timeZoneOf, useAgencies } from '../data';
import { formatMoment, formatWait } from '../format';
import { label, useMessages } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-changes';
import { href } from '../router';
import type { Problem } from '../api/client';
import { ScrollTable } from '../components/scroll-table';

type InboxItem = Schemas['InboxItemDto'];

/** The `after` of the Link header's next page (`</inbox?limit=50&after=…>; rel="next"`). */
function nextCursor(link: string | null): string | undefined {
  const match = link && /<[^>]*[?&]after=([^&>]+)[^>]*>;\s*rel="next"/.exec(link);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

const PAGE = 50;

/** A User Timing mark (`performance.mark`) set once, when the inbox is first drawn with its items. */
export const INBOX_READY_MARK = 'sepakat:inbox-ready';

function fetchInbox(limit: number, after?: string) {
  return api.GET('/inbox', { params: { query: { limit, ...(after ? { after } : {}) } } });
}

let earlyInbox: ReturnType<typeof fetchInbox> | undefined;

/**
 * Asks for the inbox's first page as the script starts, before anything is drawn, when the tab is
 * signed in and opens on the inbox: the page's first render then finds it on its way. (The home
 * page is what officials open every morning; this takes the render-then-fetch step off its path.)
 */
export function fetchInboxEarly(): void {
  earlyInbox = fetchInbox(PAGE);
  earlyInbox.catch(() => undefined);
}

function takeEarlyInbox(): ReturnType<typeof fetchInbox> | undefined {
  const early = earlyInbox;
  earlyInbox = undefined;
  return early;
}

/** The home page: what waits for the official's agency and roles, updated live. */
export function InboxPage({ me }: { me: Me | undefined }) {
  const t = useMessages();
  const agencies = useAgencies();
  const [items, setItems] = useState<InboxItem[] | undefined>();
  const [next, setNext] = useState<string | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const shown = useRef(PAGE);
  const [, setClock] = useState(0);

  const load = useCallback(async (limit: number, after?: string) => {
    try {
      const { data, response, error } = await ((!after && limit === PAGE && takeEarlyInbox()) || fetchInbox(limit, after));
      if (!response.ok) return setProblem({ ...(error as object), status: response.status });
      setProblem(undefined);
      setItems((previous) => (after ? [...(previous ?? []), ...(data ?? [])] : (data ?? [])));
      setNext(nextCursor(response.headers.get('link')));
    } catch (error) {
      setProblem(asProblem(error));
    }
  }, []);
  // Layout effects run right after the render, not a frame later: the first page is asked for (or
  // taken from the early request) at once, and the mark set as soon as the rows are in the document.
  useLayoutEffect(() => void load(PAGE), [load]);
  // A change anywhere may add or remove a step of ours: the pages shown so far are read again.
  const refresh = useCallback(() => void load(Math.min(shown.current, 200)), [load]);
  useLiveRefresh(refresh);
  // "How long" moves on by itself.
  useEffect(() => {
    const timer = setInterval(() => setClock((tick) => tick + 1), 60_000);
    return () => clearInterval(timer);
  }, []);

  // The moment the inbox first shows what waits (rows or "nothing"): the benchmark reads this mark.
  useLayoutEffect(() => {
    if (items && performance.getEntriesByName(INBOX_READY_MARK).length === 0) performance.mark(INBOX_READY_MARK);
  }, [items]);

  const timeZone = timeZoneOf(agencies, me?.agencyId);
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t.inbox.title}</h1>
      <p class="help">{t.inbox.intro}</p>
      {problem && <ProblemView problem={problem} />}
      {!items && !problem && <p role="status">{t.common.loading}</p>}
      {items && items.length === 0 && <p class="empty">{t.inbox.empty}</p>}
      {items && items.length > 0 && (
        <ScrollTable label={t.inbox.title} testId="inbox" headers={[t.inbox.what, t.inbox.agreement, t.inbox.since, t.inbox.waiting]}>
          {items.map((item) => (
            <tr key={item.agreementId}>
              <td>{item.actions.map((action) => label(t.actions, action)).join(' · ')}</td>
              <td>
                <a href={href(`/perjanjian/${item.agreementId}`)}>{item.title}</a>
                <div class="sub">
                  {label(t.kinds, item.kind)} · {label(t.states, item.state)}
                </div>
              </td>
              <td>{formatMoment(item.waitingSince, timeZone)}</td>
              <td>
                {formatWait(item.waitingSince)}
                {item.overdue && (
                  <div class="sub overdue" data-testid="overdue">
                    {t.inbox.overdue(label(t.inbox.steps, item.overdue.step), formatMoment(item.overdue.overdueSince, timeZone))}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      {next && (
        <button
          type="button"
          onClick={() => {
            shown.current += PAGE;
            void load(PAGE, next);
          }}
        >
          {t.inbox.more}
        </button>
      )}
    </main>
  );
}
