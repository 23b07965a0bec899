import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';

/**
 * Small canvas charts drawn by uPlot (a small, maintained charting library, loaded with the
 * dashboard only). Canvas carries no text for assistive technology: every chart here sits beside
 * the same figures written out, and is hidden from the accessibility tree itself.
 */
type UPlot = typeof uPlot;
let library: Promise<UPlot> | undefined;

function loadUplot(): Promise<UPlot> {
  library ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([module]) => module.default);
  library.catch(() => (library = undefined));
  return library;
}

const INK = '#1b1f24';
const BRAND = '#0b5c4a';
const GRID = '#e3e8ed';

/** The chart's width follows its box; it is built once per `key` (options that cannot change in place) and fed new data. */
function useUplot(build: (library: UPlot, width: number) => uPlot.Options, data: uPlot.AlignedData, key: string) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadUplot().then((UPlot) => {
      const element = box.current;
      if (disposed || !element) return;
      chart.current = new UPlot(build(UPlot, Math.max(element.clientWidth, 200)), latest.current, element);
      observer = new ResizeObserver(() =>
        chart.current?.setSize({ width: Math.max(element.clientWidth, 200), height: chart.current.height }),
      );
      observer.observe(element);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.destroy();
      chart.current = undefined;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- built once per `key` by design: `build` is a new function every render, and what it reads that needs a rebuild is in `key` (new data goes through setData).
  }, [key]);

  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);
  return box;
}

const font = (large: boolean) => `${large ? 18 : 12}px system-ui, sans-serif`;

export interface PhaseBars {
  readonly labels: readonly string[];
  readonly seconds: ReadonlyArray<number | null>;
}

/** p50 and p90 of each phase as horizontal bars (room for the names on the left), on one duration axis. */
export function PhaseChart({
  bars,
  large,
  format,
  testId,
}: {
  bars: PhaseBars;
  large: boolean;
  format: (seconds: number) => string;
  testId?: string;
}) {
  const data: uPlot.AlignedData = [bars.labels.map((_, index) => index), bars.seconds.map((value) => value ?? null)];
  const box = useUplot(
    (UPlot, width) => ({
      width,
      height: large ? 240 : 160,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, ori: 1, dir: -1, range: [-0.6, bars.labels.length - 0.4] },
        y: { ori: 0, range: (_u, _min, max) => [0, Math.max(max, 1) * 1.1] },
      },
      axes: [
        {
          side: 3,
          stroke: INK,
          font: font(large),
          size: large ? 190 : 130,
          grid: { show: false },
          ticks: { show: false },
          splits: () => bars.labels.map((_, index) => index),
          values: () => [...bars.labels],
        },
        { side: 2, stroke: INK, font: font(large), grid: { stroke: GRID }, values: (_u, splits) => splits.map((value) => format(value)) },
      ],
      series: [
        {},
        { label: 'p50 / p90', fill: BRAND, stroke: BRAND, paths: UPlot.paths.bars!({ size: [0.55, 80] }), points: { show: false } },
      ],
    }),
    data,
    `${bars.labels.join('|')}|${large}`,
  );
  return <div class="small-chart" ref={box} aria-hidden="true" data-testid={testId} />;
}

/** Changes per interval over the last minutes, as an area that moves with the clock. */
export function ActivityChart({
  times,
  counts,
  large,
  clock,
  testId,
}: {
  times: readonly number[];
  counts: readonly number[];
  large: boolean;
  clock: (seconds: number) => string;
  testId?: string;
}) {
  const data: uPlot.AlignedData = [[...times], [...counts]];
  const box = useUplot(
    (_UPlot, width) => ({
      width,
      height: large ? 220 : 140,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(max, 4) * 1.15] } },
      axes: [
        {
          stroke: INK,
          font: font(large),
          grid: { stroke: GRID },
          space: large ? 120 : 70,
          values: (_u, splits) => splits.map((seconds) => clock(seconds)),
        },
        { stroke: INK, font: font(large), grid: { stroke: GRID }, size: large ? 70 : 45 },
      ],
      series: [{}, { label: 'changes', stroke: BRAND, width: 2, fill: 'rgba(11, 92, 74, 0.18)', points: { show: false } }],
    }),
    data,
    `activity|${large}|${clock(0)}`,
  );
  return <div class="small-chart" ref={box} aria-hidden="true" data-testid={testId} />;
}
