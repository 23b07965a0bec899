import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../api/client';
import { ActivityChart, PhaseChart } from '../chart/small-charts';
import { ProblemView } from '../components/problem-view';
import { useAgencies, useLoad } from '../data';
import { formatClock, formatDate, formatDuration, formatMoment, formatNumber } from '../format';
import { label, useMessages } from '../i18n/i18n';
import { useLiveChanges, useLiveRefresh, useLiveStatus, type LiveChange } from '../live/live-changes';
import { href } from '../router';
import { ScrollTable } from '../components/scroll-table';

type Summary = Schemas['DashboardSummaryDto'];
type Phase = Schemas['PhaseStatisticsDto'];

const RECENT = 15;
/** The activity chart: changes per 10 seconds over the last 10 minutes. */
const BUCKET_SECONDS = 10;
const BUCKETS = 60;
/** A wall screen needs no more than one summary read per second, however busy the morning. */
const SUMMARY_REFRESH_MS = 1000;

/** Bars of a count per key, largest first; widths set through the CSSOM (allowed by the page's CSP). */
function Bars({
  counts,
  name,
  title,
  testId,
}: {
  counts: Record<string, number>;
  name: (key: string) => string;
  title: string;
  testId: string;
}) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  const largest = Math.max(1, ...entries.map(([, count]) => count));
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      <ul class="bars" data-testid={testId}>
        {entries.map(([key, count]) => (
          <li key={key}>
            <span class="bar-label">{name(key)}</span>
            <span class="bar" style={{ width: `${(count / largest) * 100}%` }} aria-hidden="true" />
            <span class="bar-value">{formatNumber(count)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How long review and signing take (p50, p90), drawn as bars and written out beside them. */
function PhasesCard({ review, signing, large }: { review: Phase; signing: Phase; large: boolean }) {
  const t = useMessages();
  const phases = useMemo(
    () =>
      [
        [t.dashboard.timeInReview, review, 'review', t.dashboard.reviewShort],
        [t.dashboard.timeInSigning, signing, 'signing', t.dashboard.signingShort],
      ] as const,
    [review, signing, t],
  );
  const bars = useMemo(
    () => ({
      labels: phases.flatMap(([, , , short]) => [`${short} p50`, `${short} p90`]),
      seconds: phases.flatMap(([, phase]) => [phase.p50Seconds, phase.p90Seconds]),
    }),
    [phases],
  );
  return (
    <section class="card" aria-labelledby="phases-title">
      <h2 id="phases-title">
        {t.dashboard.timeInReview} · {t.dashboard.timeInSigning}
      </h2>
      <PhaseChart bars={bars} large={large} format={formatDuration} testId="phase-chart" />
      <ScrollTable
        labelledBy="phases-title"
        testId="phases"
        compact
        headers={[t.dashboard.phase, t.dashboard.median, t.dashboard.p90, t.dashboard.finishedHead]}
      >
        {phases.map(([title, phase, key]) => (
          <tr key={key} data-phase={key}>
            <th scope="row">{title}</th>
            <td>{formatDuration(phase.p50Seconds)}</td>
            <td>{formatDuration(phase.p90Seconds)}</td>
            <td>{formatNumber(phase.count)}</td>
          </tr>
        ))}
      </ScrollTable>
    </section>
  );
}

/**
 * The live dashboard: counts, what ends soon, how long review and signing take, and the latest
 * changes, all following `GET /events`. Officials see their agency's agreements, auditors all.
 */
export function DashboardPage() {
  const t = useMessages();
  const agencies = useAgencies();
  const live = useLiveStatus();
  const summary = useLoad<Summary>(() => unwrap(api.GET('/dashboard/summary')), []);
  const [recent, setRecent] = useState<LiveChange[]>([]);
  const [seen, setSeen] = useState(0);
  const [lastChangeAt, setLastChangeAt] = useState<number | undefined>();
  const [now, setNow] = useState(Date.now());
  const [wall, setWall] = useState(false);
  const pending = useRef<LiveChange[]>([]);
  const frame = useRef<number | undefined>(undefined);
  const buckets = useRef(new Map<number, number>());

  // Changes arrive in bursts (hundreds a second on a busy morning): they are gathered and drawn
  // once per frame, so the page never re-renders more often than the screen refreshes.
  useLiveChanges(
    useCallback((change: LiveChange) => {
      pending.current.push(change);
      const bucket = Math.floor(Date.now() / 1000 / BUCKET_SECONDS) * BUCKET_SECONDS;
      buckets.current.set(bucket, (buckets.current.get(bucket) ?? 0) + 1);
      if (frame.current !== undefined) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = undefined;
        const arrived = pending.current;
        pending.current = [];
        setRecent((previous) => [...arrived.slice(-RECENT).reverse(), ...previous].slice(0, RECENT));
        setSeen((count) => count + arrived.length);
        const newest = arrived.findLast((change) => change.agreement.lastChangeAt)?.agreement.lastChangeAt;
        if (newest) setLastChangeAt(Date.parse(newest));
      });
    }, []),
  );
  useEffect(() => () => void (frame.current !== undefined && cancelAnimationFrame(frame.current)), []);
  const reloadSummary = summary.reload;
  useLiveRefresh(
    useCallback(() => void reloadSummary(), [reloadSummary]),
    SUMMARY_REFRESH_MS,
  );
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    document.documentElement.classList.toggle('wall', wall);
    return () => document.documentElement.classList.remove('wall');
  }, [wall]);

  const behind = lastChangeAt === undefined ? undefined : Math.max(0, Math.round((now - lastChangeAt) / 1000));
  const activity = useMemo(() => {
    const last = Math.floor(now / 1000 / BUCKET_SECONDS) * BUCKET_SECONDS;
    const times = Array.from({ length: BUCKETS }, (_, index) => last - (BUCKETS - 1 - index) * BUCKET_SECONDS);
    for (const bucket of buckets.current.keys()) if (bucket < times[0]!) buckets.current.delete(bucket);
    return { times, counts: times.map((time) => buckets.current.get(time) ?? 0) };
  }, [now]);
  const data = summary.data;
  return (
    <main id="main" tabIndex={-1} class="dashboard">
      <div class="dashboard-head">
        <h1>{t.dashboard.title}</h1>
        <p role="status" class={`live live-${live}`} data-testid="dashboard-live">
          {live === 'live' ? t.common.live : live === 'offline' ? t.common.offline : t.common.loading}
          {live === 'live' && behind !== undefined && ` · ${behind <= 2 ? t.dashboard.upToDate : t.dashboard.behind(behind)}`}
        </p>
        <label class="inline">
          <input type="checkbox" checked={wall} onChange={(event) => setWall(event.currentTarget.checked)} /> {t.dashboard.wall}
        </label>
      </div>
      {summary.problem && <ProblemView problem={summary.problem} />}
      {data && (
        <>
          <div class="columns">
            <section class="card" aria-label={t.dashboard.total}>
              <h2>{t.dashboard.total}</h2>
              <p class="big-number" data-testid="dashboard-total">
                {formatNumber(data.total)}
              </p>
            </section>
            {(
              [
                [t.dashboard.expiring30, data.expiringWithin30Days, 'expiring-30'],
                [t.dashboard.expiring90, data.expiringWithin90Days, 'expiring-90'],
              ] as const
            ).map(([title, agreements, testId]) => (
              <section class="card" aria-label={title} key={testId}>
                <h2>
                  {title}: {formatNumber(agreements.length)}
                </h2>
                {agreements.length === 0 ? (
                  <p class="empty">{t.dashboard.none}</p>
                ) : (
                  <ul data-testid={testId}>
                    {agreements.slice(0, 5).map((agreement) => (
                      <li key={agreement.id}>
                        <a href={href(`/perjanjian/${agreement.id}`)}>{agreement.title}</a> · {formatDate(agreement.endDate)}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            ))}
          </div>
          <div class="columns">
            <Bars counts={data.byState} name={(state) => label(t.states, state)} title={t.dashboard.byState} testId="by-state" />
            <Bars counts={data.byKind} name={(kind) => label(t.kinds, kind)} title={t.dashboard.byKind} testId="by-kind" />
            <Bars
              counts={data.byAgency}
              name={(agency) => agencies.get(agency)?.name ?? agency}
              title={t.dashboard.byAgency}
              testId="by-agency"
            />
          </div>
          <div class="columns">
            <PhasesCard review={data.timeInReview} signing={data.timeInSigning} large={wall} />
            <section class="card" aria-labelledby="activity-title">
              <h2 id="activity-title">{t.dashboard.activity}</h2>
              <ActivityChart times={activity.times} counts={activity.counts} large={wall} clock={formatClock} testId="activity-chart" />
              <p class="help">
                {t.dashboard.activityHelp(formatNumber(activity.counts.reduce((sum, count) => sum + count, 0)), formatNumber(seen))}
              </p>
            </section>
          </div>
        </>
      )}
      <section class="card" aria-labelledby="recent-title" data-testid="recent-changes" data-changes-seen={seen}>
        <h2 id="recent-title">{t.dashboard.recent}</h2>
        {recent.length === 0 ? (
          <p class="empty">{t.dashboard.none}</p>
        ) : (
          <ScrollTable
            labelledBy="recent-title"
            testId="recent"
            headers={[t.dashboard.when, t.inbox.agreement, t.dashboard.change, t.list.state]}
          >
            {recent.map((change) => (
              <tr key={change.position} data-position={change.position}>
                <td>{change.agreement.lastChangeAt ? formatMoment(change.agreement.lastChangeAt) : '—'}</td>
                <td>
                  <a href={href(`/perjanjian/${change.agreement.id}`)}>{change.agreement.title ?? change.agreement.id}</a>
                </td>
                <td>
                  <code>{change.type}</code>
                </td>
                <td>{label(t.states, change.agreement.state)}</td>
              </tr>
            ))}
          </ScrollTable>
        )}
      </section>
    </main>
  );
}
