import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../api/client';
import { ProblemView } from '../components/problem-view';
import { useAgencies, useLoad } from '../data';
import { formatDate, formatMoment, formatNumber } from '../format';
import { label, useMessages } from '../i18n/i18n';
import { useLiveChanges, useLiveRefresh, useLiveStatus, type LiveChange } from '../live/live-changes';
import { href } from '../router';

type Summary = Schemas['DashboardSummaryDto'];
type Phase = Schemas['PhaseStatisticsDto'];

const RECENT = 15;

/** Bars of a count per key, largest first; widths set through the CSSOM (allowed by the page's CSP). */
function Bars({ counts, name, title, testId }: { counts: Record<string, number>; name: (key: string) => string; title: string; testId: string }) {
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

/** A duration in the largest sensible unit. */
function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 120) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

function PhaseCard({ title, phase }: { title: string; phase: Phase }) {
  const t = useMessages();
  const largest = Math.max(phase.p90Seconds ?? 0, 1e-9);
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      <ul class="bars">
        {(
          [
            [t.dashboard.median, phase.p50Seconds],
            [t.dashboard.p90, phase.p90Seconds],
          ] as const
        ).map(([name, seconds]) => (
          <li key={name}>
            <span class="bar-label">{name}</span>
            <span class="bar" style={{ width: `${((seconds ?? 0) / largest) * 100}%` }} aria-hidden="true" />
            <span class="bar-value">{duration(seconds)}</span>
          </li>
        ))}
      </ul>
      <p class="help">{t.dashboard.finished(phase.count)}</p>
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
  const [lastChangeAt, setLastChangeAt] = useState<number | undefined>();
  const [now, setNow] = useState(Date.now());
  const [wall, setWall] = useState(false);

  useLiveChanges(
    useCallback((change: LiveChange) => {
      setRecent((previous) => [change, ...previous].slice(0, RECENT));
      if (change.agreement.lastChangeAt) setLastChangeAt(Date.parse(change.agreement.lastChangeAt));
    }, []),
  );
  useLiveRefresh(useCallback(() => void summary.reload(), [summary.reload]));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    document.documentElement.classList.toggle('wall', wall);
    return () => document.documentElement.classList.remove('wall');
  }, [wall]);

  const behind = lastChangeAt === undefined ? undefined : Math.max(0, Math.round((now - lastChangeAt) / 1000));
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
            <Bars counts={data.byAgency} name={(agency) => agencies.get(agency)?.name ?? agency} title={t.dashboard.byAgency} testId="by-agency" />
          </div>
          <div class="columns">
            <PhaseCard title={t.dashboard.timeInReview} phase={data.timeInReview} />
            <PhaseCard title={t.dashboard.timeInSigning} phase={data.timeInSigning} />
          </div>
        </>
      )}
      <section class="card" aria-labelledby="recent-title">
        <h2 id="recent-title">{t.dashboard.recent}</h2>
        {recent.length === 0 ? (
          <p class="empty">{t.dashboard.none}</p>
        ) : (
          <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="recent-title">
            <table class="list" data-testid="recent">
              <thead>
                <tr>
                  <th scope="col">{t.dashboard.when}</th>
                  <th scope="col">{t.inbox.agreement}</th>
                  <th scope="col">{t.dashboard.change}</th>
                  <th scope="col">{t.list.state}</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((change) => (
                  <tr key={change.position}>
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
              </tbody>
            </table>
          </div>
        )}
      </section>
    </main>
  );
}
