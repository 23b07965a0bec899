import { useEffect, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiProblem, unwrap, type Problem, type Schemas } from '../api/client';
import { graphOf, StateChart } from '../chart/state-chart';
import { pathThrough } from '../chart/workflow-graph';
import { ProblemView } from '../components/problem-view';
import { VirtualList } from '../components/virtual-list';
import { asProblem, timeZoneOf, useAgencies, useLoad, type Agency } from '../data';
import { formatMoment, formatNumber } from '../format';
import { describeEntry, useHistory, type HistoryEntry } from '../history';
import { label, useMessages } from '../i18n/i18n';
import { href } from '../router';
import { workflowOf, type WorkflowDescription } from '../workflows';
import { ScrollTable } from '../components/scroll-table';

type Entry = HistoryEntry;
type Verification = Schemas['VerificationDto'];
type Diff = Schemas['AgreementDiffDto'];
type StateAsOf = Schemas['AgreementStateDto'];

/** User Timing marks the benchmark reads: the first rows drawn, and the whole history loaded and drawn. */
export const TIMELINE_FIRST_MARK = 'sepakat:timeline-first';
export const TIMELINE_READY_MARK = 'sepakat:timeline-ready';

/** A row of the timeline before it is drawn and measured (collapsed hashes). */
const ROW_ESTIMATE = 92;
/** The slider's replay waits for the hand to rest: each replay is a read recorded in the audit log. */
const SETTLE_MS = 200;

function useSettled<T>(value: T, delay: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * What an auditor checks for one agreement, all replayed from the log by the API: the history with
 * its hash chain, the state as of any revision, the difference between two, the verification, and
 * an export to check offline with the standalone verifier.
 */
export function AuditPage({ id }: { id: string }) {
  const t = useMessages();
  const agencies = useAgencies();
  const detail = useLoad(() => unwrap(api.GET('/agreements/{id}', { params: { path: { id } } })), [id]);
  const history = useHistory(id, true, detail.data?.revision);
  const entries = history.entries;
  const problem = history.problem;
  const [chosen, setChosen] = useState<number | undefined>();
  useLayoutEffect(() => {
    if (entries.length > 0 && performance.getEntriesByName(TIMELINE_FIRST_MARK).length === 0) performance.mark(TIMELINE_FIRST_MARK);
    if (history.complete && performance.getEntriesByName(TIMELINE_READY_MARK).length === 0) performance.mark(TIMELINE_READY_MARK);
  }, [entries, history.complete]);
  const last = detail.data?.revision ?? entries.at(-1)?.revision ?? 0;

  return (
    <main id="main" tabIndex={-1}>
      <p>
        <a href={href(`/perjanjian/${id}`)}>← {t.audit.back}</a>
      </p>
      <h1>
        {t.audit.title}
        {detail.data && <span class="sub"> · {detail.data.title}</span>}
      </h1>
      {(problem ?? detail.problem) && <ProblemView problem={(problem ?? detail.problem)!} />}

      <div class="columns">
        <VerifyCard id={id} />
        <ExportCard id={id} />
      </div>
      <StateAsOfCard id={id} last={last} entries={entries} chosen={chosen} onChoose={setChosen} agencies={agencies} latest={detail.data} />
      <DiffCard id={id} last={last} />

      <ReadsCard id={id} />

      <section aria-labelledby="timeline-title" class="card">
        <h2 id="timeline-title">{t.audit.timeline}</h2>
        <p class="help">{t.audit.timelineHelp}</p>
        <p class="sub" role="status" data-testid="timeline-count">
          {history.complete ? t.audit.eventsLoaded(formatNumber(entries.length)) : t.audit.eventsLoading(formatNumber(entries.length))}
        </p>
        <VirtualList
          items={entries}
          keyOf={(entry) => entry.revision}
          estimate={ROW_ESTIMATE}
          label={t.audit.timeline}
          testId="timeline"
          scrollTo={chosen}
          row={(entry) => <TimelineRow entry={entry} agencies={agencies} chosen={entry.revision === chosen} onChoose={setChosen} />}
        />
      </section>
    </main>
  );
}

function TimelineRow({
  entry,
  agencies,
  chosen,
  onChoose,
}: {
  entry: Entry;
  agencies: ReadonlyMap<string, Agency>;
  chosen: boolean;
  onChoose: (revision: number) => void;
}) {
  const t = useMessages();
  return (
    <article data-revision={entry.revision} class={chosen ? 'chosen' : undefined}>
      <div class="timeline-head">
        <span class="revision">
          {t.audit.revision} {entry.revision}
        </span>
        <time dateTime={entry.recordedAt}>{formatMoment(entry.recordedAt, timeZoneOf(agencies, entry.actor.agencyId))}</time>
        <span class="sub">
          {entry.actor.name} ({entry.actor.roles.map((role) => label(t.roles, role)).join(', ')}) ·{' '}
          {agencies.get(entry.actor.agencyId)?.name ?? entry.actor.agencyId}
        </span>
        <button type="button" class="link" onClick={() => onChoose(entry.revision)} aria-pressed={chosen}>
          {t.audit.showAsOf}
        </button>
      </div>
      <p class="summary">{entry.summary}</p>
      <details>
        <summary>{t.audit.hashes}</summary>
        <dl class="hashes">
          <dt>{t.audit.eventType}</dt>
          <dd>
            <code>{entry.type}</code>
          </dd>
          <dt>{t.audit.prevHash}</dt>
          <dd>
            <code>{entry.prevHash}</code>
          </dd>
          <dt>{t.audit.hash}</dt>
          <dd>
            <code>{entry.hash}</code>
          </dd>
        </dl>
      </details>
    </article>
  );
}

function VerifyCard({ id }: { id: string }) {
  const t = useMessages();
  const [result, setResult] = useState<Verification | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      setResult(await unwrap(api.GET('/agreements/{id}/verify', { params: { path: { id } } })));
    } catch (error) {
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="verify-title" class="card">
      <h2 id="verify-title">{t.audit.verify}</h2>
      <p class="help">{t.audit.verifyHelp}</p>
      <button type="button" class="primary" onClick={() => void verify()} disabled={busy}>
        {busy ? t.audit.verifying : t.audit.verify}
      </button>
      <div role="status" aria-live="polite" data-testid="verification">
        {result && (
          <p class={result.valid ? 'verdict valid' : 'verdict invalid'}>
            {result.valid || !result.firstInvalid
              ? t.audit.valid(result.checkedEvents)
              : t.audit.invalid(result.firstInvalid.revision, result.firstInvalid.reason)}
          </p>
        )}
      </div>
      {problem && <ProblemView problem={problem} />}
    </section>
  );
}

