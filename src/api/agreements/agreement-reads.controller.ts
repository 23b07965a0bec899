import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetAgreementQuery } from '../../application/read-models/get-agreement.query';
import { ListAgreementsQuery } from '../../application/read-models/list-agreements.query';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { agreementIdPipe } from '../http/agreement-id.pipe';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { ListAgreementsDto, ReadYourWritesDto } from './dto/agreement-queries.dto';
import { AGREEMENT_CONTEXT_MAP_VALUES, AgreementDetailDto, AgreementPageDto } from './dto/agreement-views.dto';

/** Agreements as the read model has them (officials see their agency's, auditors and admins all). */
@ApiTags('agreements')
@ApiExtraModels(...AGREEMENT_CONTEXT_MAP_VALUES)
@Controller('agreements')
export class AgreementReadsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Agreements the caller may see, newest first; filters state, kind, agencyId, parentId, q; paged with `after`' })
  @ApiOkResponse({ type: AgreementPageDto })
  @ApiProblems(400, 401, 403, 429, 503)
  list(@CurrentActor() actor: Actor, @Query() query: ListAgreementsDto) {
    const { state, kind, agencyId, parentId, q, limit, after } = query;
    return this.queries.execute(
      new ListAgreementsQuery(
        actor,
        {
          ...(state ? { states: state } : {}),
          ...(kind ? { kind } : {}),
          ...(agencyId ? { agencyId } : {}),
          ...(parentId ? { parentId: parentId.toLowerCase() } : {}),
          ...(q ? { q } : {}),
        },
        { limit, ...(after ? { after } : {}) },
        query.position(),
      ),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One agreement: parties and their progress, term, parent and children, numbers, locations, and the actions open to the caller',
  })
  @ApiOkResponse({ type: AgreementDetailDto })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  get(@CurrentActor() actor: Actor, @Param('id', agreementIdPipe) id: string, @Query() query: ReadYourWritesDto) {
    return this.queries.execute(new GetAgreementQuery(actor, id.toLowerCase(), query.position()));
  }
}
