/** Injection token of the {@link RequestContext} port. */
export const REQUEST_CONTEXT = Symbol('RequestContext');

/**
 * What the handlers may know of the request they serve, without knowing HTTP: its id (taken from
 * `X-Request-Id` or made), which becomes the correlation id of the events it records, so a log line,
 * an answer and an event of one request can be found together.
 */
export interface RequestContext {
  /** The current request's id; undefined outside a request (a CLI, a background job). */
  correlationId(): string | undefined;
}
