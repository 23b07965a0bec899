import type { AgreementChange, ChangeFeed } from '../../application/read-models/agreement-changes';

/** The response side of an SSE stream: Node's `ServerResponse` (or any writable that reports drain and close). */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  /** Closes the connection without waiting for the client to read what is buffered. */
  destroy(): void;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

export interface SseStreamOptions {
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  /** A client that has not drained what was written by then is dropped; it resumes with Last-Event-ID. */
  readonly slowClientMs: number;
}

export const SSE_DEFAULTS: SseStreamOptions = { heartbeatMs: 15_000, slowClientMs: 10_000 };

/** How a stream ended: the feed ended, the client went away, or the client was too slow and was dropped. */
export type SseEnd = 'feed-ended' | 'client-closed' | 'slow-client-dropped';

/**
 * Writes a change feed to one client as Server-Sent Events. The feed is pulled one change at a
 * time and only when the socket has taken the previous one, so a slow client holds at most one
 * frame plus the socket's buffer; if it does not drain within `slowClientMs` it is dropped (its
 * EventSource reconnects with Last-Event-ID and resumes without a gap).
 */
export async function streamChanges(feed: ChangeFeed, sink: SseSink, after: bigint | undefined, options: SseStreamOptions = SSE_DEFAULTS): Promise<SseEnd> {
  let outcome: SseEnd | undefined;
  const end = (why: SseEnd) => {
    if (outcome) return;
    outcome = why;
    clearInterval(heartbeat);
    void feed.close();
    // A client too slow to read would never take what is buffered: end() would keep its socket open.
    if (why === 'slow-client-dropped') sink.destroy();
    else sink.end();
  };
  const onClose = () => end('client-closed');
  sink.on('close', onClose);
  sink.write(`retry: 2000\n: position ${after ?? 'start'}\n\n`);
  const heartbeat = setInterval(() => sink.write(': heartbeat\n\n'), options.heartbeatMs);
  try {
    for await (const change of feed) {
      if (outcome) break;
      if (!sink.write(frame(change)) && !(await drained(sink, options.slowClientMs))) {
        end(outcome ?? 'slow-client-dropped');
        break;
      }
    }
  } finally {
    end('feed-ended');
    sink.off('close', onClose);
  }
  return outcome!;
}

function frame(change: AgreementChange): string {
  return `id: ${change.position}\nevent: ${change.kind}\ndata: ${JSON.stringify(change.agreement)}\n\n`;
}

/** Resolves true once the sink drained, false if the client stayed too slow (or went away). */
function drained(sink: SseSink, slowClientMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(false), slowClientMs);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      sink.off('drain', onDrain);
      sink.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    sink.on('drain', onDrain);
    sink.on('close', onClose);
  });
}
