import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/application/ports/event-store.port';
import { MOU_DRAFT, cast, draftMou, expectStatus } from '../support/agreement-scenarios';
import { eventually } from '../support/async';
import { storedEventCount } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Traces (issue 18): one command's trace runs from the HTTP request through the command, its
 * decision and its append, and on into the projection that applies its events, the asynchronous
 * hop carried by the events' `traceparent`. Recorded by an in-memory exporter registered as the
 * process's tracer, as the SDK is when the OTEL_* variables ask for one.
 */
describe('traces', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    provider.register();
    service = await startTestApp();
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  beforeEach(() => exporter.reset());

  const spans = () => exporter.getFinishedSpans();
  const named = (name: string | RegExp) => spans().filter((span) => (typeof name === 'string' ? span.name === name : name.test(span.name)));
  const only = (name: string | RegExp): ReadableSpan => {
    const found = named(name);
    expect(found.map((span) => span.name)).toHaveLength(1);
    return found[0];
  };
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const idOf = (span: ReadableSpan) => span.spanContext().spanId;

  async function eventsOf(id: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of service.app.get<EventStore>(EVENT_STORE).readStream(`agreement-${id}`)) events.push(event);
    return events;
  }

  it('follows a command from the caller’s traceparent through the request, command, decision and append to the projection', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const drafted = await people.kemendesDrafter.post('/agreements', MOU_DRAFT, {
      headers: { traceparent: `00-${callerTrace}-${callerSpan}-01` },
    });
    expectStatus(drafted, 201);
    const { id } = drafted.json<{ id: string }>();
    // Read-your-writes: answered once the agreements projection has applied the draft.
    expectStatus(await people.kemendesDrafter.get(`/agreements/${id}?minPosition=${drafted.headers['x-event-position'] as string}`), 200);

    const request = only('POST /agreements');
    const command = only('command draft-agreement');
    const decision = only('decide');
    const append = only('eventstore append');
    const appliedBy = (append: ReadableSpan) => named(/^projection apply agreements@v\d+$/).find((span) => parentOf(span) === idOf(append));
    await eventually(() => appliedBy(append) !== undefined, 'the projection span of the draft');
    const projection = appliedBy(append);

    expect(request.kind).toBe(SpanKind.SERVER);
    expect(request.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/agreements',
      'http.response.status_code': 201,
    });
    expect(parentOf(request)).toBe(callerSpan);
    expect(parentOf(command)).toBe(idOf(request));
    expect(command.attributes).toMatchObject({ 'sepakat.kind': 'NOTA_KESEPAHAMAN', 'sepakat.agency_id': 'kemendes-pdtt' });
    expect(parentOf(decision)).toBe(idOf(command));
    expect(parentOf(append)).toBe(idOf(command));
    expect(append.attributes).toMatchObject({
      'sepakat.stream': `agreement-${id}`,
      'sepakat.events': 1,
      'sepakat.expected_revision': 'no_stream',
    });
    expect(projection).toBeDefined();
    expect(projection!.attributes).toMatchObject({ 'sepakat.events': 1, 'sepakat.position.last': drafted.headers['x-event-position'] });
    for (const span of [request, command, decision, append, projection!]) expect(span.spanContext().traceId).toBe(callerTrace);

    // The hop: the event names the append's span, inside its hash chain like the rest of the envelope.
    const [event] = await eventsOf(id);
    expect(event.metadata.traceparent).toBe(`00-${callerTrace}-${idOf(append)}-01`);
  });

  it('starts a trace of its own for a request that brings none, and traces an action the same way', async () => {
    const { id, position } = await draftMou(people);
    // The draft's events applied first: otherwise they could share the action's projection batch,
    // which would then link to both traces instead of continuing one.
    expectStatus(await people.kemendesDrafter.get(`/agreements/${id}?minPosition=${position}`), 200);
    exporter.reset();
    const submitted = await people.kemendesDrafter.act(id, 'submit-for-review');
    expectStatus(submitted, 200);
    expectStatus(await people.kemendesDrafter.get(`/agreements/${id}?minPosition=${submitted.headers['x-event-position'] as string}`), 200);

    const request = only('POST /agreements/:id/actions/:action');
    const command = only('command perform-action');
    const append = only('eventstore append');
    expect(request.parentSpanContext).toBeUndefined();
    expect(command.attributes).toMatchObject({ 'sepakat.action': 'submit-for-review', 'sepakat.agreement_id': id });
    expect(parentOf(only('decide'))).toBe(idOf(command));
    await eventually(
      () => named(/^projection apply agreements@v\d+$/).some((span) => parentOf(span) === idOf(append)),
      'the projection span of the action, the child of its append',
    );
    const events = await eventsOf(id);
    expect(events[events.length - 1].metadata.traceparent).toBe(`00-${request.spanContext().traceId}-${idOf(append)}-01`);
  });

  it('marks a refused command’s spans failed, with the refusal, and appends nothing', async () => {
    const { id } = await draftMou(people);
    const before = await storedEventCount(service);
    exporter.reset();
    // A reviewer may review a draft, not submit it.
    expect((await people.kemendesReviewer.act(id, 'submit-for-review')).statusCode).toBe(403);

    const command = only('command perform-action');
    expect(command.status.code).toBe(SpanStatusCode.ERROR);
    expect(command.events.map((event) => event.name)).toContain('exception');
    expect(only('POST /agreements/:id/actions/:action').status.code).not.toBe(SpanStatusCode.ERROR);
    expect(named('eventstore append')).toEqual([]);
    expect(await storedEventCount(service)).toBe(before);
  });

  it('names a span by its route, never by the path or the query it was given', async () => {
    const { id, position } = await draftMou(people);
    // The read model answers once it holds the draft; the span keeps neither the id nor the query.
    expectStatus(await people.kemendesDrafter.get(`/agreements/${id}?minPosition=${position}`), 200);
    exporter.reset();
    expectStatus(await people.kemendesDrafter.get(`/agreements/${id}`), 200);
    expectStatus(await people.kemendesDrafter.get('/agreements?q=rahasia'), 200);
    expectStatus(await people.kemendesDrafter.get('/no/such/route/rahasia'), 404);

    const names = spans().map((span) => span.name);
    expect(names).toEqual(expect.arrayContaining(['GET /agreements/:id', 'GET /agreements', 'GET']));
    const described = JSON.stringify(spans().map((span) => [span.name, span.attributes]));
    expect(described).not.toContain('rahasia');
    expect(described).not.toContain(id);
  });
});
