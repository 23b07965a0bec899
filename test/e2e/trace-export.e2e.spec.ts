import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mintEmbeddedToken } from '../../src/infrastructure/auth/token-minter';
import { MOU_DRAFT } from '../support/agreement-scenarios';
import { eventually } from '../support/async';
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from '../support/service-processes';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';

/**
 * Traces leave the service as an operator switches them on: the standard OTEL_* variables, here
 * OTLP over HTTP (JSON encoding, so the test can read it) to a collector on 127.0.0.1. The service
 * runs in a process of its own, as `npm start` does, with OpenTelemetry's Node SDK.
 */

jest.setTimeout(60_000);

const SECRET = 'traces-test-secret-of-at-least-32-characters-xx';
const CLAIMS = { subject: 'sub', name: 'name', agency: 'agency', roles: 'roles' };

interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
}
interface OtlpExport {
  readonly resourceSpans: Array<{
    readonly resource: { readonly attributes: Array<{ key: string; value: { stringValue?: string } }> };
    readonly scopeSpans: Array<{ readonly spans: OtlpSpan[] }>;
  }>;
}

describe('traces exported over OTLP', () => {
  let collector: Server;
  const exports: Array<{ path: string; contentType: string; body: OtlpExport }> = [];
  let directory: TemporaryDirectory;
  let service: ServiceProcess | undefined;

  const spans = () =>
    exports.flatMap((received) => received.body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans)));

  beforeAll(async () => {
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        exports.push({
          path: request.url ?? '',
          contentType: request.headers['content-type'] ?? '',
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport,
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    directory = await temporaryDirectory();
    service = await startServiceProcess({
      DATA_DIR: directory.path,
      EVENT_STORE: 'sqlite',
      AUTH_JWT_SECRET: SECRET,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
    });
  });

  afterAll(async () => {
    if (service) await stopServiceProcess(service);
    await new Promise<void>((resolve) => collector.close(() => resolve()));
    await directory.remove();
  });

  it('sends one trace from the request to the projection, as service sepakat', async () => {
    const token = await mintEmbeddedToken(new TextEncoder().encode(SECRET), CLAIMS, {
      sub: 'biro-ks',
      name: 'Biro Kerja Sama',
      agency: 'kemendes-pdtt',
      roles: ['DRAFTER'],
      expiresIn: '1h',
    });
    const drafted = await fetch(`${service!.url}/agreements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(MOU_DRAFT),
    });
    expect(drafted.status).toBe(201);

    const request = () => spans().find((span) => span.name === 'POST /agreements');
    const inTrace = (name: string | RegExp) =>
      spans().find((span) => span.traceId === request()?.traceId && (typeof name === 'string' ? span.name === name : name.test(span.name)));
    await eventually(
      () => inTrace(/^projection apply agreements@v\d+$/) !== undefined,
      'the projection’s span, exported in the request’s trace',
    );

    expect(exports.every((received) => received.path === '/v1/traces' && received.contentType.startsWith('application/json'))).toBe(true);
    const command = inTrace('command draft-agreement')!;
    const append = inTrace('eventstore append')!;
    expect(command.parentSpanId).toBe(request()!.spanId);
    expect(inTrace('decide')!.parentSpanId).toBe(command.spanId);
    expect(append.parentSpanId).toBe(command.spanId);
    expect(inTrace(/^projection apply agreements@v\d+$/)!.parentSpanId).toBe(append.spanId);
    const serviceNames = exports.flatMap((received) =>
      received.body.resourceSpans.map(
        (resource) => resource.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value.stringValue,
      ),
    );
    expect(new Set(serviceNames)).toEqual(new Set(['sepakat']));
  });
});
