import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import { AgreementNotFoundError } from '../../domain/errors';
import { AGREEMENT_READ_MODEL, type AgreementDetail, type AgreementReadModel } from '../ports/agreement-read-model.port';
import { actionsOpenTo } from './open-actions';
import { awaitPosition } from './read-your-writes';

export interface AgreementDetailView extends AgreementDetail {
  /** Actions the caller could take now. */
  readonly availableActions: readonly string[];
}

/** One agreement from the read model, with the actions open to the caller. */
export class GetAgreementQuery extends Query<AgreementDetailView> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery> {
  constructor(@Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel) {}

  async execute({ actor, agreementId, minPosition }: GetAgreementQuery): Promise<AgreementDetailView> {
    await awaitPosition(this.readModel, minPosition);
    const detail = await this.readModel.get(agreementId);
    if (!detail || !canReadAgreement(actor, detail.parties.map((party) => party.agencyId))) throw new AgreementNotFoundError(agreementId);
    return { ...detail, availableActions: actionsOpenTo(detail, actor) };
  }
}
