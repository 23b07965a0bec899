import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { WorkflowGraph } from './workflow-graph';

/**
 * Lays a workflow graph out with ELK's layered algorithm (as Stately's visualizer lays out XState
 * machines), loaded on first use so that pages without a chart never download it. Coordinates are
 * absolute (`elk.json.*Coords: ROOT`), so the SVG needs no nested transforms.
 */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutState extends Box {
  readonly id: string;
}

export interface LaidOutEdge {
  readonly id: string;
  readonly points: ReadonlyArray<{ readonly x: number; readonly y: number }>;
  readonly label: (Box & { readonly text: string }) | undefined;
}

export interface ChartLayout {
  readonly width: number;
  readonly height: number;
  readonly states: ReadonlyMap<string, LaidOutState>;
  readonly edges: readonly LaidOutEdge[];
  /** How long ELK took, in milliseconds (the budget is 200 ms). */
  readonly milliseconds: number;
}

/** What the chart writes, so the layout can size boxes around it. */
export interface ChartTexts {
  state(id: string): string;
  edge(transition: { event: string; action: string | null }): string;
}

export const CHART_FONT_SIZE = 13;
export const EDGE_FONT_SIZE = 12;
export const STATE_HEADER = 30;
export const STAY_LINE = 18;
export const START_SIZE = 18;
const PADDING = 12;

type Elk = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<Elk> | undefined;

/**
 * ELK once per tab, in a Web Worker: its 1.4 MB of compiled code is parsed, started and run off the
 * page's thread, so a page stays responsive while a chart is laid out. It is warmed up with a small
 * layout when it arrives (its code runs slowly the first time); that cost belongs to loading it,
 * measured as `sepakat:chart-engine`, not to each chart an official opens.
 */
function loadElk(): Promise<Elk> {
  elk ??= (async () => {
    const started = performance.now();
    const [{ default: ElkApi }, { default: workerUrl }] = await Promise.all([
      import('elkjs/lib/elk-api.js'),
      import('elkjs/lib/elk-worker.min.js?url'),
    ]);
    const engine: Elk = new (ElkApi as unknown as new (options: { workerUrl: string }) => Elk)({ workerUrl });
    await engine.layout({
      id: 'warm-up',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.edgeRouting': 'ORTHOGONAL' },
      children: [
        { id: 'a', width: 40, height: 20 },
        {
          id: 'b',
          children: [
            { id: 'c', width: 40, height: 20 },
            { id: 'd', width: 40, height: 20 },
          ],
          edges: [{ id: 'cd', sources: ['c'], targets: ['d'] }],
        },
      ],
      edges: [
        { id: 'ab', sources: ['a'], targets: ['b'], labels: [{ text: 'x', width: 10, height: 10 }] },
        { id: 'da', sources: ['d'], targets: ['a'] },
      ],
    });
    performance.measure('sepakat:chart-engine', { start: started, duration: performance.now() - started });
    return engine;
  })();
  elk.catch(() => (elk = undefined));
  return elk;
}

let canvas: CanvasRenderingContext2D | null | undefined;
function textWidth(text: string, size: number, bold = false): number {
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return text.length * size * 0.6;
  canvas.font = `${bold ? '600 ' : ''}${size}px ${getComputedStyle(document.body).fontFamily}`;
  return canvas.measureText(text).width;
}

/** Lays the graph out; the time measured (`sepakat:chart-layout`) leaves out loading ELK itself. */
export async function layoutChart(graph: WorkflowGraph, texts: ChartTexts): Promise<ChartLayout> {
  const engine = await loadElk();
  const started = performance.now();
  const node = (id: string): ElkNode => {
    const state = graph.states.get(id)!;
    if (id === graph.initial && state.children.length === 0 && state.stays.length === 0)
      return { id, width: START_SIZE, height: START_SIZE };
    const title = textWidth(texts.state(id), CHART_FONT_SIZE, true);
    if (state.children.length > 0) {
      return {
        id,
        children: state.children.map(node),
        layoutOptions: {
          'elk.padding': `[top=${STATE_HEADER + 6},left=${PADDING},bottom=${PADDING},right=${PADDING}]`,
          'elk.nodeSize.minimum': `(${title + 2 * PADDING}, 40)`,
          'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        },
      };
    }
    // Room for the step numbers drawn after a step that stays (`#14, 15, 16`).
    const stays = state.stays.map((transition) => textWidth(`↻ ${texts.edge(transition)}  #000, 000, 000`, EDGE_FONT_SIZE, true) + 20);
    return {
      id,
      width: Math.ceil(Math.max(title + 2 * PADDING, ...stays, 96)),
      height: STATE_HEADER + (state.stays.length > 0 ? state.stays.length * STAY_LINE + 8 : 0),
    };
  };
  const edges: ElkExtendedEdge[] = graph.edges.map((edge) => {
    const text = texts.edge(edge.transition);
    return {
      id: edge.id,
      sources: [edge.source],
      targets: [edge.target],
      labels: [{ id: `${edge.id}#label`, text, width: Math.ceil(textWidth(text, EDGE_FONT_SIZE)) + 8, height: EDGE_FONT_SIZE + 6 }],
    };
  });
  const root: ElkNode = {
    id: '$root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
    children: graph.roots.map(node),
    edges,
  };
  const laidOut = await engine.layout(root);

  const states = new Map<string, LaidOutState>();
  const collect = (nodes: readonly ElkNode[] | undefined) => {
    for (const child of nodes ?? []) {
      states.set(child.id, { id: child.id, x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      collect(child.children);
    }
  };
  collect(laidOut.children);
  const laidEdges: LaidOutEdge[] = [];
  const collectEdges = (container: ElkNode) => {
    for (const edge of container.edges ?? []) {
      const section = edge.sections?.[0];
      if (!section) continue;
      const label = edge.labels?.[0];
      laidEdges.push({
        id: edge.id,
        points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint],
        label: label
          ? { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0, text: label.text ?? '' }
          : undefined,
      });
    }
    for (const child of container.children ?? []) collectEdges(child);
  };
  collectEdges(laidOut);
  const milliseconds = performance.now() - started;
  performance.measure('sepakat:chart-layout', { start: started, duration: milliseconds });
  return { width: Math.ceil(laidOut.width ?? 0), height: Math.ceil(laidOut.height ?? 0), states, edges: laidEdges, milliseconds };
}
