import { api, unwrap } from '../api/client';
import { graphOf, StateChart, stateName } from '../chart/state-chart';
import { ProblemView } from '../components/problem-view';
import { useLoad } from '../data';
import { label, useMessages } from '../i18n/i18n';
import { href } from '../router';
import { workflowOf } from '../workflows';
import { ScrollTable } from '../components/scroll-table';

/**
 * One workflow version as the service runs it: the bare state chart and every step with who may
 * take it. Any signed-in official may open it to see what happens next.
 */
export function WorkflowPage(props: { name?: string | undefined; version?: string | undefined }) {
  const t = useMessages();
  const versions = useLoad(() => unwrap(api.GET('/workflows')), []);
  // `#/alur` alone: the latest version of the first kind.
  const chosen = versions.data?.find((item) => item.latest);
  const name = props.name ?? chosen?.name;
  const version = props.version ?? (chosen ? String(chosen.version) : undefined);
  const workflow = useLoad(() => (name && version ? workflowOf(`${name}@${version}`) : new Promise<never>(() => {})), [name, version]);
  const description = workflow.data;

  if (workflow.problem) {
    return (
      <main id="main" tabIndex={-1}>
        <ProblemView problem={workflow.problem} />
      </main>
    );
  }
  if (!description) {
    return (
      <main id="main" tabIndex={-1}>
        <p role="status">{t.common.loading}</p>
      </main>
    );
  }
  const graph = graphOf(description);
  /** Where each action may be taken, and where it leads. */
  const placesOf = (action: string) =>
    [...graph.states.values()].flatMap((state) =>
      [...state.on.values()]
        .filter((transition) => transition.action === action)
        .map((transition) => ({ from: state.id, to: transition.target })),
    );
  const policy = (roles: readonly string[], party: string, scheduler: boolean) => (
    <>
      {[...roles.map((role) => label(t.roles, role)), ...(scheduler ? [t.workflow.scheduler] : [])].join(', ')}
      {roles.length > 0 && <div class="sub">{party === 'own' ? t.workflow.partyOwn : t.workflow.partyAny}</div>}
    </>
  );

  return (
    <main id="main" tabIndex={-1}>
      <p class="sub">
        {label(t.kinds, description.kind)} · {description.latest ? t.workflow.latest : t.workflow.older}
      </p>
      <h1>{t.workflow.title(description.title, description.version)}</h1>
      <p class="help">{t.workflow.help}</p>
      {versions.data && (
        <nav aria-label={t.workflow.versions} class="versions">
          {versions.data.map((item) => (
            <a
              key={`${item.name}@${item.version}`}
              href={href(`/alur/${item.name}/${item.version}`)}
              aria-current={item.name === name && String(item.version) === version ? 'page' : undefined}
            >
              {item.title} v{item.version}
            </a>
          ))}
        </nav>
      )}

      <section aria-labelledby="chart-title" class="card">
        <h2 id="chart-title">{t.chart.title}</h2>
        <StateChart description={description} caption={t.workflow.title(description.title, description.version)} />
      </section>

      <section aria-labelledby="policies-title" class="card">
        <h2 id="policies-title">{t.workflow.actions}</h2>
        <p>
          <strong>{t.workflow.draftPolicy}:</strong> {policy(description.draftPolicy.roles, description.draftPolicy.party, false)}
        </p>
        <ScrollTable
          labelledBy="policies-title"
          testId="workflow-actions"
          headers={[t.workflow.action, t.workflow.from, t.workflow.to, t.workflow.roles, t.workflow.awaited, t.workflow.fields]}
        >
          {description.actions.map((action) => {
            const places = placesOf(action.name);
            return (
              <tr key={action.name} data-action={action.name}>
                <th scope="row">
                  {label(t.actions, action.name)}
                  <div class="sub">
                    {t.actionHelp[action.name] ?? action.summary} · <code>{action.produces}</code>
                  </div>
                </th>
                <td>{places.map((place) => stateName(t.states, place.from)).join(', ') || t.common.none}</td>
                <td>
                  {[...new Set(places.map((place) => (place.to === null ? t.workflow.stays : stateName(t.states, place.to))))].join(', ') ||
                    t.common.none}
                </td>
                <td>{policy(action.policy.roles, action.policy.party, action.policy.scheduler === true)}</td>
                <td>{action.awaited ? t.workflow.yes : t.workflow.no}</td>
                <td>{action.body.fields.map((field) => label(t.fields, field.name)).join(', ') || t.common.none}</td>
              </tr>
            );
          })}
        </ScrollTable>
      </section>
    </main>
  );
}
