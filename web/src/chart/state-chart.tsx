import { useEffect, useMemo, useState } from 'preact/hooks';
import { label, language, useMessages } from '../i18n/i18n';
import type { WorkflowDescription } from '../workflows';
import { CHART_FONT_SIZE, EDGE_FONT_SIZE, START_SIZE, STATE_HEADER, STAY_LINE, layoutChart, type ChartLayout } from './layout';
import { workflowGraph, type PathEvent, type PathStep, type WorkflowGraph } from './workflow-graph';

/** Layouts depend only on the workflow version and the language of the labels: each is computed once per tab. */
const layouts = new Map<string, Promise<ChartLayout>>();
const graphs = new WeakMap<WorkflowDescription, WorkflowGraph>();

export function graphOf(description: WorkflowDescription): WorkflowGraph {
  let graph = graphs.get(description);
  if (!graph) graphs.set(description, (graph = workflowGraph(description)));
  return graph;
}

/** A state's name: the last segment of its dotted path, in the official's language. */
export function stateName(states: Record<string, string>, id: string): string {
  return label(states, id.split('.').at(-1) ?? id);
}

export interface StateChartProps<E extends PathEvent> {
  readonly description: WorkflowDescription;
  /** The accessible name of the drawing. */
  readonly caption: string;
  /** The agreement's state (its `detailedState`), as the service says. */
  readonly current?: string | undefined;
  /** The path taken so far, oldest first. */
  readonly steps?: ReadonlyArray<PathStep<E>> | undefined;
  /** Who took a step, for which agency, and when: shown when pointing at the step's arrow. */
  readonly describe?: ((step: PathStep<E>) => string) | undefined;
}

let charts = 0;

