import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../application/ports/request-context.port';

/** A caller's `X-Request-Id` is kept when it is a plain token: 1 to 128 of `A-Z a-z 0-9 . _ : -`. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id to use: the caller's, if it is a plain token (it ends up in logs and events), else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The request being served, carried through its asynchronous work (AsyncLocalStorage). */
export class RequestScope implements RequestContext {
  private readonly storage = new AsyncLocalStorage<{ readonly requestId: string }>();

  run<T>(requestId: string, work: () => T): T {
    return this.storage.run({ requestId }, work);
  }

  requestId(): string | undefined {
    return this.storage.getStore()?.requestId;
  }

  correlationId(): string | undefined {
    return this.requestId();
  }
}
