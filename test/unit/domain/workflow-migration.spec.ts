import { evolve, initialState, offeredActions } from '../../../src/domain/agreements/agreement-decider';
import type { AgreementEvent } from '../../../src/domain/agreements/agreement-events';
import { BusinessRuleViolationError } from '../../../src/domain/errors';
import { actionsOf } from '../../../src/domain/workflows/migrations';
import {
  NOTA_KESEPAHAMAN_V1,
  NOTA_KESEPAHAMAN_V2,
  PERJANJIAN_KERJA_SAMA_V1,
  PERJANJIAN_KERJA_SAMA_V2,
} from '../../../src/domain/workflows/workflow-registry';
import {
  AMENDMENT_HASH,
  BARITO_KUALA,
  cleared,
  DRAFT_HASH,
  drafted,
  KEMENDES,
  MOU_ID,
  official,
  PATH,
  signedBy,
} from '../../support/domain/agreement-fixtures';
import { given, replay } from '../../support/domain/decider-specification';

/**
 * Moving an agreement from version 1 of its workflow to version 2: where its state maps (decided
 * and replayed), where it does not (refused with the reason, and a corrupt stream on replay), and
 * onto the next version of its own workflow.
 */
const coordinator = official(BARITO_KUALA, 'COORDINATOR');
const migrated: AgreementEvent = { type: 'WorkflowMigrated', fromVersion: 1, toVersion: 2 };
const migrate = { type: 'MigrateWorkflow' as const };

/** A version 1 signature on behalf, under a reference version 2 has no record of. */
const onBehalf = (agencyId: string, documentHash = DRAFT_HASH, delegationRef: string | null = 'KEPMEN-45/2020'): AgreementEvent =>
  ({
    ...signedBy(agencyId, documentHash),
    capacity: 'ON_BEHALF',
    ...(delegationRef === null ? {} : { delegationRef }),
  }) as AgreementEvent;

const amendmentSigning: AgreementEvent[] = [
  ...PATH.amending,
  cleared(KEMENDES, 'TECHNICAL', AMENDMENT_HASH),
  cleared(BARITO_KUALA, 'TECHNICAL', AMENDMENT_HASH),
  cleared(KEMENDES, 'LEGAL', AMENDMENT_HASH),
  cleared(BARITO_KUALA, 'LEGAL', AMENDMENT_HASH),
  { type: 'ClearedForSigning', documentHash: AMENDMENT_HASH },
  { type: 'SigningOpened' },
];

const corrupt = (message: string) => expect.objectContaining({ name: 'CorruptStreamError', message });
const cannotMove = (reason: string) => ({
  rule: 'migration-state',
  message: `This agreement cannot move to version 2: ${reason}`,
});

