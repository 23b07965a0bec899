import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { tracer } from './otel-tracing';

type Headers = Record<string, string | string[] | undefined>;

/**
 * A server span per HTTP request, the root of a command's trace (or the child of the caller's,
 * from a `traceparent` header through the configured propagators). Named and labelled by the
 * route's pattern, never the path or query: those may hold ids, and a sign-in link's code.
 * Fastify's hooks run each step of a request in a callback of its own, so `enter` puts each of
 * them back into the request's span.
 */
export class HttpSpans {
  private readonly open = new WeakMap<object, { readonly span: Span; readonly context: Context }>();

  start(request: object, method: string, route: string | undefined, requestId: string, headers: Headers): void {
    const parent = propagation.extract(ROOT_CONTEXT, headers);
    const span = tracer.startSpan(
      route ? `${method} ${route}` : method,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': method, 'http.route': route ?? 'unmatched', 'sepakat.request_id': requestId },
      },
      parent,
    );
    this.open.set(request, { span, context: trace.setSpan(parent, span) });
  }

  /** Runs `next` inside the request's span. */
  enter(request: object, next: () => void): void {
    const open = this.open.get(request);
    if (open) context.with(open.context, next);
    else next();
  }

  /** Ends the request's span with its status (5xx: failed); once, whether it was answered or aborted. */
  end(request: object, statusCode: number | undefined): void {
    const open = this.open.get(request);
    if (!open) return;
    this.open.delete(request);
    if (statusCode === undefined) {
      open.span.setStatus({ code: SpanStatusCode.ERROR, message: 'the client closed the connection before the answer' });
    } else {
      open.span.setAttribute('http.response.status_code', statusCode);
      if (statusCode >= 500) open.span.setStatus({ code: SpanStatusCode.ERROR });
    }
    open.span.end();
  }
}
