import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

/**
 * A list that renders only the rows in view (and a few around them) inside its own scrolling box,
 * so a history of 10,000 events costs what a screenful costs. Rows may differ in height and change
 * it (a row's hashes opened): each rendered row is measured, the rest are estimated.
 */
export interface VirtualListProps<T> {
  readonly items: readonly T[];
  readonly keyOf: (item: T) => string | number;
  readonly row: (item: T, index: number) => ComponentChildren;
  /** The height a row is assumed to have until it is drawn once. */
  readonly estimate: number;
  readonly label: string;
  readonly testId?: string;
  /** Brings this row into view (a revision chosen elsewhere on the page). */
  readonly scrollTo?: number | undefined;
  readonly overscan?: number;
}

export function VirtualList<T>({ items, keyOf, row, estimate, label, testId, scrollTo, overscan = 6 }: VirtualListProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string | number, number>());
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [measured, setMeasured] = useState(0);
  const frame = useRef<number | undefined>(undefined);

  /** Where each row starts: measured heights where known, the estimate elsewhere. */
  const offsets = useMemo(() => {
    const starts = new Float64Array(items.length + 1);
    for (let index = 0; index < items.length; index += 1)
      starts[index + 1] = starts[index]! + (heights.current.get(keyOf(items[index]!)) ?? estimate);
    return starts;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `measured` changes when a drawn row's height is learnt (the heights are kept in a ref); `keyOf` may be a new function every render but names the rows the same way.
  }, [items, estimate, measured]);

  const firstAt = (top: number) => {
    let low = 0;
    let high = items.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (offsets[middle + 1]! <= top) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const first = Math.max(0, firstAt(scrollTop) - overscan);
  const last = Math.min(items.length, firstAt(scrollTop + viewport) + 1 + overscan);

  const onScroll = useCallback(() => {
    if (frame.current !== undefined) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = undefined;
      if (box.current) setScrollTop(box.current.scrollTop);
    });
  }, []);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setViewport(element.clientHeight));
    observer.observe(element);
    return () => {
      observer.disconnect();
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
    };
  }, []);

  // Learn the heights of the rows just drawn; a change re-lays the offsets once.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs after every render on purpose (the rows drawn change with scrolling); it sets `measured` only when a height changed, so it settles.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    let changed = false;
    const observe = () => {
      for (const child of Array.from(element.querySelectorAll<HTMLElement>('[data-virtual-key]'))) {
        const key = child.dataset.virtualKey!;
        const typed = typeof keyOf(items[0]!) === 'number' ? Number(key) : key;
        const height = child.offsetHeight;
        if (heights.current.get(typed) !== height) {
          heights.current.set(typed, height);
          changed = true;
        }
      }
    };
    observe();
    if (changed) setMeasured((count) => count + 1);
    const observer = new ResizeObserver(() => {
      changed = false;
      observe();
      if (changed) setMeasured((count) => count + 1);
    });
    for (const child of Array.from(element.querySelectorAll<HTMLElement>('[data-virtual-key]'))) observer.observe(child);
    return () => observer.disconnect();
  });

  // Also once the chosen row's page has arrived (a moment may name a revision not loaded yet).
  const chosenLoaded = items.length > 0 && items.some((item) => keyOf(item) === scrollTo);
  useEffect(() => {
    if (scrollTo === undefined || !box.current) return;
    const index = items.findIndex((item) => keyOf(item) === scrollTo);
    if (index < 0) return;
    const top = offsets[index]!;
    const element = box.current;
    if (top < element.scrollTop || top + (heights.current.get(scrollTo) ?? estimate) > element.scrollTop + element.clientHeight) {
      element.scrollTop = Math.max(0, top - element.clientHeight / 3);
      setScrollTop(element.scrollTop);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- scrolls when a row is chosen or its page arrives, not when rows are measured or added: that would pull the list back while the official scrolls away.
  }, [scrollTo, chosenLoaded]);

  return (
    <div
      class="virtual-scroll"
      ref={box}
      onScroll={onScroll}
      tabIndex={0}
      role="region"
      aria-label={label}
      data-testid={testId}
      data-rendered={last - first}
      data-total={items.length}
    >
      <div style={{ height: `${offsets[first]}px` }} aria-hidden="true" />
      <ol class="timeline" start={first + 1}>
        {items.slice(first, last).map((item, index) => (
          <li key={keyOf(item)} data-virtual-key={String(keyOf(item))}>
            {row(item, first + index)}
          </li>
        ))}
      </ol>
      <div style={{ height: `${offsets[items.length]! - offsets[last]!}px` }} aria-hidden="true" />
    </div>
  );
}
