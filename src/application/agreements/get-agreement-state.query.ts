import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import { AgreementNotFoundError } from '../../domain/errors';
import { AuditLog } from '../audit/audit-log';
import { AgreementRepository, type ReplayLimit } from './agreement-repository';
import { stateView, type AgreementStateView } from './agreement-view';

/**
 * The agreement replayed from the event log with its pinned workflow version, as of a revision or
 * an instant (recorded time) when given: the auditor's view, independent of any read model.
 */
export class GetAgreementStateQuery extends Query<AgreementStateView> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly limit: ReplayLimit,
  ) {
    super();
  }
}

@QueryHandler(GetAgreementStateQuery)
export class GetAgreementStateHandler implements IQueryHandler<GetAgreementStateQuery> {
  constructor(
    private readonly agreements: AgreementRepository,
    private readonly auditLog: AuditLog,
  ) {}

  async execute({ actor, agreementId, limit }: GetAgreementStateQuery): Promise<AgreementStateView> {
    const replayed = await this.agreements.replay(agreementId, limit);
    // Before its first event an agreement did not exist: an `at` earlier than the draft is "not found" too.
    const parties = replayed?.state.snapshot.context.parties.map((party) => party.agencyId) ?? [];
    if (!replayed || !canReadAgreement(actor, parties)) throw new AgreementNotFoundError(agreementId);
    const current = limit.revision === undefined && limit.at === undefined;
    if (!current) {
      await this.auditLog.recordRead(actor, agreementId, 'state-as-of', {
        ...(limit.revision === undefined ? {} : { revision: Number(limit.revision) }),
        ...(limit.at === undefined ? {} : { at: limit.at.toISOString() }),
      });
    }
    return stateView(replayed, replayed.recordedAt, current ? actor : undefined);
  }
}
