import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { AGREEMENT_READ_MODEL } from '../../application/ports/agreement-read-model.port';
import { EVENT_STORE, type EventStore } from '../../application/ports/event-store.port';
import { agreementsProjection } from '../../projections/agreements/agreements.projection';
import type { AgreementsTables } from '../../projections/agreements/agreements.tables';
import type { ReadModelConfig } from '../config/app-config';
import { projectionKey } from '../../projections/projection';
import { AlwaysLeader, PostgresAdvisoryLock } from '../projections/leadership';
import { ProjectionRunner } from '../projections/projection-runner';
import { KyselyAgreementReadModel } from './kysely-agreement-read-model';
import { openReadModelDatabase, type CheckpointTables } from './read-model-database';

const READ_MODEL_DB = Symbol('ReadModelDatabase');
export const AGREEMENTS_RUNNER = Symbol('AgreementsProjectionRunner');

type Db = Kysely<AgreementsTables & CheckpointTables>;

/** Starts the projections once the application is up; stops them and closes the database at shutdown. */
@Injectable()
class ReadModelLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(AGREEMENTS_RUNNER) private readonly runner: ProjectionRunner<AgreementsTables>,
    @Inject(READ_MODEL_DB) private readonly db: Db,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.db.destroy();
  }
}

@Module({})
export class ReadModelModule {
  static forRoot(config: ReadModelConfig): DynamicModule {
    return {
      module: ReadModelModule,
      global: true,
      providers: [
        {
          provide: READ_MODEL_DB,
          useFactory: () => {
            if (config.kind === 'sqlite' && config.filename !== ':memory:') mkdirSync(dirname(config.filename), { recursive: true });
            return openReadModelDatabase<AgreementsTables>(config);
          },
        },
        {
          provide: AGREEMENTS_RUNNER,
          inject: [EVENT_STORE, READ_MODEL_DB],
          useFactory: (store: EventStore, db: Db) =>
            new ProjectionRunner(store, db, agreementsProjection, {
              leadership: config.kind === 'postgres' ? new PostgresAdvisoryLock(db as Kysely<unknown>, projectionKey(agreementsProjection)) : new AlwaysLeader(),
            }),
        },
        {
          provide: AGREEMENT_READ_MODEL,
          inject: [READ_MODEL_DB, AGREEMENTS_RUNNER],
          useFactory: (db: Db, runner: ProjectionRunner<AgreementsTables>) => new KyselyAgreementReadModel(db, runner),
        },
        ReadModelLifecycle,
      ],
      exports: [AGREEMENT_READ_MODEL, AGREEMENTS_RUNNER],
    };
  }
}
