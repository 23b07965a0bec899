import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { MemoryEventStore } from '../../../src/infrastructure/event-store/memory/memory-event-store';
import { OtelTracing, spanContextOf, traceAppends, traceProjectionBatch } from '../../../src/infrastructure/tracing/otel-tracing';
import { tracingRequested } from '../../../src/infrastructure/tracing/tracing-config';
import type { RecordedEvent } from '../../../src/application/ports/event-store.port';
import { collect } from '../../support/async';

describe('when traces are exported', () => {
  it.each([
    [{}, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_TRACES_EXPORTER: ' none , console' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'TRUE' }, false],
    [{ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'false' }, true],
  ])('%j: %s', (env, exported) => {
    expect(tracingRequested(env)).toBe(exported);
  });
});

describe('an event’s trace context', () => {
  it('is read only from a well-formed W3C traceparent', () => {
    expect(spanContextOf('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      traceFlags: 1,
      isRemote: true,
    });
    for (const malformed of [
      undefined,
      42,
      '',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      `00-${'a'.repeat(32)}-${'0'.repeat(16)}-01`,
    ]) {
      expect(spanContextOf(malformed)).toBeUndefined();
    }
  });

  const event = { id: '8f0c6a52-3c7e-4c55-9f0e-1f2d3c4b5a69', type: 'AgreementDrafted', data: {}, metadata: { commandId: 'c-1' } };

  it('is not written when no tracer records (tracing off): the events are stored as they were given', async () => {
    const store = traceAppends(new MemoryEventStore());
    await new OtelTracing().span('command', {}, () => store.append('agreement-1', [event], { expectedRevision: 'no_stream' }));
    const [stored] = await collect(store.readStream('agreement-1'));
    expect(stored.metadata).not.toHaveProperty('traceparent');
    expect(stored.metadata.commandId).toBe('c-1');
  });

  describe('with a tracer', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    beforeAll(() => provider.register());
    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
    });

    it('names the append’s span, and a failed append’s span says why', async () => {
      const store = traceAppends(new MemoryEventStore());
      await store.append('agreement-1', [event], { expectedRevision: 'no_stream' });
      const [stored] = await collect(store.readStream('agreement-1'));
      const [append] = exporter.getFinishedSpans();
      expect(stored.metadata.traceparent).toBe(`00-${append.spanContext().traceId}-${append.spanContext().spanId}-01`);

      exporter.reset();
      await expect(
        store.append('agreement-1', [{ ...event, id: '9f0c6a52-3c7e-4c55-9f0e-1f2d3c4b5a69' }], { expectedRevision: 'no_stream' }),
      ).rejects.toThrow('expected revision');
      const [conflict] = exporter.getFinishedSpans();
      expect(conflict.status).toMatchObject({ code: 2, message: expect.stringMatching(/^StreamRevisionConflictError: /) });
    });

    it('continues one command’s trace in a projection batch, and links a batch of several to each', async () => {
      const traced = (position: bigint, traceparent?: string) =>
        ({ position, metadata: traceparent ? { traceparent } : {} }) as unknown as RecordedEvent;
      const first = `00-${'1'.repeat(32)}-${'a'.repeat(16)}-01`;
      const second = `00-${'2'.repeat(32)}-${'b'.repeat(16)}-01`;
      exporter.reset();
      await traceProjectionBatch('agreements@v2', [traced(7n, first), traced(8n, first), traced(9n)], async () => undefined);
      await traceProjectionBatch(
        'agreements@v2',
        [traced(10n, first), traced(11n, second), traced(12n, 'not a trace')],
        async () => undefined,
      );
      const [one, several] = exporter.getFinishedSpans();

      expect(one.name).toBe('projection apply agreements@v2');
      expect(one.spanContext().traceId).toBe('1'.repeat(32));
      expect(one.parentSpanContext?.spanId).toBe('a'.repeat(16));
      expect(one.links).toEqual([]);
      expect(one.attributes).toEqual({
        'sepakat.projection': 'agreements@v2',
        'sepakat.events': 3,
        'sepakat.position.first': '7',
        'sepakat.position.last': '9',
      });
      expect(several.parentSpanContext).toBeUndefined();
      expect(several.links.map((link) => link.context.spanId)).toEqual(['a'.repeat(16), 'b'.repeat(16)]);
    });

    it('ends a span around synchronous work, and passes a thrown error on unchanged', () => {
      exporter.reset();
      const tracing = new OtelTracing();
      expect(tracing.span('sum', { 'sepakat.terms': 2, 'sepakat.skipped': undefined }, () => 1 + 1)).toBe(2);
      const refusal = new RangeError('no');
      expect(() =>
        tracing.span('refuse', {}, () => {
          throw refusal;
        }),
      ).toThrow(refusal);
      const [sum, refuse] = exporter.getFinishedSpans();
      expect(sum.attributes).toEqual({ 'sepakat.terms': 2 });
      expect(refuse.status).toMatchObject({ code: 2, message: 'RangeError: no' });
    });
  });
});
