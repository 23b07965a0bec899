import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { InvalidInputError } from '../errors';
import {
  AGREEMENT_READ_MODEL,
  type AgreementListFilter,
  type AgreementPage,
  type AgreementReadModel,
} from '../ports/agreement-read-model.port';
import { PAGE_CURSORS, type PageCursors } from '../ports/page-cursors.port';
import { awaitPosition } from './read-your-writes';

/** What the cursors of this paged read are sealed for. */
const CURSOR_PURPOSE = 'agreements';

/** Agreements the caller may see, filtered and paged, from the read model. */
export class ListAgreementsQuery extends Query<AgreementPage> {
  constructor(
    readonly actor: Actor,
    readonly filter: Omit<AgreementListFilter, 'visibleToAgency'>,
    /** `after`: the `next` of a previous page, as the client received it (sealed). */
    readonly page: { readonly limit: number; readonly after?: string },
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(ListAgreementsQuery)
export class ListAgreementsHandler implements IQueryHandler<ListAgreementsQuery> {
  constructor(
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
    @Inject(PAGE_CURSORS) private readonly cursors: PageCursors,
  ) {}

  async execute({ actor, filter, page, minPosition }: ListAgreementsQuery): Promise<AgreementPage> {
    // A cursor the service did not seal is refused before anything waits or reads: never page one again.
    const after = page.after === undefined ? undefined : this.cursors.open(CURSOR_PURPOSE, page.after);
    if (page.after !== undefined && after === undefined) {
      throw new InvalidInputError('after', 'after must be the next value of a previous page');
    }
    await awaitPosition(this.readModel, minPosition);
    const seesAll = actor.roles.includes('AUDITOR') || actor.roles.includes('ADMIN');
    const found = await this.readModel.list(
      { ...filter, ...(seesAll ? {} : { visibleToAgency: actor.agencyId }) },
      { limit: page.limit, ...(after === undefined ? {} : { after }) },
    );
    return found.next === undefined ? found : { ...found, next: this.cursors.seal(CURSOR_PURPOSE, found.next) };
  }
}
