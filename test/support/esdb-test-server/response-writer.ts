import type { ServerDuplexStream, ServerWritableStream } from '@grpc/grpc-js';
import { toRpcError } from './rpc-error';

type ResponseCall<T> = ServerWritableStream<unknown, T> | ServerDuplexStream<unknown, T>;

/**
 * The response side of a streaming call with back-pressure: `send` waits while the call's buffer
 * is full (the client reads slowly), as the server's bounded channel does, and reports whether the
 * call is still open. The call ends once, with OK (`end`) or a status (`fail`).
 */
export class ResponseWriter<T> {
  private open = true;
  private readonly closeListeners = new Set<() => void>();

  constructor(private readonly call: ResponseCall<T>) {
    call.on('cancelled', () => this.markClosed());
    call.on('close', () => this.markClosed());
    call.on('finish', () => this.markClosed());
  }

  get isOpen(): boolean {
    return this.open && !this.call.cancelled;
  }

  /** Writes `message`; resolves false when the call is closed (then nothing is written). */
  async send(message: T): Promise<boolean> {
    if (!this.isOpen) return false;
    if (this.call.write(message)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.call.off('drain', done);
        this.closeListeners.delete(done);
        resolve();
      };
      this.call.on('drain', done);
      this.closeListeners.add(done);
    });
    return this.isOpen;
  }

  /** Ends the call with OK after what was written. */
  end(): void {
    if (!this.open) return;
    this.markClosed();
    this.call.end();
  }

  /**
   * Ends the call with `error`'s status, after what was written (grpc-js: an 'error' on the server
   * stream sets the pending status and ends it). Anything but an `RpcError` fails as an
   * exception in the handler.
   */
  fail(error: unknown): void {
    if (!this.open) return;
    this.markClosed();
    if (this.call.cancelled) return;
    this.call.emit('error', toRpcError(error));
  }

  /** Calls `listener` once when the call closes (cancelled by the client, ended, failed). */
  onClose(listener: () => void): void {
    if (!this.open) {
      listener();
      return;
    }
    this.closeListeners.add(listener);
  }

  private markClosed(): void {
    if (!this.open) return;
    this.open = false;
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const listener of listeners) listener();
  }
}
