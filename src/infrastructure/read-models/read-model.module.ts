import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import { TICKET_NONCES } from '../../application/ports/ticket-nonces.port';
import { MemoryTicketNonces, PostgresTicketNonces } from './ticket-nonces';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../../application/ports/deadlines.port';
import { AGREEMENTS_PROJECTION_VERSIONS } from '../../projections/agreements/agreements.projection';
import { DEADLINES_PROJECTION_VERSIONS, type DeadlinesTables } from '../../projections/deadlines/deadlines.projection';
import { notificationsProjection, type NotificationTables } from '../../projections/notifications/notifications.projection';
import { NOTIFICATION_STORE, OUTBOX_STATUS, type OutboxStatus } from '../../application/ports/notifications.port';
import { KyselyNotificationStore } from '../notifications/kysely-notification-store';
import type { ProjectionRunner } from '../projections/projection-runner';
import type { AgreementsTablesV2 } from '../../projections/agreements/agreements.tables';
import type { Projection } from '../../projections/projection';
import type { ReadModelConfig } from '../config/app-config';
import { AlwaysLeader, PostgresAdvisoryLock, type Leadership } from '../projections/leadership';
import { ProjectionVersions } from '../projections/projection-versions';
import { agreementReadModelFor } from './agreement-read-models';
import { KyselyDeadlineReadModel } from './kysely-deadline-read-model';
import { openReadModelDatabase, type CheckpointTables } from './read-model-database';

const READ_MODEL_DB = Symbol('ReadModelDatabase');
export const AGREEMENTS_PROJECTION = Symbol('AgreementsProjectionVersions');
export const DEADLINES_PROJECTION = Symbol('DeadlinesProjectionVersions');
/** The notifications projection (the outbox's writer): its runner is its reader. */
export const NOTIFICATIONS_PROJECTION = Symbol('NotificationsProjection');

type Db = Kysely<AgreementsTablesV2 & DeadlinesTables & CheckpointTables>;
type AgreementsVersions = ProjectionVersions<AgreementsTablesV2, AgreementReadModel>;
type DeadlinesVersions = ProjectionVersions<DeadlinesTables, DeadlineReadModel>;
export type NotificationsVersions = ProjectionVersions<NotificationTables, ProjectionRunner<NotificationTables>>;

/** Starts the projections once the application is up; stops them and closes the database at shutdown. */
@Injectable()
class ReadModelLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(AGREEMENTS_PROJECTION) private readonly versions: AgreementsVersions,
    @Inject(DEADLINES_PROJECTION) private readonly deadlines: DeadlinesVersions,
    @Inject(NOTIFICATIONS_PROJECTION) private readonly notifications: NotificationsVersions,
    @Inject(READ_MODEL_DB) private readonly db: Db,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.versions.start();
    await this.deadlines.start();
    await this.notifications.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.stop();
    await this.deadlines.stop();
    await this.versions.stop();
    await this.db.destroy();
  }
}

/** Answers from whichever version of the agreements projection serves right now. */
class ServingAgreementReadModel implements AgreementReadModel {
  constructor(private readonly versions: AgreementsVersions) {}

  list(...args: Parameters<AgreementReadModel['list']>) {
    return this.versions.serving.list(...args);
  }

  get(id: string) {
    return this.versions.serving.get(id);
  }

  summariesOf(ids: readonly string[]) {
    return this.versions.serving.summariesOf(ids);
  }

  inbox(...args: Parameters<AgreementReadModel['inbox']>) {
    return this.versions.serving.inbox(...args);
  }

  inboxCounts(...args: Parameters<AgreementReadModel['inboxCounts']>) {
    return this.versions.serving.inboxCounts(...args);
  }

  summary(...args: Parameters<AgreementReadModel['summary']>) {
    return this.versions.serving.summary(...args);
  }

  status() {
    return this.versions.status();
  }

  reached(position: bigint, timeoutMs: number) {
    return this.versions.reached(position, timeoutMs);
  }
}

/** Answers from whichever version of the deadlines projection serves right now. */
class ServingDeadlineReadModel implements DeadlineReadModel {
  constructor(private readonly versions: DeadlinesVersions) {}

  actionsDueBy(...args: Parameters<DeadlineReadModel['actionsDueBy']>) {
    return this.versions.serving.actionsDueBy(...args);
  }

  dueBetween(...args: Parameters<DeadlineReadModel['dueBetween']>) {
    return this.versions.serving.dueBetween(...args);
  }

  stepsNotEscalated(...args: Parameters<DeadlineReadModel['stepsNotEscalated']>) {
    return this.versions.serving.stepsNotEscalated(...args);
  }

