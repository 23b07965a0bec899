import { useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap, type Problem, type Schemas } from '../api/client';
import { ProblemView } from '../components/problem-view';
import { asProblem, timeZoneOf, useAgencies, useLoad } from '../data';
import { formatDuration, formatMoment, formatNumber } from '../format';
import { label, useMessages } from '../i18n/i18n';
import { href } from '../router';
import { ScrollTable } from '../components/scroll-table';

type Started = Schemas['StoreVerificationStartedLineDto'];
type Progress = Schemas['StoreVerificationProgressLineDto'];
type Broken = Schemas['StoreVerificationBrokenLineDto'];
type Done = Schemas['StoreVerificationDoneLineDto'];
type Failed = Schemas['StoreVerificationFailedLineDto'];
type Line = Started | Progress | Broken | Done | Failed;

interface Reading {
  readonly started?: Started;
  readonly progress?: Progress;
  readonly broken: readonly Broken[];
}

type Run =
  | { readonly phase: 'idle' }
  | ({ readonly phase: 'running' | 'cancelled' } & Reading)
  | {
      readonly phase: 'done';
      readonly started?: Started;
      readonly progress?: Progress;
      readonly broken: readonly Broken[];
      readonly done: Done;
    }
  | {
      readonly phase: 'failed';
      readonly started?: Started;
      readonly progress?: Progress;
      readonly broken: readonly Broken[];
      readonly failed: Failed;
    };

/** The report's lines as they arrive: newline-delimited JSON read from the response's stream. */
async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<Line> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, end).trim();
      buffered = buffered.slice(end + 1);
      if (text) yield JSON.parse(text) as Line;
    }
  }
  if (buffered.trim()) yield JSON.parse(buffered) as Line;
}

/**
 * The auditor's view of the whole store: a verification of every agreement and of the directory,
 * with progress, rate and time left, cancellable; and who read which history, across all agreements.
 */
export function StoreAuditPage({ me }: { me: Schemas['MeDto'] }) {
  const t = useMessages();
  // The API refuses both to anyone else: the page does not offer them (an official who follows an old link is told why).
  const allowed = me.roles.some((role) => role === 'AUDITOR' || role === 'ADMIN');
  return (
    <main id="main" tabIndex={-1}>
      <h1>{t.storeAudit.title}</h1>
      {allowed ? (
        <>
          <p class="help">{t.storeAudit.intro}</p>
          <StoreVerificationCard />
          <AllReadsCard />
        </>
      ) : (
        <p class="notice" role="status">
          {t.storeAudit.notAllowed}
        </p>
      )}
    </main>
  );
}

