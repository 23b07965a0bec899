import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { actingAgencyIds } from '../../domain/directory/agency';
import { awaitPosition } from './read-your-writes';
import { DirectoryRepository } from '../directory/directory-repository';
import { AGREEMENT_READ_MODEL, type AgreementReadModel, type AgreementSummary } from '../ports/agreement-read-model.port';
import type { Actor } from '../ports/token-verifier.port';

/** At most this many MoUs per acting agency: a picker, not a report. */
const PER_AGENCY = 200;

/**
 * The MoUs in force under which the caller's agency may draft a PKS: those its own agency is party
 * to, and those of every agency it is a unit of (Balilatfo drafts under Kemendes PDTT's MoU). The
 * same agencies the drafting decision accepts (`actingAgencyIds`), so the picker offers no parent
 * the API would refuse. One indexed read per agency of the chain, not a scan.
 */
export class ListParentCandidatesQuery extends Query<AgreementSummary[]> {
  constructor(
    readonly actor: Actor,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(ListParentCandidatesQuery)
export class ListParentCandidatesHandler implements IQueryHandler<ListParentCandidatesQuery> {
  constructor(
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
    private readonly directory: DirectoryRepository,
  ) {}

  async execute({ actor, minPosition }: ListParentCandidatesQuery): Promise<AgreementSummary[]> {
    await awaitPosition(this.readModel, minPosition);
    const directory = await this.directory.agenciesAround([actor.agencyId]);
    const found = new Map<string, AgreementSummary>();
    for (const agencyId of actingAgencyIds(directory, actor.agencyId)) {
      const page = await this.readModel.list(
        { kind: 'NOTA_KESEPAHAMAN', states: ['active'], visibleToAgency: agencyId },
        { limit: PER_AGENCY },
      );
      for (const item of page.items) found.set(item.id, item);
    }
    return [...found.values()].sort((a, b) => a.title.localeCompare(b.title, 'id'));
  }
}
