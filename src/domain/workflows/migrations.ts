import type { MigrateWorkflow } from '../agreements/agreement-commands';
import { rule } from '../agreements/agreement-rules';
import { ENDED_STATES } from '../agreements/lifecycle';
import { NOTA_KESEPAHAMAN_V1, PERJANJIAN_KERJA_SAMA_V1 } from './v1/workflows.v1';
import { NOTA_KESEPAHAMAN_V2, PERJANJIAN_KERJA_SAMA_V2 } from './v2/workflows.v2';
import { NO_BODY } from './body-schema';
import type { Summary } from './event-summaries';
import { action, type ActionDefinition, type AgreementSnapshot, type WorkflowDefinition } from './workflow-definition';

/**
 * Moving an in-flight agreement from one version of its workflow to the next. It lives between the
 * versions, not in either: the older machine never learns of the newer, and the newer takes the
 * agreement in the same state with the same context. Where that state would not be one the newer
 * version could have reached, the migration is refused with the reason.
 */
export interface WorkflowMigration {
  readonly from: WorkflowDefinition;
  readonly to: WorkflowDefinition;
  /** Why the agreement cannot move in its current state, or undefined when it can. */
  refusal(snapshot: AgreementSnapshot): string | undefined;
}

/** Version 1 to 2: every working state maps as it is; version 2 adds rules, never states. */
function refusalV1ToV2(snapshot: AgreementSnapshot): string | undefined {
  const value = snapshot.value as string | Record<string, string>;
  const lifecycle = typeof value === 'string' ? value : Object.keys(value)[0];
  if (ENDED_STATES.has(lifecycle as never) || lifecycle === 'new')
    return `an agreement that is ${lifecycle} stays on the version it ended on`;
  const signing = lifecycle === 'signing' || (typeof value === 'object' && value.amending === 'signing');
  const { progress } = snapshot.context;
  const unrecorded = Object.entries(progress).find(
    ([, p]) => p.signature && p.signature.capacity !== 'ORIGINAL' && p.signature.delegationId === undefined,
  );
  if (signing && unrecorded) {
    return `${unrecorded[0]} signed under a delegation version 2 cannot check (${unrecorded[1].signature!.delegationRef ?? 'no reference'}); finish signing on version 1`;
  }
  return undefined;
}

export const MIGRATIONS: readonly WorkflowMigration[] = [
  { from: NOTA_KESEPAHAMAN_V1, to: NOTA_KESEPAHAMAN_V2, refusal: refusalV1ToV2 },
  { from: PERJANJIAN_KERJA_SAMA_V1, to: PERJANJIAN_KERJA_SAMA_V2, refusal: refusalV1ToV2 },
];

export function migrationOf(workflow: WorkflowDefinition): WorkflowMigration | undefined {
  return MIGRATIONS.find((migration) => migration.from === workflow);
}

/** `migrate-workflow`: offered on every agreement whose version has a successor, while it is not ended. */
function migrateAction(migration: WorkflowMigration): ActionDefinition {
  return action<MigrateWorkflow>({
    name: 'migrate-workflow',
    command: 'MigrateWorkflow',
    policy: { roles: ['COORDINATOR'], party: 'any' },
    produces: 'WorkflowMigrated',
    summary: `Move the agreement, in its current state, to version ${migration.to.version} of its workflow`,
    body: NO_BODY,
    awaited: false,
    decide: ({ snapshot }) => {
      const refusal = migration.refusal(snapshot);
      rule(refusal === undefined, 'migration-state', `This agreement cannot move to version ${migration.to.version}: ${refusal}`);
      return [{ type: 'WorkflowMigrated', fromVersion: migration.from.version, toVersion: migration.to.version }];
    },
  });
}

/** Each workflow's actions, its migration included: built once (every decision, offer and inbox step asks). */
const ACTIONS = new Map<WorkflowDefinition, readonly ActionDefinition[]>(
  MIGRATIONS.map((migration) => [migration.from, [...migration.from.actions, migrateAction(migration)]]),
);

/** The actions an agreement on `workflow` offers: the version's own, and the migration to the next version where there is one. */
export function actionsOf(workflow: WorkflowDefinition): readonly ActionDefinition[] {
  return ACTIONS.get(workflow) ?? workflow.actions;
}

/** The line the history shows for a migration, in Bahasa Indonesia and in English. */
export const MIGRATION_SUMMARY: Summary<'WorkflowMigrated'> = {
  id: (event, { who }) => `${who} memindahkan kesepakatan dari versi ${event.fromVersion} ke versi ${event.toVersion} alur kerjanya`,
  en: (event, { who }) => `${who} moved the agreement from version ${event.fromVersion} to version ${event.toVersion} of its workflow`,
};
