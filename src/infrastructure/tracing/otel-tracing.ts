import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import type { TraceAttributes, Tracing } from '../../application/ports/tracing.port';
import type { AppendOptions, EventStore, NewEvent, RecordedEvent } from '../../application/ports/event-store.port';

/**
 * OpenTelemetry behind the {@link Tracing} port, and the spans the infrastructure makes itself
 * (appends, projection batches, HTTP requests in `http-spans.ts`). Through `@opentelemetry/api`
 * only: with no SDK started (OTEL_* unset, and in the tests but one), every span is a no-op that
 * records nothing, and no event carries a trace context.
 */
export const tracer = trace.getTracer('sepakat');

/** The most traces a projection batch links to (a rebuild's batch may hold hundreds of commands). */
const MAX_LINKS = 32;

export class OtelTracing implements Tracing {
  span<T>(name: string, attributes: TraceAttributes, work: () => T): T {
    return tracer.startActiveSpan(name, { attributes: definedAttributes(attributes) }, (span) => endWhenSettled(span, work));
  }
}

/** Runs `work` and ends `span` when it returns, or when the promise it returns settles. */
function endWhenSettled<T>(span: Span, work: () => T): T {
  let result: T;
  try {
    result = work();
  } catch (error) {
    failed(span, error);
    span.end();
    throw error;
  }
  if (!isThenable(result)) {
    span.end();
    return result;
  }
  return result.then(
    (value) => {
      span.end();
      return value;
    },
    (error: unknown) => {
      failed(span, error);
      span.end();
      throw error;
    },
  ) as T;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function failed(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: `${error.name}: ${error.message}` });
  } else {
    span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
  }
}

function definedAttributes(attributes: TraceAttributes): Attributes {
  const defined: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) defined[key] = value;
  return defined;
}

/**
 * The W3C `traceparent` of the current span when a tracer records it (tracing on), for the
 * metadata of the events it appends; undefined otherwise, so events change only where tracing is.
 */
export function recordedTraceparent(): string | undefined {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The span context an event's `traceparent` names; undefined when it has none or a malformed one. */
export function spanContextOf(traceparent: unknown): SpanContext | undefined {
  const parts = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (!parts) return undefined;
  const spanContext: SpanContext = { traceId: parts[1], spanId: parts[2], traceFlags: Number.parseInt(parts[3], 16), isRemote: true };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/**
 * The store with a span around each append. The span's trace context goes into the metadata of the
 * events appended (`traceparent`), inside the hash chain like the rest of the envelope: that is how
 * the projection that applies them later, maybe on another replica, continues the same trace.
 */
export function traceAppends(store: EventStore): EventStore {
  return {
    append: (stream: string, events: readonly NewEvent[], options: AppendOptions) =>
      tracer.startActiveSpan(
        'eventstore append',
        {
          kind: SpanKind.CLIENT,
          attributes: {
            'sepakat.stream': stream,
            'sepakat.events': events.length,
            'sepakat.expected_revision': String(options.expectedRevision),
          },
        },
        (span) =>
          endWhenSettled(span, async () => {
            const traceparent = recordedTraceparent();
            const traced = traceparent ? events.map((event) => ({ ...event, metadata: { ...event.metadata, traceparent } })) : events;
            const result = await store.append(stream, traced, options);
            span.setAttribute('sepakat.position', result.position.toString());
            return result;
          }),
      ),
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    close: () => store.close(),
  };
}

/**
 * Runs a projection's batch inside a span that continues the trace of the command that appended
 * its events: the child of that command's append when the batch holds one trace (a live command),
 * linked to each trace otherwise (a batch of many commands, a rebuild).
 */
export function traceProjectionBatch<T>(projection: string, batch: readonly RecordedEvent[], work: () => Promise<T>): Promise<T> {
  const traces = new Map<string, SpanContext>();
  for (const event of batch) {
    const spanContext = spanContextOf(event.metadata.traceparent);
    if (spanContext && traces.size < MAX_LINKS) traces.set(`${spanContext.traceId}-${spanContext.spanId}`, spanContext);
  }
  const contexts = [...traces.values()];
  const parent = contexts.length === 1 && contexts[0] ? trace.setSpanContext(ROOT_CONTEXT, contexts[0]) : ROOT_CONTEXT;
  const links: Link[] = contexts.length > 1 ? contexts.map((spanContext) => ({ context: spanContext })) : [];
  const attributes = {
    'sepakat.projection': projection,
    'sepakat.events': batch.length,
    'sepakat.position.first': batch[0]?.position.toString() ?? '',
    'sepakat.position.last': batch[batch.length - 1]?.position.toString() ?? '',
  };
  return context.with(parent, () =>
    tracer.startActiveSpan(`projection apply ${projection}`, { attributes, links }, (span) => endWhenSettled(span, work)),
  );
}
