import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import { traceAppends } from '../tracing/otel-tracing';
import type { EventStoreConfig } from '../config/app-config';
import { EsdbEventStore } from './eventstoredb/esdb-event-store';
import { MemoryEventStore } from './memory/memory-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** What the service's metrics are told of the store, where the adapter can tell it. */
export interface EventStoreObserver {
  groupCommitted(appends: number): void;
}

/** Opens the adapter the configuration names. */
export function openEventStore(config: EventStoreConfig, observer?: EventStoreObserver): EventStore {
  switch (config.kind) {
    case 'memory':
      return new MemoryEventStore();
    case 'sqlite':
      mkdirSync(dirname(config.filename), { recursive: true });
      return new SqliteEventStore({
        filename: config.filename,
        synchronous: config.synchronous,
        ...(observer ? { onGroupCommitted: (appends: number) => observer.groupCommitted(appends) } : {}),
      });
    case 'eventstoredb': {
      const logger = new Logger('EventStoreDB');
      return new EsdbEventStore({
        connectionString: config.connectionString,
        logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m) },
      });
    }
    default: {
      const unknown: never = config;
      throw new Error(`Unknown event store ${JSON.stringify(unknown)}`);
    }
  }
}

function describe(config: EventStoreConfig): string {
  switch (config.kind) {
    case 'sqlite':
      return `SQLite event store at ${config.filename} (synchronous=${config.synchronous.toUpperCase()})`;
    case 'eventstoredb':
      return `EventStoreDB event store at ${redactCredentials(config.connectionString)}`;
    case 'memory':
      return 'In-memory event store: events are lost when the process stops';
  }
}

/** A connection string as it may appear in a log: without a password. */
function redactCredentials(connectionString: string): string {
  return connectionString.replace(/^(esdb(?:\+discover)?:\/\/)[^@/]*@/, '$1***@');
}

/** Closes the store after the HTTP server stopped taking requests, so pending appends commit. */
@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Module({})
export class EventStoreModule {
  /** `instrument`: the service's metrics, which time the appends and hear of the groups committed. */
  static forRoot(config: EventStoreConfig, instrument?: EventStoreObserver & { instrument(store: EventStore): EventStore }): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: () => {
            const store = openEventStore(config, instrument);
            new Logger('EventStore').log(describe(config));
            // Outermost, the span: the metrics time the append alone.
            return traceAppends(instrument ? instrument.instrument(store) : store);
          },
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE],
    };
  }
}