function ExportCard({ id }: { id: string }) {
  const t = useMessages();
  const [problem, setProblem] = useState<Problem | undefined>();
  /** The export, fetched with the session's token and handed to the browser as a file. */
  const download = async (format: 'json' | 'csv') => {
    setProblem(undefined);
    try {
      const { data, response } = await api.GET('/agreements/{id}/export', { params: { path: { id }, query: { format } }, parseAs: 'blob' });
      if (!response.ok || !data)
        throw new ApiProblem(
          await response.json().then(
            (body: object) => ({ ...body, status: response.status }),
            () => ({ status: response.status }),
          ),
        );
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `agreement-${id}.${format}`;
      const link = document.createElement('a');
      link.href = URL.createObjectURL(data);
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  return (
    <section aria-labelledby="export-title" class="card">
      <h2 id="export-title">{t.audit.export}</h2>
      <div class="buttons">
        <button type="button" onClick={() => void download('json')}>
          {t.audit.exportJson}
        </button>
        <button type="button" onClick={() => void download('csv')}>
          {t.audit.exportCsv}
        </button>
      </div>
      <p class="help">{t.audit.exportHelp}</p>
      <pre class="command">
        <code>node scripts/verify-export.mjs agreement-{id}.json</code>
      </pre>
      <p class="help">{t.audit.exportPrints}</p>
      {problem && <ProblemView problem={problem} />}
    </section>
  );
}

interface StateAsOfProps {
  readonly id: string;
  readonly last: number;
  readonly entries: readonly Entry[];
  readonly chosen: number | undefined;
  readonly onChoose: (revision: number) => void;
  readonly agencies: ReadonlyMap<string, Agency>;
  /** The agreement as it stands (the read model): shown until a revision is chosen, so opening the page replays nothing. */
  readonly latest: Schemas['AgreementDetailDto'] | undefined;
}

/**
 * The agreement replayed by the API to a revision chosen on the slider (or in the timeline), or to
 * a moment; the chart follows it with the path up to that revision.
 */
function StateAsOfCard({ id, last, entries, chosen: picked, onChoose, agencies, latest }: StateAsOfProps) {
  const t = useMessages();
  const chosen = picked ?? last;
  const settled = useSettled(picked, SETTLE_MS);
  const [moment, setMoment] = useState('');
  const [momentProblem, setMomentProblem] = useState<Problem | undefined>();
  const replayed = useLoad<StateAsOf | undefined>(
    () =>
      settled === undefined
        ? Promise.resolve(undefined)
        : unwrap(api.GET('/agreements/{id}/state', { params: { path: { id }, query: { revision: settled } } })),
    [id, settled],
  );
  // Until the auditor picks a revision, the latest one is the agreement as it stands.
  const asLatest = picked === undefined && latest ? { ...latest, asOf: latest.lastChangeAt } : undefined;
  const state = { problem: replayed.problem, data: replayed.data ?? asLatest };
  const [workflow, setWorkflow] = useState<WorkflowDescription | undefined>();
  const reference = replayed.data ? `${replayed.data.workflow.name}@${replayed.data.workflow.version}` : asLatest?.workflow;
  useEffect(() => {
    if (reference) workflowOf(reference).then(setWorkflow, () => undefined);
  }, [reference]);
  const entry = entries.find((item) => item.revision === chosen);
  const context = state.data?.agreement as
    | {
        parties?: Array<{ agencyId: string; name: string }>;
        progress?: Record<string, { cleared?: string[]; signature?: { signatoryName: string } }>;
      }
    | undefined;
  const steps = useMemo(
    () => (workflow ? pathThrough(graphOf(workflow), entries.slice(0, chosen + 1)) : undefined),
    [workflow, entries, chosen],
  );

  /** The last revision recorded at or before a moment, as the API replays it (`?at=`). */
  const goToMoment = async (event: Event) => {
    event.preventDefault();
    setMomentProblem(undefined);
    try {
      const asOf = await unwrap(
        api.GET('/agreements/{id}/state', { params: { path: { id }, query: { at: new Date(moment).toISOString() } } }),
      );
      onChoose(asOf.revision);
    } catch (error) {
      setMomentProblem(asProblem(error));
    }
  };

  return (
    <section aria-labelledby="asof-title" class="card">
      <h2 id="asof-title">{t.audit.asOf}</h2>
      <p class="help">{t.audit.asOfHelp}</p>
      <label class="slider">
        <span>
          {t.audit.revision} <output data-testid="asof-revision">{chosen}</output> / {last}
        </span>
        <input
          type="range"
          min={0}
          max={last}
          step={1}
          value={chosen}
          onInput={(event) => onChoose(Number(event.currentTarget.value))}
          aria-label={t.audit.asOf}
        />
      </label>
      <form class="filters" onSubmit={(event) => void goToMoment(event)}>
        <label>
          {t.audit.asOfMomentInput}
          <input
            type="datetime-local"
            name="at"
            step={1}
            value={moment}
            onInput={(event) => setMoment(event.currentTarget.value)}
            required
          />
        </label>
        <button type="submit">{t.audit.asOfMomentShow}</button>
      </form>
      {momentProblem &&
        (momentProblem.status === 404 ? (
          // Before its first event the agreement did not exist: said as such rather than "not found".
          <p class="notice" role="status">
            {t.audit.beforeFirst}
          </p>
        ) : (
          <ProblemView problem={momentProblem} />
        ))}
      {entry && (
        <p class="summary" data-testid="asof-entry">
          {describeEntry(entry, agencies)}
        </p>
      )}
      {state.problem && <ProblemView problem={state.problem} />}
      <div>
        {state.data && (
          <dl class={state.data.revision === chosen ? undefined : 'replaying'} aria-busy={state.data.revision !== chosen}>
            <dt>{t.list.state}</dt>
            <dd>
              <span class={`state state-${state.data.state}`} data-testid="asof-state">
                {label(t.states, state.data.state)}
              </span>{' '}
              <code class="sub">{state.data.detailedState}</code>
            </dd>
            <dt>{t.audit.asOfMoment}</dt>
            <dd>{formatMoment(state.data.asOf)}</dd>
            {(context?.parties ?? []).map((party) => {
              const progress = context?.progress?.[party.agencyId];
              return [
                <dt key={`${party.agencyId}-name`}>{party.name}</dt>,
                <dd key={`${party.agencyId}-progress`}>
                  {(progress?.cleared ?? []).map((tier) => (tier === 'LEGAL' ? t.detail.legal : t.detail.technical)).join(', ') ||
                    t.common.none}
                  {progress?.signature && ` · ${t.detail.signed}: ${progress.signature.signatoryName}`}
                </dd>,
              ];
            })}
          </dl>
        )}
        {workflow && state.data && (
          <StateChart
            description={workflow}
            caption={`${t.chart.title} · ${t.audit.revision} ${state.data.revision}`}
            current={state.data.revision === chosen ? state.data.detailedState : steps?.at(-1)?.to}
            steps={steps}
            describe={(step) => describeEntry(step.event, agencies)}
          />
        )}
      </div>
    </section>
  );
}

function DiffCard({ id, last }: { id: string; last: number }) {
  const t = useMessages();
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState<number | undefined>();
  const [diff, setDiff] = useState<Diff | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const show = async (event: Event) => {
    event.preventDefault();
    setProblem(undefined);
    try {
      setDiff(await unwrap(api.GET('/agreements/{id}/diff', { params: { path: { id }, query: { from, to: to ?? last } } })));
    } catch (error) {
      setProblem(asProblem(error));
    }
  };
  const text = (value: unknown) => (value === undefined ? t.common.none : JSON.stringify(value));
  return (
    <section aria-labelledby="diff-title" class="card">
      <h2 id="diff-title">{t.audit.diff}</h2>
      <form class="filters" onSubmit={(event) => void show(event)}>
        <RevisionInput name="from" caption={t.audit.diffFrom} last={last} value={from} onChange={setFrom} />
        <RevisionInput name="to" caption={t.audit.diffTo} last={last} value={to ?? last} onChange={setTo} />
        <button type="submit">{t.audit.diffShow}</button>
      </form>
      {problem && <ProblemView problem={problem} />}
      {diff &&
        (diff.changes.length === 0 ? (
          <p class="empty">{t.audit.diffNone}</p>
        ) : (
          <ScrollTable labelledBy="diff-title" testId="diff" headers={[t.audit.field, t.audit.before, t.audit.after]}>
            {diff.changes.map((change) => (
              <tr key={change.path}>
                <td>
                  <code>{change.path}</code>
                </td>
                <td>
                  <code>{text(change.before)}</code>
                </td>
                <td>
                  <code>{text(change.after)}</code>
                </td>
              </tr>
            ))}
          </ScrollTable>
        ))}
    </section>
  );
}

/** A revision number, 0 to the last (a field, not a list: an agreement may hold thousands of revisions). */
function RevisionInput(props: { name: string; caption: string; last: number; value: number; onChange: (revision: number) => void }) {
  return (
    <label>
      {props.caption}
      <input
        type="number"
        name={props.name}
        min={0}
        max={props.last}
        step={1}
        required
        value={String(props.value)}
        onInput={(event) => {
          const revision = event.currentTarget.valueAsNumber;
          if (Number.isInteger(revision) && revision >= 0 && revision <= props.last) props.onChange(revision);
        }}
      />
    </label>
  );
}

/** The audit of the audit: who read this agreement's history and when (auditors and administrators; hidden for others, as the API refuses them). */
function ReadsCard({ id }: { id: string }) {
  const t = useMessages();
  const agencies = useAgencies();
  const reads = useLoad(() => unwrap(api.GET('/audit/reads', { params: { query: { agreementId: id, limit: 50 } } })), [id]);
  if (reads.problem?.status === 403 || (!reads.data && !reads.problem)) return null;
  return (
    <section aria-labelledby="reads-title" class="card">
      <h2 id="reads-title">{t.audit.reads}</h2>
      <p class="help">{t.audit.readsHelp}</p>
      {reads.problem && <ProblemView problem={reads.problem} />}
      <ul data-testid="reads">
        {(reads.data ?? []).map((read, index) => (
          <li key={`${read.at}-${index}`}>
            {formatMoment(read.at, timeZoneOf(agencies, read.actor.agencyId))} · {read.actor.name} ({read.actor.agencyId}) ·{' '}
            {label(t.audit.readKinds, read.read)}
          </li>
        ))}
      </ul>
    </section>
  );
}
