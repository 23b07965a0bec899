import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DraftAgreementCommand } from '../../application/agreements/draft-agreement.command';
import { GetAgreementStateQuery } from '../../application/agreements/get-agreement-state.query';
import { PerformAgreementActionCommand } from '../../application/agreements/perform-action.command';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CommandMetricsInterceptor } from '../metrics/command-metrics.interceptor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { agreementIdPipe } from '../http/agreement-id.pipe';
import { commandResponse, etagOf, parseIdempotencyKey, parseIfMatch } from '../http/command-headers';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { createValidationPipe } from '../validation/validation-options';
import { ACTION_BODIES, EmptyBody, type ActionBody } from './dto/action-bodies.dto';
import { AGREEMENT_CONTEXT_MAP_VALUES, AgreementStateDto } from './dto/agreement-views.dto';
import { COMMAND_RESULT_HEADERS, CommandResultDto } from './dto/command-result.dto';
import { DraftAgreementDto } from './dto/draft-agreement.dto';
import { StateQueryDto } from './dto/state-query.dto';

const bodyValidation = createValidationPipe();

/** The validated body of an action: its DTO, or for actions without input, nothing but `{}`. */
async function validActionBody(bodyType: new () => ActionBody, body: unknown): Promise<ActionBody> {
  if (bodyType === EmptyBody) {
    const fields =
      body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : body === undefined ? [] : undefined;
    if (!fields) throw new BadRequestException('The body must be a JSON object');
    if (fields.length > 0) throw new BadRequestException(fields.map((field) => `property ${field} should not exist`));
    return new EmptyBody();
  }
  return (await bodyValidation.transform(body ?? {}, { type: 'body', metatype: bodyType })) as ActionBody;
}

@ApiTags('agreements')
@ApiExtraModels(...new Set(Object.values(ACTION_BODIES)), ...AGREEMENT_CONTEXT_MAP_VALUES)
@Controller('agreements')
export class AgreementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(201)
  @UseInterceptors(CommandMetricsInterceptor)
  @ApiOperation({ summary: 'Draft a new agreement; the caller’s agency must be one of the parties' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({
    type: CommandResultDto,
    headers: { ...COMMAND_RESULT_HEADERS, Location: { description: 'The new agreement: `/agreements/:id`', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 413, 415, 422, 429, 503)
  async draft(
    @CurrentActor() actor: Actor,
    @Body() body: DraftAgreementDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.execute(new DraftAgreementCommand(actor, body.toInput(), parseIdempotencyKey(idempotencyKey)));
    void reply.header('location', `/agreements/${result.id}`);
    return commandResponse(reply, result);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @UseInterceptors(CommandMetricsInterceptor)
  @ApiOperation({ summary: 'Perform an action of the agreement’s workflow (see GET /workflows/:name/:version)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the agreement the caller decided on; 412 if it moved on' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: { oneOf: [...new Set(Object.values(ACTION_BODIES))].map((body) => ({ $ref: getSchemaPath(body) })) } })
  @ApiOkResponse({ type: CommandResultDto, headers: COMMAND_RESULT_HEADERS })
  @ApiProblems(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503)
  async act(
    @CurrentActor() actor: Actor,
    @Param('id', agreementIdPipe) id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const bodyType = Object.hasOwn(ACTION_BODIES, action) ? ACTION_BODIES[action] : undefined;
    if (!bodyType) throw new NotFoundException(`There is no action ${action}`);
    const payload = await validActionBody(bodyType, body);
    const result = await this.commands.execute(
      new PerformAgreementActionCommand(
        actor,
        id.toLowerCase(),
        action,
        payload.toPayload(),
        parseIfMatch(ifMatch),
        parseIdempotencyKey(idempotencyKey),
      ),
    );
    return commandResponse(reply, result);
  }

  @Get(':id/state')
  @ApiOperation({ summary: 'The agreement replayed from the event log, now or as of a revision or an instant' })
  @ApiOkResponse({
    type: AgreementStateDto,
    headers: { ETag: { description: 'The revision replayed to, e.g. `"3"`', schema: { type: 'string' } } },
  })
  @ApiProblems(400, 401, 403, 404, 429, 503)
  async state(
    @CurrentActor() actor: Actor,
    @Param('id', agreementIdPipe) id: string,
    @Query() query: StateQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const view = await this.queries.execute(new GetAgreementStateQuery(actor, id.toLowerCase(), query.toLimit()));
    void reply.header('etag', etagOf(view.revision));
    return view;
  }
}
