import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import {
  AGREEMENT_READ_MODEL,
  type AgreementListFilter,
  type AgreementPage,
  type AgreementReadModel,
} from '../ports/agreement-read-model.port';
import { awaitPosition } from './read-your-writes';

/** Agreements the caller may see, filtered and paged, from the read model. */
export class ListAgreementsQuery extends Query<AgreementPage> {
  constructor(
    readonly actor: Actor,
    readonly filter: Omit<AgreementListFilter, 'visibleToAgency'>,
    readonly page: { readonly limit: number; readonly after?: string },
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery> {
  constructor(@Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel) {}

  async execute({ actor, filter, page, minPosition }: ListAgreementsQuery): Promise<AgreementPage> {
    await awaitPosition(this.readModel, minPosition);
    const seesAll = actor.roles.includes('AUDITOR') || actor.roles.includes('ADMIN');
    return this.readModel.list({ ...filter, ...(seesAll ? {} : { visibleToAgency: actor.agencyId }) }, page);
  }
}
