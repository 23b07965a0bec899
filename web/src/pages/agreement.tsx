import { Fragment } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, unwrap, type Schemas } from '../api/client';
import { graphOf, StateChart, stateName } from '../chart/state-chart';
import { pathThrough, type PathStep } from '../chart/workflow-graph';
import { ActionForm, type KnownDocument } from '../components/action-form';
import { ProblemView } from '../components/problem-view';
import { useAgencies, useLoad, type Agency } from '../data';
import { describeEntry, useHistory, type HistoryEntry } from '../history';
import { formatDate, shortHash } from '../format';
import { label, useMessages } from '../i18n/i18n';
import { useLiveChanges, type LiveChange } from '../live/live-changes';
import { href } from '../router';
import { workflowOf, type WorkflowDescription } from '../workflows';
import { ScrollTable } from '../components/scroll-table';

type Detail = Schemas['AgreementDetailDto'];

/** Indonesia's zones as officials name them. */
const ZONE_NAMES: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

/** The calendar day before a `YYYY-MM-DD` date. */
function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** One agreement as the official's agency sees it, with the steps the API offers this official now. */
export function AgreementPage({ id, minPosition }: { id: string; minPosition?: string | undefined }) {
  const t = useMessages();
  // Read-your-writes: after our own command (or a draft), the read waits until the read model has
  // applied it (`minPosition`, the command's X-Event-Position), so the page never shows the step undone.
  const atLeast = useRef(minPosition);
  const detail = useLoad<Detail>(
    () => unwrap(api.GET('/agreements/{id}', { params: { path: { id }, query: atLeast.current ? { minPosition: atLeast.current } : {} } })),
    [id],
  );
  const [workflow, setWorkflow] = useState<WorkflowDescription | undefined>();
  const [open, setOpen] = useState<{ action: string; revision: number } | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [changedUnderneath, setChangedUnderneath] = useState(false);
  const [showPath, setShowPath] = useState(false);
  const history = useHistory(id, showPath);
  const agencies = useAgencies();
  const agreement = detail.data;
  const steps = useMemo(
    () => (showPath && workflow ? pathThrough(graphOf(workflow), history.entries) : undefined),
    [showPath, workflow, history.entries],
  );

  const workflowName = agreement?.workflow;
  useEffect(() => {
    if (workflowName !== undefined) workflowOf(workflowName).then(setWorkflow, () => undefined);
  }, [workflowName]);

  // Someone else moved this agreement: show it as it now stands, and say so while a form is open.
  const revision = agreement?.revision;
  const reloadDetail = detail.reload;
  const refreshHistory = history.refresh;
  useLiveChanges(
    useCallback(
      (change: LiveChange) => {
        if (change.agreement.id !== id || (revision !== undefined && change.agreement.revision <= revision)) return;
        if (open) setChangedUnderneath(true);
        void reloadDetail();
        if (showPath) void refreshHistory();
      },
      [id, revision, open, reloadDetail, showPath, refreshHistory],
    ),
  );

  if (detail.problem && !agreement) {
    return (
      <main id="main" tabIndex={-1}>
        {detail.problem.status === 404 ? (
          <p class="problem" role="alert">
            {t.detail.notFound}
          </p>
        ) : (
          <ProblemView problem={detail.problem} />
        )}
      </main>
    );
  }
  if (!agreement) {
    return (
      <main id="main" tabIndex={-1}>
        <p role="status">{t.common.loading}</p>
      </main>
    );
  }

  const context = agreement.agreement;
  const documents: KnownDocument[] = (context.documents ?? []).map((document) => ({ sha256: document.sha256, name: document.name }));
  const actionsOffered = agreement.availableActions
    .map((name) => workflow?.actions.find((action) => action.name === name))
    .filter((action): action is NonNullable<typeof action> => action !== undefined);

  return (
    <main id="main" tabIndex={-1}>
      <p class="sub">
        {label(t.kinds, agreement.kind)} · {t.detail.workflow} {agreement.workflow} · {t.detail.revision} {agreement.revision}
      </p>
      <h1>{agreement.title}</h1>
      <p>
        <a href={href(`/perjanjian/${id}/riwayat`)}>{t.audit.link}</a>
      </p>
      <p>
        <span class={`state state-${agreement.state}`} data-testid="state">
          {label(t.states, agreement.state)}
        </span>
      </p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}

      <section aria-labelledby="actions-title" class="card">
        <h2 id="actions-title">{t.detail.actions}</h2>
        {changedUnderneath && (
          <p class="notice" role="status">
            {t.detail.updated}
          </p>
        )}
        {actionsOffered.length === 0 && <p class="empty">{t.detail.noActions}</p>}
        <div class="action-buttons">
          {actionsOffered.map((action) => (
            <button
              type="button"
              key={action.name}
              aria-expanded={open?.action === action.name}
              onClick={() => {
                setNotice(undefined);
                setChangedUnderneath(false);
                setOpen(open?.action === action.name ? undefined : { action: action.name, revision: agreement.revision });
              }}
            >
              {label(t.actions, action.name)}
            </button>
          ))}
        </div>
        {open && workflow && (
          <ActionForm
            key={`${open.action}@${open.revision}`}
            agreementId={id}
            action={workflow.actions.find((action) => action.name === open.action)!}
            decidedRevision={open.revision}
            documents={documents}
            onDone={(message, position) => {
              atLeast.current = position;
              setOpen(undefined);
              setChangedUnderneath(false);
              // The message comes with the agreement as the step left it, not before.
              void detail.reload().then(() => setNotice(message));
              if (showPath) void history.refresh();
            }}
            onStale={() => {
              setNotice(t.action.stale);
              void detail.reload();
            }}
            onCancel={() => setOpen(undefined)}
          />
        )}
      </section>

      <section aria-labelledby="chart-title" class="card">
        <h2 id="chart-title">{t.chart.title}</h2>
        {workflow && (
          <StateChart
            description={workflow}
            caption={`${t.chart.title} ${agreement.workflow}`}
            current={agreement.detailedState}
            steps={steps}
            describe={(step) => describeEntry(step.event, agencies)}
          />
        )}
        <div class="buttons">
          <button type="button" aria-expanded={showPath} onClick={() => setShowPath(!showPath)}>
            {showPath ? t.chart.hidePath : t.chart.showPath}
          </button>
          <a href={href(`/alur/${agreement.workflow.replace('@', '/')}`)}>{t.chart.whatNext}</a>
        </div>
        {showPath && (
          <>
            <p class="help">{t.chart.pathHelp}</p>
            {history.problem && <ProblemView problem={history.problem} />}
            {steps && <LatestSteps steps={steps} agencies={agencies} />}
          </>
        )}
      </section>

      <section aria-labelledby="parties-title" class="card">
        <h2 id="parties-title">{t.detail.parties}</h2>
        <ScrollTable
          labelledBy="parties-title"
          testId="parties"
          headers={[
            t.list.parties,
            t.detail.technical,
            t.detail.legal,
            t.detail.dprd,
            t.detail.signed,
            t.detail.registry,
            t.detail.locationsConfirmed,
          ]}
        >
          {context.parties.map((party) => {
            const progress = context.progress?.[party.agencyId];
            const cleared = progress?.cleared ?? [];
            const dprd = context.dprdApprovals?.[party.agencyId];
            const mark = (done: boolean) => <span class={done ? 'done' : 'pending'}>{done ? `✓ ${t.detail.done}` : t.detail.pending}</span>;
            return (
              <tr key={party.agencyId}>
                <th scope="row">
                  {party.name}
                  <div class="sub">
                    {label(t.partyRoles, party.role)} · {party.agencyId}
                  </div>
                </th>
                <td>{mark(cleared.includes('TECHNICAL'))}</td>
                <td>{mark(cleared.includes('LEGAL'))}</td>
                <td>
                  {party.dprdApprovalRequired ? (
                    dprd ? (
                      `✓ ${dprd.number} (${formatDate(dprd.date)})`
                    ) : (
                      mark(false)
                    )
                  ) : (
                    <span class="sub">{t.detail.notNeeded}</span>
                  )}
                </td>
                <td>
                  {progress?.signature
                    ? `✓ ${t.detail.signature(progress.signature.signatoryName, label(t.values, progress.signature.capacity))}`
                    : mark(false)}
                </td>
                <td>{progress?.registry ? `${progress.registry.number} (${formatDate(progress.registry.date)})` : t.common.none}</td>
                <td>{mark(progress?.locationsConfirmed === true)}</td>
              </tr>
            );
          })}
        </ScrollTable>
      </section>

      <div class="columns">
        <section aria-labelledby="term-title" class="card">
          <h2 id="term-title">{t.detail.term}</h2>
          <dl>
            <dt>{t.detail.term}</dt>
            <dd>
              {formatDate(context.term.startDate)} – {formatDate(context.term.endDate)}
            </dd>
            {context.term.noticePeriodDays !== undefined && (
              <>
                <dt>{t.detail.noticePeriod}</dt>
                <dd>{t.detail.days(context.term.noticePeriodDays)}</dd>
              </>
            )}
            {agreement.deadlines.map((deadline) => (
              <Fragment key={deadline.kind}>
                <dt>{t.detail.deadlines[deadline.kind]}</dt>
                <dd data-testid={`deadline-${deadline.kind}`}>
                  {t.detail.deadlineAt(
                    // A notice deadline is shown as its last day; the others as the day they take effect.
                    formatDate(deadline.kind === 'notice' ? previousDay(deadline.dueDate) : deadline.dueDate),
                    ZONE_NAMES[deadline.timeZone] ?? deadline.timeZone,
                  )}
                  {deadline.due && ` (${t.detail.deadlineDue})`}
                </dd>
              </Fragment>
            ))}
            {context.effectiveDate && (
              <>
                <dt>{t.detail.effective}</dt>
                <dd>{formatDate(context.effectiveDate)}</dd>
              </>
            )}
            {context.purpose && (
              <>
                <dt>{t.detail.purpose}</dt>
                <dd class="pre">{context.purpose}</dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="documents-title" class="card">
          <h2 id="documents-title">{t.detail.documents}</h2>
          {documents.length === 0 ? (
            <p class="empty">{t.detail.noDocuments}</p>
          ) : (
            <ul data-testid="documents">
              {(context.documents ?? []).map((document) => (
                <li key={document.sha256}>
                  {label(t.values, document.documentType)}: {document.name}{' '}
                  <code title={document.sha256}>{shortHash(document.sha256)}</code>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="locations-title" class="card">
        <h2 id="locations-title">{t.detail.locations}</h2>
        {!context.fixedLocations && !context.proposedLocations && <p class="empty">{t.detail.noLocations}</p>}
        {(
          [
            [t.detail.locationsFixed, context.fixedLocations, 'fixed-locations'],
            [t.detail.locationsProposed, context.fixedLocations ? undefined : context.proposedLocations, 'proposed-locations'],
          ] as const
        ).map(
          ([title, locations, testId]) =>
            locations && (
              <div key={testId}>
                <h3>{title}</h3>
                <ul data-testid={testId}>
                  {locations.map((location, index) => (
                    <li key={index}>
                      {[location.area, location.villages?.join(', '), location.district, location.regency, location.province]
                        .filter(Boolean)
                        .join(', ')}
                    </li>
                  ))}
                </ul>
              </div>
            ),
        )}
      </section>

      <section aria-labelledby="family-title" class="card">
        <h2 id="family-title">{agreement.parentId ? t.detail.parent : t.detail.children}</h2>
        {agreement.parentId && <ParentLink id={agreement.parentId} />}
        {!agreement.parentId &&
          (agreement.children.length === 0 ? (
            <p class="empty">{t.detail.noChildren}</p>
          ) : (
            <ul data-testid="children">
              {agreement.children.map((child) => (
                <li key={child.id}>
                  <a href={href(`/perjanjian/${child.id}`)}>{child.title}</a> · {label(t.states, child.state)}
                </li>
              ))}
            </ul>
          ))}
      </section>
    </main>
  );
}

function ParentLink({ id }: { id: string }) {
  const t = useMessages();
  // A unit (Balilatfo) drafts under its ministry's MoU without being party to it: it may not open
  // the MoU, but the candidates it drafted under name it.
  const parent = useLoad(async () => {
    try {
      const detail = await unwrap(api.GET('/agreements/{id}', { params: { path: { id } } }));
      return { title: detail.title, state: detail.state, readable: true };
    } catch {
      const candidate = (await unwrap(api.GET('/agreements/parent-candidates'))).find((item) => item.id === id);
      return candidate ? { title: candidate.title, state: candidate.state, readable: false } : undefined;
    }
  }, [id]);
  const found = parent.data;
  return (
    <p data-testid="parent">
      {found?.readable === false ? found.title : <a href={href(`/perjanjian/${id}`)}>{found?.title ?? id}</a>}
      {found && ` · ${label(t.states, found.state)}`}
    </p>
  );
}

const LATEST_STEPS = 10;

/** The latest steps of the path, each with who took it, for which agency, and when. */
function LatestSteps({ steps: all, agencies }: { steps: ReadonlyArray<PathStep<HistoryEntry>>; agencies: ReadonlyMap<string, Agency> }) {
  const t = useMessages();
  const steps = all.slice(-LATEST_STEPS);
  if (steps.length === 0) return null;
  return (
    <>
      <h3>
        {t.chart.path} <span class="sub">({t.chart.latestSteps(steps.length)})</span>
      </h3>
      <ol class="steps" data-testid="path-steps">
        {steps.map((step) => (
          <li key={step.event.revision} value={step.event.revision} data-revision={step.event.revision}>
            <span class="sub">
              {step.unknown
                ? t.chart.unknown
                : step.from === step.to
                  ? `${t.chart.stayed} ${stateName(t.states, step.to)}`
                  : `${stateName(t.states, step.from)} → ${stateName(t.states, step.to)}`}
            </span>{' '}
            {describeEntry(step.event, agencies)}
          </li>
        ))}
      </ol>
    </>
  );
}