describe('moving an agreement to version 2', () => {
  it('is offered to no agreement that does not exist yet', () => {
    expect(offeredActions(initialState(NOTA_KESEPAHAMAN_V1)).map((action) => action.name)).toEqual([]);
  });

  it('describes itself by the version it moves to, and is offered by version 1 only', () => {
    const move = actionsOf(NOTA_KESEPAHAMAN_V1).find((action) => action.name === 'migrate-workflow');
    expect(move?.summary).toBe('Move the agreement, in its current state, to version 2 of its workflow');
    expect(actionsOf(NOTA_KESEPAHAMAN_V2).map((action) => action.name)).not.toContain('migrate-workflow');
  });

  it('moves a PKS onto version 2 of the PKS workflow, and an MoU onto the MoU’s', () => {
    const pks = { ...drafted, kind: 'PERJANJIAN_KERJA_SAMA', parentId: MOU_ID } as AgreementEvent;
    expect(replay([pks, ...PATH.inReview.slice(1), migrated], PERJANJIAN_KERJA_SAMA_V1).workflow).toBe(PERJANJIAN_KERJA_SAMA_V2);
    expect(replay([...PATH.inReview, migrated], NOTA_KESEPAHAMAN_V1).workflow).toBe(NOTA_KESEPAHAMAN_V2);
  });

  it('is a corrupt stream for an agreement on a version with no successor', () => {
    const active = replay(PATH.active, NOTA_KESEPAHAMAN_V2);
    expect(() => evolve(active, { type: 'WorkflowMigrated', fromVersion: 2, toVersion: 2 })).toThrow(
      corrupt('nota-kesepahaman@2 cannot migrate in state active: no migration to version 2'),
    );
  });

  describe('while signing', () => {
    it('moves when no party has signed yet, or every signature was given in the signatory’s own capacity', () => {
      given(PATH.signing, NOTA_KESEPAHAMAN_V1).when(migrate, coordinator).then([migrated]);
      given([...PATH.signing, signedBy(KEMENDES)], NOTA_KESEPAHAMAN_V1)
        .when(migrate, coordinator)
        .then([migrated]);
    });

    it('refuses once a party signed on behalf, and says under what', () => {
      given([...PATH.signing, signedBy(BARITO_KUALA), onBehalf(KEMENDES)], NOTA_KESEPAHAMAN_V1)
        .when(migrate, coordinator)
        .thenThrows(
          BusinessRuleViolationError,
          cannotMove(`${KEMENDES} signed under a delegation version 2 cannot check (KEPMEN-45/2020); finish signing on version 1`),
        );
    });

    it('says “no reference” for a stored signature on behalf that names none', () => {
      given([...PATH.signing, onBehalf(KEMENDES, DRAFT_HASH, null)], NOTA_KESEPAHAMAN_V1)
        .when(migrate, coordinator)
        .thenThrows(
          BusinessRuleViolationError,
          cannotMove(`${KEMENDES} signed under a delegation version 2 cannot check (no reference); finish signing on version 1`),
        );
    });

    it('refuses while an amendment is being signed too, and a replay of it is a corrupt stream', () => {
      const signedAmendment = [...amendmentSigning, onBehalf(KEMENDES, AMENDMENT_HASH)];
      given(signedAmendment, NOTA_KESEPAHAMAN_V1)
        .when(migrate, coordinator)
        .thenThrows(
          BusinessRuleViolationError,
          cannotMove(`${KEMENDES} signed under a delegation version 2 cannot check (KEPMEN-45/2020); finish signing on version 1`),
        );
      expect(() => replay([...signedAmendment, migrated], NOTA_KESEPAHAMAN_V1)).toThrow(
        corrupt(
          `nota-kesepahaman@1 cannot migrate in state amending.signing: ${KEMENDES} signed under a delegation version 2 cannot check (KEPMEN-45/2020); finish signing on version 1`,
        ),
      );
    });

    it('moves once signing is over, signatures on behalf and all', () => {
      const executed = [
        ...PATH.signing,
        onBehalf(KEMENDES),
        signedBy(BARITO_KUALA),
        { type: 'AgreementExecuted', documentHash: DRAFT_HASH, version: 1 } as AgreementEvent,
      ];
      given(executed, NOTA_KESEPAHAMAN_V1).when(migrate, coordinator).then([migrated]);
    });
  });

  describe('replayed where it could not have been decided', () => {
    it('is a corrupt stream before the agreement exists, saying why', () => {
      expect(() => replay([migrated], NOTA_KESEPAHAMAN_V1)).toThrow(
        corrupt('nota-kesepahaman@1 cannot migrate in state new: an agreement that is new stays on the version it ended on'),
      );
    });

    it('is a corrupt stream once the agreement ended, saying why', () => {
      expect(() => replay([...PATH.expired, migrated], NOTA_KESEPAHAMAN_V1)).toThrow(
        corrupt('nota-kesepahaman@1 cannot migrate in state expired: an agreement that is expired stays on the version it ended on'),
      );
    });

    it('is a corrupt stream to a version there is no migration to, saying which', () => {
      expect(() => replay([...PATH.active, { type: 'WorkflowMigrated', fromVersion: 1, toVersion: 3 }], NOTA_KESEPAHAMAN_V1)).toThrow(
        corrupt('nota-kesepahaman@1 cannot migrate in state active: no migration to version 3'),
      );
    });
  });
});
