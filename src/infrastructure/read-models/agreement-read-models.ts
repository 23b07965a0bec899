import type { Kysely } from 'kysely';
import type { AgreementReadModel } from '../../application/ports/agreement-read-model.port';
import type { AgreementsTablesV2 } from '../../projections/agreements/agreements.tables';
import type { ProjectionRunner } from '../projections/projection-runner';
import { AgreementReadModelV1 } from './agreement-read-model.v1';
import { KyselyAgreementReadModel } from './kysely-agreement-read-model';
import type { CheckpointTables } from './read-model-database';

/** The reader of one version of the agreements projection: v1's schema has its own; every later version has the current one. */
export function agreementReadModelFor(
  db: Kysely<AgreementsTablesV2 & CheckpointTables>,
  runner: ProjectionRunner<AgreementsTablesV2>,
): AgreementReadModel {
  if (runner.version === 1) {
    return new AgreementReadModelV1(db, runner);
  }
  return new KyselyAgreementReadModel(db, runner);
}
