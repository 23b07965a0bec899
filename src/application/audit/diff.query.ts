import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import { AgreementNotFoundError, BusinessRuleViolationError } from '../../domain/errors';
import { lifecycleState } from '../../domain/agreements/agreement-decider';
import { AgreementRepository } from '../agreements/agreement-repository';
import { AuditLog } from './audit-log';
import { jsonDiff, type FieldChange } from './json-diff';

export interface AgreementDiff {
  readonly id: string;
  readonly from: { readonly revision: number; readonly state: string };
  readonly to: { readonly revision: number; readonly state: string };
  readonly changes: readonly FieldChange[];
}

/** Which fields of the agreement changed between two revisions, both replayed from the log. */
export class DiffAgreementQuery extends Query<AgreementDiff> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly from: number,
    readonly to: number,
  ) {
    super();
  }
}

@QueryHandler(DiffAgreementQuery)
export class DiffAgreementHandler implements IQueryHandler<DiffAgreementQuery> {
  constructor(
    private readonly agreements: AgreementRepository,
    private readonly auditLog: AuditLog,
  ) {}

  async execute({ actor, agreementId, from, to }: DiffAgreementQuery): Promise<AgreementDiff> {
    const [before, after] = await Promise.all([
      this.agreements.replay(agreementId, { revision: BigInt(from) }),
      this.agreements.replay(agreementId, { revision: BigInt(to) }),
    ]);
    const parties = after?.state.snapshot.context.parties.map((party) => party.agencyId) ?? [];
    if (!before || !after || !canReadAgreement(actor, parties)) throw new AgreementNotFoundError(agreementId);
    if (before.revision !== BigInt(from) || after.revision !== BigInt(to)) {
      throw new BusinessRuleViolationError('revision-range', `The agreement has revisions 0 to ${after.revision}`);
    }
    await this.auditLog.recordRead(actor, agreementId, 'diff', { from, to });
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    return {
      id: agreementId,
      from: { revision: from, state: lifecycleState(before.state) },
      to: { revision: to, state: lifecycleState(after.state) },
      changes: jsonDiff(plain(before.state.snapshot.context), plain(after.state.snapshot.context)),
    };
  }
}
