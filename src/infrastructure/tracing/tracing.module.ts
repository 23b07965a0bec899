import { Global, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { TRACING } from '../../application/ports/tracing.port';
import { OtelTracing } from './otel-tracing';
import type { TracingConfig } from './tracing-config';

/**
 * OpenTelemetry's Node SDK, configured by the OTEL_* variables themselves (exporter, endpoint,
 * protocol, headers, sampler, resource); `service.name` is `sepakat` unless they name one. No
 * automatic instrumentation: the service makes its own spans. Flushed when the service stops.
 */
class TracingSdk implements OnApplicationShutdown {
  private constructor(private readonly sdk: NodeSDK) {}

  /** Loaded only when traces are exported: the SDK and its exporters take half a second to load. */
  static async start(): Promise<TracingSdk> {
    const { NodeSDK } = await import('@opentelemetry/sdk-node');
    const named = process.env.OTEL_SERVICE_NAME !== undefined || /(^|,)\s*service\.name=/.test(process.env.OTEL_RESOURCE_ATTRIBUTES ?? '');
    const sdk = new NodeSDK({ ...(named ? {} : { serviceName: 'sepakat' }), instrumentations: [] });
    sdk.start();
    new Logger('Tracing').log(`Exporting traces (OTEL_TRACES_EXPORTER=${process.env.OTEL_TRACES_EXPORTER ?? 'otlp'})`);
    return new TracingSdk(sdk);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sdk.shutdown();
  }
}

@Global()
@Module({})
export class TracingModule {
  static forRoot(config: TracingConfig): DynamicModule {
    return {
      module: TracingModule,
      providers: [
        { provide: TRACING, useValue: new OtelTracing() },
        ...(config.export ? [{ provide: TracingSdk, useFactory: () => TracingSdk.start() }] : []),
      ],
      exports: [TRACING],
    };
  }
}