/** The workflow's state chart, laid out by ELK and drawn as SVG, with the agreement's position and path. */
export function StateChart<E extends PathEvent>({ description, caption, current, steps = [], describe }: StateChartProps<E>) {
  const t = useMessages();
  const graph = graphOf(description);
  const [layout, setLayout] = useState<ChartLayout | undefined>();
  const [failed, setFailed] = useState(false);
  const [marker] = useState(() => `chart-arrow-${++charts}`);
  const key = `${description.name}@${description.version}|${language()}`;

  useEffect(() => {
    let promise = layouts.get(key);
    if (!promise) {
      promise = layoutChart(graph, {
        state: (id) => (id === graph.initial ? t.chart.start : stateName(t.states, id)),
        edge: (transition) => (transition.action ? label(t.actions, transition.action) : label(t.chart.events, transition.event)),
      });
      promise.catch(() => layouts.delete(key));
      layouts.set(key, promise);
    }
    let current = true;
    promise.then(
      (laidOut) => current && (setLayout(laidOut), setFailed(false)),
      () => current && setFailed(true),
    );
    return () => void (current = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- laid out once per `key`: the graph follows the workflow version and the labels the language, both in `key` (the layouts are cached by it).
  }, [key]);

  const marks = useMemo(() => {
    const visited = new Set<string>();
    const taken = new Map<string, Array<PathStep<E>>>();
    const stayed = new Map<string, Array<PathStep<E>>>();
    const add = (map: Map<string, Array<PathStep<E>>>, key: string, step: PathStep<E>) => {
      const list = map.get(key);
      if (list) list.push(step);
      else map.set(key, [step]);
    };
    for (const step of steps) {
      visited.add(step.from);
      visited.add(step.to);
      if (step.edge) add(taken, step.edge, step);
      if (step.stayedIn) add(stayed, `${step.stayedIn}|${step.event.type}`, step);
    }
    return { visited, taken, stayed, last: steps.at(-1) };
  }, [steps]);

  if (failed) return <p class="problem">{t.chart.failed}</p>;
  if (!layout) return <p role="status">{t.chart.drawing}</p>;

  const within = new Set<string>();
  for (let id = current; id; id = graph.states.get(id)?.parent) within.add(id);
  const badge = (list: ReadonlyArray<PathStep<E>> | undefined) =>
    !list || list.length === 0 ? '' : list.length <= 3 ? list.map((step) => step.event.revision).join(', ') : `×${list.length}`;
  const titleOf = (list: ReadonlyArray<PathStep<E>> | undefined) =>
    list && describe ? list.slice(-5).map(describe).join('\n') + (list.length > 5 ? `\n${t.chart.andMore(list.length - 5)}` : '') : '';
  const compound = [...layout.states.values()].filter((box) => (graph.states.get(box.id)?.children.length ?? 0) > 0);
  const simple = [...layout.states.values()].filter((box) => (graph.states.get(box.id)?.children.length ?? 0) === 0);
  const stateClass = (id: string) =>
    [
      'chart-state',
      within.has(id) ? (id === current ? 'current' : 'contains-current') : '',
      marks.visited.has(id) ? 'visited' : '',
      graph.states.get(id)?.final ? 'final' : '',
    ]
      .filter(Boolean)
      .join(' ');

  return (
    <figure class="chart" data-testid="state-chart" data-current-state={current ?? ''} data-layout-ms={layout.milliseconds.toFixed(1)}>
      <div class="chart-scroll" tabIndex={0} role="region" aria-label={caption}>
        <svg
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          width={layout.width}
          height={layout.height}
          role="img"
          aria-label={current ? `${caption}: ${t.chart.currentIs(stateName(t.states, current))}` : caption}
        >
          <defs>
            <marker id={marker} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" class="chart-arrow" />
            </marker>
          </defs>
          {compound.map((box) => (
            <g key={box.id} class={`${stateClass(box.id)} compound`} data-state={box.id}>
              <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={10} />
              <text x={box.x + 12} y={box.y + STATE_HEADER / 2 + 5} class="chart-state-name" font-size={CHART_FONT_SIZE}>
                {stateName(t.states, box.id)}
              </text>
            </g>
          ))}
          {layout.edges.map((edge) => {
            const steps = marks.taken.get(edge.id);
            const last = marks.last?.edge === edge.id;
            const numbers = badge(steps);
            return (
              <g
                key={edge.id}
                class={`chart-edge${steps ? ' taken' : ''}${last ? ' last' : ''}`}
                data-edge={edge.id}
                data-taken={steps?.length ?? 0}
              >
                {steps && <title>{titleOf(steps)}</title>}
                <path
                  d={edge.points.map((point, index) => `${index === 0 ? 'M' : 'L'} ${point.x} ${point.y}`).join(' ')}
                  marker-end={`url(#${marker})`}
                />
                {edge.label && (
                  <text x={edge.label.x + 4} y={edge.label.y + edge.label.height - 5} font-size={EDGE_FONT_SIZE} class="chart-edge-label">
                    {edge.label.text}
                  </text>
                )}
                {edge.label && numbers && (
                  <text
                    x={edge.label.x + edge.label.width + 2}
                    y={edge.label.y + edge.label.height - 5}
                    font-size={EDGE_FONT_SIZE - 1}
                    class="chart-badge"
                  >
                    {`#${numbers}`}
                  </text>
                )}
              </g>
            );
          })}
          {simple.map((box) => {
            const state = graph.states.get(box.id)!;
            if (box.id === graph.initial && box.width === START_SIZE) {
              return (
                <g key={box.id} class={`${stateClass(box.id)} start`} data-state={box.id}>
                  <title>{t.chart.start}</title>
                  <circle cx={box.x + box.width / 2} cy={box.y + box.height / 2} r={START_SIZE / 2} />
                </g>
              );
            }
            return (
              <g key={box.id} class={stateClass(box.id)} data-state={box.id}>
                <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={8} />
                {state.final && (
                  <rect x={box.x + 3} y={box.y + 3} width={box.width - 6} height={box.height - 6} rx={6} class="chart-final" />
                )}
                <text
                  x={box.x + box.width / 2}
                  y={box.y + STATE_HEADER / 2 + 5}
                  text-anchor="middle"
                  class="chart-state-name"
                  font-size={CHART_FONT_SIZE}
                >
                  {stateName(t.states, box.id)}
                </text>
                {state.stays.map((transition, index) => {
                  const stays = marks.stayed.get(`${box.id}|${transition.event}`);
                  const text = transition.action ? label(t.actions, transition.action) : label(t.chart.events, transition.event);
                  return (
                    <text
                      key={transition.event}
                      x={box.x + 10}
                      y={box.y + STATE_HEADER + 4 + index * STAY_LINE + EDGE_FONT_SIZE}
                      font-size={EDGE_FONT_SIZE}
                      class={`chart-stay${stays ? ' taken' : ''}`}
                      data-stay={`${box.id}|${transition.event}`}
                    >
                      {stays && <title>{titleOf(stays)}</title>}
                      {`↻ ${text}${stays ? `  #${badge(stays)}` : ''}`}
                    </text>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption class="chart-legend">
        <span class="legend-current">{t.chart.legendCurrent}</span>
        <span class="legend-visited">{t.chart.legendVisited}</span>
        <span class="legend-taken">{t.chart.legendTaken}</span>
      </figcaption>
    </figure>
  );
}