function StoreVerificationCard() {
  const t = useMessages();
  const [run, setRun] = useState<Run>({ phase: 'idle' });
  const [problem, setProblem] = useState<Problem | undefined>();
  const controller = useRef<AbortController | undefined>(undefined);
  // Leaving the page cancels the check: the service stops reading when the connection closes.
  useEffect(() => () => controller.current?.abort(), []);

  const start = async () => {
    setProblem(undefined);
    const abort = new AbortController();
    controller.current = abort;
    let state: Reading = { broken: [] };
    setRun({ phase: 'running', ...state });
    try {
      const stream = await unwrap(api.GET('/audit/store-verification', { parseAs: 'stream', signal: abort.signal }));
      if (!stream) throw new ApiStreamMissing();
      for await (const line of lines(stream)) {
        if (line.kind === 'started') state = { ...state, started: line };
        else if (line.kind === 'progress') state = { ...state, progress: line };
        else if (line.kind === 'broken') state = { ...state, broken: [...state.broken, line] };
        else if (line.kind === 'done') return setRun({ ...state, phase: 'done', done: line });
        else if (line.kind === 'failed') return setRun({ ...state, phase: 'failed', failed: line });
        setRun({ phase: 'running', ...state });
      }
      // The stream ended without a last line: the connection broke.
      setRun({
        ...state,
        phase: 'failed',
        failed: { kind: 'failed', detail: t.storeAudit.interrupted, events: state.progress?.events ?? 0, broken: state.broken.length },
      });
    } catch (error) {
      if (abort.signal.aborted) setRun({ ...state, phase: 'cancelled' });
      else {
        setRun({ phase: 'idle' });
        setProblem(error instanceof ApiStreamMissing ? { status: 0 } : asProblem(error));
      }
    } finally {
      if (controller.current === abort) controller.current = undefined;
    }
  };
  const cancel = () => controller.current?.abort();

  const progress = run.phase === 'idle' ? undefined : run.progress;
  const broken = run.phase === 'idle' ? [] : run.broken;
  return (
    <section aria-labelledby="store-verify-title" class="card">
      <h2 id="store-verify-title">{t.storeAudit.verify}</h2>
      <p class="help">{t.storeAudit.verifyHelp}</p>
      <div class="buttons">
        <button type="button" class="primary" onClick={() => void start()} disabled={run.phase === 'running'}>
          {run.phase === 'running' ? t.storeAudit.running : t.storeAudit.start}
        </button>
        {run.phase === 'running' && (
          <button type="button" onClick={cancel}>
            {t.storeAudit.cancel}
          </button>
        )}
      </div>
      {problem && <ProblemView problem={problem} />}
      {run.phase !== 'idle' && (
        <div data-testid="store-verification" data-phase={run.phase}>
          <label class="progress">
            <span>{t.storeAudit.progress(Math.round((progress?.fraction ?? 0) * 100))}</span>
            <progress max={1} value={progress?.fraction ?? 0} />
          </label>
          <dl class="figures">
            <dt>{t.storeAudit.events}</dt>
            <dd data-testid="store-events">{formatNumber(progress?.events ?? 0)}</dd>
            <dt>{t.storeAudit.streams}</dt>
            <dd>{formatNumber(progress?.streams ?? 0)}</dd>
            <dt>{t.storeAudit.rate}</dt>
            <dd>{t.storeAudit.perSecond(formatNumber(progress?.eventsPerSecond ?? 0))}</dd>
            <dt>{t.storeAudit.left}</dt>
            <dd>
              {run.phase === 'running'
                ? progress?.secondsLeft == null
                  ? t.storeAudit.estimating
                  : formatDuration(progress.secondsLeft)
                : '—'}
            </dd>
          </dl>
          <div role="status" aria-live="polite">
            {run.phase === 'done' && (
              <p class={run.done.broken === 0 ? 'verdict valid' : 'verdict invalid'} data-testid="store-verdict">
                {run.done.broken === 0
                  ? t.storeAudit.valid(
                      formatNumber(run.done.events),
                      formatNumber(run.done.streams),
                      formatNumber(run.done.directoryEvents),
                      formatDuration(run.done.seconds),
                    )
                  : t.storeAudit.invalid(formatNumber(run.done.broken), formatNumber(run.done.events))}
              </p>
            )}
            {run.phase === 'cancelled' && <p class="notice">{t.storeAudit.cancelled(formatNumber(progress?.events ?? 0))}</p>}
            {run.phase === 'failed' && <p class="verdict invalid">{t.storeAudit.failed(run.failed.detail)}</p>}
          </div>
          {broken.length > 0 && (
            <>
              <h3>{t.storeAudit.brokenTitle}</h3>
              <ul data-testid="store-broken">
                {broken.map((line) => (
                  <li key={`${line.stream}@${line.revision}`}>
                    {line.agreementId ? (
                      <a href={href(`/perjanjian/${line.agreementId}/riwayat`)}>{line.stream}</a>
                    ) : (
                      <code>{line.stream}</code>
                    )}
                    {' · '}
                    {t.storeAudit.brokenAt(line.revision, line.reason)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

class ApiStreamMissing extends Error {}

/** The audit of the audit across every agreement: who read which history, and when. */
function AllReadsCard() {
  const t = useMessages();
  const agencies = useAgencies();
  const reads = useLoad(() => unwrap(api.GET('/audit/reads', { params: { query: { limit: 100 } } })), []);
  return (
    <section aria-labelledby="all-reads-title" class="card">
      <h2 id="all-reads-title">{t.storeAudit.reads}</h2>
      <p class="help">{t.audit.readsHelp}</p>
      {reads.problem && <ProblemView problem={reads.problem} />}
      {reads.data && reads.data.length === 0 && <p class="empty">{t.dashboard.none}</p>}
      {reads.data && reads.data.length > 0 && (
        <ScrollTable
          labelledBy="all-reads-title"
          testId="all-reads"
          headers={[t.dashboard.when, t.audit.who, t.storeAudit.read, t.inbox.agreement]}
        >
          {reads.data.map((read, index) => (
            <tr key={`${read.at}-${index}`}>
              <td>{formatMoment(read.at, timeZoneOf(agencies, read.actor.agencyId))}</td>
              <td>
                {read.actor.name} <span class="sub">({agencies.get(read.actor.agencyId)?.name ?? read.actor.agencyId})</span>
              </td>
              <td>{label(t.audit.readKinds, read.read)}</td>
              <td>
                {read.agreementId === '*' ? (
                  t.storeAudit.everyAgreement
                ) : (
                  <a href={href(`/perjanjian/${read.agreementId}/riwayat`)}>{read.agreementId}</a>
                )}
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
    </section>
  );
}
