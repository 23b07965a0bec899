import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap } from '../api/client';
import { eventTypes } from '../workflows';

/** One read-model change as `GET /events` sends it: the event type and the agreement's summary. */
export interface LiveChange {
  readonly position: string;
  readonly type: string;
  readonly agreement: {
    readonly id: string;
    readonly revision: number;
    readonly state: string;
    readonly title?: string;
    readonly kind?: string;
    readonly lastChangeAt?: string;
  };
}

export type LiveStatus = 'connecting' | 'live' | 'offline';

const listeners = new Set<(change: LiveChange) => void>();
const statusListeners = new Set<(status: LiveStatus) => void>();
let source: EventSource | undefined;
let lastEventId: string | undefined;
let status: LiveStatus = 'connecting';
let retryMs = 1000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let stopped = true;

function setStatus(next: LiveStatus): void {
  status = next;
  for (const listener of statusListeners) listener(next);
}

/**
 * Opens `GET /events` with a one-time ticket (an EventSource cannot send the bearer header). The
 * browser's own reconnect would reuse the spent ticket, so a dropped stream is reopened here with a
 * new ticket and `lastEventId`: the service resumes after the last change this tab saw, with no gap
 * and no repeat.
 */
async function connect(): Promise<void> {
  if (stopped) return;
  setStatus(status === 'live' ? 'offline' : status);
  try {
    const [{ ticket }, types] = await Promise.all([unwrap(api.POST('/events/tickets')), eventTypes()]);
    if (stopped) return;
    const url = new URL('/events', window.location.origin);
    url.searchParams.set('ticket', ticket);
    if (lastEventId) url.searchParams.set('lastEventId', lastEventId);
    const opened = new EventSource(url);
    source = opened;
    opened.onopen = () => {
      retryMs = 1000;
      setStatus('live');
    };
    const deliver = (message: MessageEvent<string>) => {
      lastEventId = message.lastEventId || lastEventId;
      const change: LiveChange = {
        position: message.lastEventId,
        type: message.type,
        agreement: JSON.parse(message.data) as LiveChange['agreement'],
      };
      for (const listener of listeners) listener(change);
    };
    for (const type of types) opened.addEventListener(type, deliver);
    opened.onerror = () => {
      opened.close();
      if (source === opened) source = undefined;
      reconnectLater();
    };
  } catch {
    reconnectLater();
  }
}

function reconnectLater(): void {
  if (stopped) return;
  setStatus('offline');
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void connect(), retryMs);
  retryMs = Math.min(retryMs * 2, 30_000);
}

/** Starts the tab's one live connection (after sign-in). */
export function startLive(): void {
  if (!stopped) return;
  stopped = false;
  void connect();
}

/** Closes it (sign-out); the next start resumes from scratch. */
export function stopLive(): void {
  stopped = true;
  clearTimeout(retryTimer);
  source?.close();
  source = undefined;
  lastEventId = undefined;
  setStatus('connecting');
}

/** Calls `onChange` for every change this official may see while the component is shown. */
export function useLiveChanges(onChange: (change: LiveChange) => void): void {
  useEffect(() => {
    listeners.add(onChange);
    return () => void listeners.delete(onChange);
  }, [onChange]);
}

/**
 * Reads something again after changes arrive, at most once per `windowMs`: a burst of changes (a
 * busy morning, a batch import) costs one read, not one per change.
 */
export function useLiveRefresh(refresh: () => void, windowMs = 250): void {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveChanges(
    useCallback(() => {
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        refresh();
      }, windowMs);
    }, [refresh, windowMs]),
  );
}

export function useLiveStatus(): LiveStatus {
  const [value, setValue] = useState(status);
  useEffect(() => {
    statusListeners.add(setValue);
    setValue(status);
    return () => void statusListeners.delete(setValue);
  }, []);
  return value;
}
