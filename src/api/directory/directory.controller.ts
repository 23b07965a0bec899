import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  GetAgencyQuery,
  GetDelegationQuery,
  GrantDelegationCommand,
  ListAgenciesQuery,
  ListDelegationsQuery,
  RevokeDelegationCommand,
  SaveAgencyCommand,
  VerifyDirectoryQuery,
  type DirectoryResult,
} from '../../application/directory/directory.use-cases';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { etagOf } from '../http/command-headers';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import {
  AgenciesQueryDto,
  AgencyChangeDto,
  AgencyDto,
  AgencyViewDto,
  DelegationDto,
  DelegationsQueryDto,
  DelegationViewDto,
  RevocationDto,
} from './directory.dto';

/** The headers of a change to the directory (see `directoryResponse`). */
const CHANGE_HEADERS = {
  ETag: { description: 'The revision of the directory stream after the change, e.g. `"3"`', schema: { type: 'string' } },
  'X-Event-Position': { description: 'The event position of the stream’s last event after the change', schema: { type: 'string' } },
};

/** A change to the directory answers with the entry, the stream's revision as ETag, and the global position. */
function directoryResponse<T extends object>(reply: FastifyReply, result: DirectoryResult<T>) {
  void reply.header('etag', etagOf(result.change.revision));
  if (result.change.position !== undefined) void reply.header('x-event-position', result.change.position.toString());
  return result.view;
}

@ApiTags('directory')
@Controller()
export class DirectoryController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('agencies')
  @ApiOperation({ summary: 'The directory of agencies: level, the agency each is a unit of, time zone' })
  @ApiOkResponse({ type: AgencyViewDto, isArray: true })
  @ApiProblems(400, 401, 403, 429, 503)
  listAgencies(@Query() query: AgenciesQueryDto) {
    return this.queries.execute(new ListAgenciesQuery(query.unitsOf));
  }

  @Get('agencies/:id')
  @ApiOperation({ summary: 'One agency, with its units' })
  @ApiOkResponse({ type: AgencyViewDto })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  getAgency(@Param('id') id: string) {
    return this.queries.execute(new GetAgencyQuery(id));
  }

  @Post('agencies')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an agency (ADMIN)' })
  @ApiCreatedResponse({
    type: AgencyViewDto,
    headers: { ...CHANGE_HEADERS, Location: { description: '`/agencies/:id`', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 409, 413, 415, 422, 429, 503)
  async registerAgency(@CurrentActor() actor: Actor, @Body() body: AgencyDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { id, name, level, parentId, timeZone } = body;
    const result = await this.commands.execute(
      new SaveAgencyCommand(actor, { id, name, level, ...(parentId === undefined ? {} : { parentId }), timeZone }, 'register'),
    );
    void reply.header('location', `/agencies/${id}`);
    return directoryResponse(reply, result);
  }

  @Put('agencies/:id')
  @ApiOperation({ summary: 'Change an agency’s record (ADMIN); its id stays' })
  @ApiOkResponse({ type: AgencyViewDto, headers: CHANGE_HEADERS })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
  async changeAgency(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: AgencyChangeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { name, level, parentId, timeZone } = body;
    return directoryResponse(
      reply,
      await this.commands.execute(
        new SaveAgencyCommand(actor, { id, name, level, ...(parentId === undefined ? {} : { parentId }), timeZone }, 'change'),
      ),
    );
  }

  @Get('delegations')
  @ApiOperation({ summary: 'Delegations of signing authority the caller may see (auditors and admins: all)' })
  @ApiOkResponse({ type: DelegationViewDto, isArray: true })
  @ApiProblems(400, 401, 403, 429, 503)
  listDelegations(@CurrentActor() actor: Actor, @Query() query: DelegationsQueryDto) {
    return this.queries.execute(new ListDelegationsQuery(actor, query.agencyId));
  }

  @Get('delegations/:id')
  @ApiOperation({ summary: 'One delegation, with its revocation if any' })
  @ApiOkResponse({ type: DelegationViewDto })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  getDelegation(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.queries.execute(new GetDelegationQuery(actor, id));
  }

  @Post('delegations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a delegation (surat kuasa, pelimpahan wewenang): ADMIN, or COORDINATOR of the granting agency' })
  @ApiCreatedResponse({
    type: DelegationViewDto,
    headers: { ...CHANGE_HEADERS, Location: { description: '`/delegations/:id`', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 409, 413, 415, 422, 429, 503)
  async grantDelegation(@CurrentActor() actor: Actor, @Body() body: DelegationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const { grantor, grantee, scope } = body;
    const result = await this.commands.execute(
      new GrantDelegationCommand(actor, {
        id: body.id,
        grantor: { agencyId: grantor.agencyId, position: grantor.position },
        grantee: {
          agencyId: grantee.agencyId,
          position: grantee.position,
          ...(grantee.officialId === undefined ? {} : { officialId: grantee.officialId }),
        },
        scope: {
          ...(scope.kinds === undefined ? {} : { kinds: scope.kinds }),
          ...(scope.agreementId === undefined ? {} : { agreementId: scope.agreementId.toLowerCase() }),
        },
        referenceNumber: body.referenceNumber,
        letterSha256: body.letterSha256,
        validFrom: body.validFrom,
        validUntil: body.validUntil,
      }),
    );
    void reply.header('location', `/delegations/${body.id}`);
    return directoryResponse(reply, result);
  }

  @Post('delegations/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a delegation from now on: signatures given before stay valid' })
  @ApiOkResponse({ type: DelegationViewDto, headers: CHANGE_HEADERS })
  @ApiProblems(400, 401, 403, 404, 409, 413, 415, 422, 429, 503)
  async revokeDelegation(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: RevocationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return directoryResponse(reply, await this.commands.execute(new RevokeDelegationCommand(actor, id, body.reason)));
  }

  @Get('directory/verify')
  @ApiOperation({ summary: 'Recompute the hash chains of the directory’s streams (AUDITOR, ADMIN)' })
  verify(@CurrentActor() actor: Actor) {
    return this.queries.execute(new VerifyDirectoryQuery(actor));
  }
}
