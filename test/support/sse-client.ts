import { within } from './async';

export interface SseFrame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
}

/** Reads a Server-Sent Events response frame by frame (comments and heartbeats skipped). */
export class SseClient {
  private readonly frames: SseFrame[] = [];
  private buffer = '';
  private wake: (() => void) | undefined;
  private readonly controller = new AbortController();
  status = 0;
  done: Promise<void> = Promise.resolve();

  async open(url: string, headers: Record<string, string> = {}): Promise<void> {
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: this.controller.signal });
    this.status = response.status;
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.done = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          this.buffer += value;
          let end: number;
          while ((end = this.buffer.indexOf('\n\n')) >= 0) {
            const block = this.buffer.slice(0, end);
            this.buffer = this.buffer.slice(end + 2);
            const frame: Record<string, string> = {};
            for (const line of block.split('\n')) {
              const match = /^(id|event|data): (.*)$/.exec(line);
              if (match) frame[match[1]] = match[2]!;
            }
            if (frame.id !== undefined || frame.data !== undefined) {
              this.frames.push(frame);
              this.wake?.();
            }
          }
        }
      } catch {
        // aborted by close()
      }
    })();
  }

  /** The next `count` frames, waiting (bounded) for them. */
  async take(count: number, timeoutMs = 5000): Promise<SseFrame[]> {
    const wait = async () => {
      while (this.frames.length < count) await new Promise<void>((resolve) => (this.wake = resolve));
      return this.frames.splice(0, count);
    };
    return within(wait(), timeoutMs, `${count} server-sent events`);
  }

  /** The first frame `matches` accepts, dropping the frames before it (changes made earlier may still be on their way), waiting (bounded) for it. */
  async takeFirst(matches: (frame: SseFrame) => boolean, timeoutMs = 5000): Promise<SseFrame> {
    const wait = async () => {
      for (;;) {
        const index = this.frames.findIndex(matches);
        if (index >= 0) return this.frames.splice(0, index + 1)[index];
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    };
    return within(wait(), timeoutMs, 'the server-sent event looked for');
  }

  pending(): SseFrame[] {
    return [...this.frames];
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
