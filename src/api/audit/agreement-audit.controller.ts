import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DiffAgreementQuery } from '../../application/audit/diff.query';
import { ExportAgreementQuery } from '../../application/audit/export.query';
import { LANGUAGES, type Language } from '../../application/audit/event-summary';
import { GetAgreementHistoryQuery } from '../../application/audit/history.query';
import { ListAuditReadsQuery } from '../../application/audit/audit-reads.query';
import { VerifyAgreementQuery } from '../../application/audit/verify.query';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { answerIn, PreferredLanguage } from '../http/accept-language';
import { agreementIdPipe } from '../http/agreement-id.pipe';
import { AuditReadsQueryDto, DiffQueryDto, ExportQueryDto, HistoryQueryDto } from './audit-queries.dto';
import { AgreementDiffDto, AuditReadDto, HistoryPageDto, VerificationDto } from './audit-views.dto';

/**
 * The auditor's side, read from the event log itself (never from read models). Every read here is
 * recorded in the audit log. Officials of the parties, auditors and administrators may read.
 */
@ApiTags('audit')
@Controller()
export class AgreementAuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('agreements/:id/history')
  @ApiOperation({ summary: 'Every stored event with its full envelope and a readable summary, oldest first, paged' })
  @ApiHeader({
    name: 'Accept-Language',
    required: false,
    description:
      'Language of each `summary`, by RFC 9110 weights: Bahasa Indonesia (`id`, `id-ID`, `in`), the default, or English (`en`, `en-*`)',
    schema: { type: 'string', example: 'en-GB, en;q=0.9, id;q=0.5' },
  })
  @ApiOkResponse({
    type: HistoryPageDto,
    description: 'A page of the history',
    headers: {
      'Content-Language': { description: 'The language of the summaries', schema: { type: 'string', enum: [...LANGUAGES] } },
      Vary: { description: '`Accept-Language`', schema: { type: 'string' } },
    },
  })
  async history(
    @CurrentActor() actor: Actor,
    @Param('id', agreementIdPipe) id: string,
    @Query() query: HistoryQueryDto,
    @PreferredLanguage() language: Language,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const page = await this.queries.execute(
      new GetAgreementHistoryQuery(actor, id.toLowerCase(), query.fromRevision, query.limit, language),
    );
    answerIn(reply, language);
    return page;
  }

  @Get('agreements/:id/verify')
  @ApiOperation({ summary: 'Recompute the hash chain and replay every event with the rights of its actor at the time' })
  @ApiOkResponse({ type: VerificationDto })
  verify(@CurrentActor() actor: Actor, @Param('id', agreementIdPipe) id: string) {
    return this.queries.execute(new VerifyAgreementQuery(actor, id.toLowerCase()));
  }

  @Get('agreements/:id/diff')
  @ApiOperation({ summary: 'The fields of the agreement that changed between two revisions' })
  @ApiOkResponse({ type: AgreementDiffDto })
  diff(@CurrentActor() actor: Actor, @Param('id', agreementIdPipe) id: string, @Query() query: DiffQueryDto) {
    return this.queries.execute(new DiffAgreementQuery(actor, id.toLowerCase(), query.from, query.to));
  }

  @Get('agreements/:id/export')
  @ApiOperation({ summary: 'The history with its hashes as JSON or CSV, verifiable offline (npm run verify-export)' })
  async export(
    @CurrentActor() actor: Actor,
    @Param('id', agreementIdPipe) id: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.queries.execute(new ExportAgreementQuery(actor, id.toLowerCase(), query.format));
    void reply.header('content-type', result.contentType).header('content-disposition', `attachment; filename="${result.filename}"`);
    return result.body;
  }

  @Get('audit/reads')
  @ApiOperation({ summary: 'Who read which agreement’s history, export, verification or past state (auditors and administrators)' })
  @ApiOkResponse({ type: [AuditReadDto], description: 'Newest first' })
  reads(@CurrentActor() actor: Actor, @Query() query: AuditReadsQueryDto) {
    return this.queries.execute(new ListAuditReadsQuery(actor, query.agreementId?.toLowerCase(), query.limit));
  }
}