  stepsOf(agreementIds: readonly string[]) {
    return this.versions.serving.stepsOf(agreementIds);
  }

  ofAgreement(agreementId: string) {
    return this.versions.serving.ofAgreement(agreementId);
  }

  reached(position: bigint, timeoutMs: number) {
    return this.versions.reached(position, timeoutMs);
  }

  status() {
    return this.versions.status();
  }
}

@Module({})
export class ReadModelModule {
  /** `versions`: of the agreements projection, oldest first (tests pass versions they break or fix). */
  static forRoot(
    config: ReadModelConfig,
    versions: readonly Projection<AgreementsTablesV2>[] = AGREEMENTS_PROJECTION_VERSIONS,
  ): DynamicModule {
    return {
      module: ReadModelModule,
      global: true,
      providers: [
        {
          provide: READ_MODEL_DB,
          useFactory: () => {
            if (config.kind === 'sqlite' && config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
            return openReadModelDatabase<AgreementsTablesV2 & DeadlinesTables>(config);
          },
        },
        {
          provide: AGREEMENTS_PROJECTION,
          inject: [EVENT_STORE, READ_MODEL_DB],
          useFactory: (store: EventStore, db: Db) =>
            new ProjectionVersions(store, db, versions, agreementReadModelFor, { leadership: (key) => leadershipOf(config, key) }),
        },
        {
          provide: DEADLINES_PROJECTION,
          inject: [EVENT_STORE, READ_MODEL_DB],
          useFactory: (store: EventStore, db: Db) =>
            new ProjectionVersions<DeadlinesTables, DeadlineReadModel>(
              store,
              db,
              DEADLINES_PROJECTION_VERSIONS,
              (versionDb, runner) => new KyselyDeadlineReadModel(versionDb, runner),
              { leadership: (key) => leadershipOf(config, key) },
            ),
        },
        {
          provide: NOTIFICATIONS_PROJECTION,
          inject: [EVENT_STORE, READ_MODEL_DB],
          useFactory: (store: EventStore, db: Db) =>
            new ProjectionVersions<NotificationTables, ProjectionRunner<NotificationTables>>(
              store,
              db as unknown as Kysely<NotificationTables & CheckpointTables>,
              [notificationsProjection],
              (_db, runner) => runner,
              { leadership: (key) => leadershipOf(config, key) },
            ),
        },
        {
          provide: OUTBOX_STATUS,
          inject: [NOTIFICATIONS_PROJECTION],
          useFactory: (notifications: NotificationsVersions): OutboxStatus => ({ status: () => notifications.status() }),
        },
        {
          provide: NOTIFICATION_STORE,
          inject: [READ_MODEL_DB],
          useFactory: (db: Db) => new KyselyNotificationStore(db as unknown as Kysely<NotificationTables>),
        },
        {
          provide: DEADLINE_READ_MODEL,
          inject: [DEADLINES_PROJECTION],
          useFactory: (deadlines: DeadlinesVersions) => new ServingDeadlineReadModel(deadlines),
        },
        {
          provide: AGREEMENT_READ_MODEL,
          inject: [AGREEMENTS_PROJECTION],
          useFactory: (versions: AgreementsVersions) => new ServingAgreementReadModel(versions),
        },
        {
          // Used live-feed tickets: in the shared PostgreSQL database when there is one (replicas), else in this process.
          provide: TICKET_NONCES,
          inject: [READ_MODEL_DB],
          useFactory: (db: Db) =>
            config.kind === 'postgres' ? new PostgresTicketNonces(db as unknown as Kysely<unknown>) : new MemoryTicketNonces(),
        },
        ReadModelLifecycle,
      ],
      exports: [
        AGREEMENT_READ_MODEL,
        AGREEMENTS_PROJECTION,
        DEADLINE_READ_MODEL,
        DEADLINES_PROJECTION,
        NOTIFICATIONS_PROJECTION,
        NOTIFICATION_STORE,
        OUTBOX_STATUS,
        TICKET_NONCES,
      ],
    };
  }
}

/**
 * One leader per deployment for each piece of background work named by `key` (a projection
 * version, the scheduler): a PostgreSQL advisory lock shared by the replicas, or this process
 * alone with SQLite.
 */
export function leadershipOf(config: ReadModelConfig, key: string): Leadership {
  return config.kind === 'postgres'
    ? new PostgresAdvisoryLock({ url: config.url, ...(config.schema ? { schema: config.schema } : {}) }, key, {
        logger: new Logger(key.includes('@') ? `Projection ${key}` : key),
      })
    : new AlwaysLeader();
}
