import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  AGENCY_TIME_ZONES,
  AGREEMENT_KINDS,
  DOCUMENT_TYPES,
  LIFECYCLE_STATES,
  PARTY_ROLES,
  REPORTING_PERIOD_MONTHS,
  REVIEW_TIERS,
  SIGNING_CAPACITIES,
} from '../../../application/agreements/vocabulary';
import { LocationDto } from './action-bodies.dto';
import { PartyDto } from './draft-agreement.dto';

/*
 * The answers of the agreement reads (GET /agreements, /agreements/:id, /agreements/:id/state), for
 * the OpenAPI document only: the controllers return the application's views, and an e2e test
 * checks real answers against these schemas.
 */

export class PartySummaryDto {
  @ApiProperty({ example: 'kemendes-pdtt' })
  agencyId!: string;

  @ApiProperty({ example: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi' })
  name!: string;

  @ApiProperty({ enum: PARTY_ROLES })
  role!: string;
}

/** The term as lists show it (columns of the read model). */
export class TermDatesDto {
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2020-03-10' })
  startDate!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2024-12-31' })
  endDate!: string | null;
}

/** One agreement as lists show it. */
export class AgreementSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: AGREEMENT_KINDS })
  kind!: string;

  @ApiProperty({ example: 'Pengembangan Desa Percontohan' })
  title!: string;

  @ApiProperty({ enum: LIFECYCLE_STATES })
  state!: string;

  @ApiProperty({ example: 'amending.signing', description: 'The nested state, e.g. `amending.signing`' })
  detailedState!: string;

  @ApiProperty({ example: 'nota-kesepahaman@2', description: 'The workflow version the agreement follows: `name@version`' })
  workflow!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The MoU a PKS implements' })
  parentId!: string | null;

  @ApiProperty({ type: () => TermDatesDto })
  term!: TermDatesDto;

  @ApiProperty({ type: () => [PartySummaryDto] })
  parties!: PartySummaryDto[];

  @ApiProperty({ type: 'integer', example: 3, description: 'The stream revision of the last event applied (the ETag of its commands)' })
  revision!: number;

  @ApiProperty({ example: '42', description: 'The event position of that event (decimal digits)' })
  position!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  lastChangeAt!: string;
}

export class AgreementPageDto {
  @ApiProperty({ type: () => [AgreementSummaryDto] })
  items!: AgreementSummaryDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last page' })
  next?: string;
}

/** The term as the agreement holds it: the default notice period filled in. */
export class AgreementTermDto {
  @ApiProperty({ format: 'date', example: '2020-03-10' })
  startDate!: string;

  @ApiProperty({ format: 'date', example: '2024-12-31' })
  endDate!: string;

  @ApiProperty({ type: 'integer', example: 90, description: 'Days before the end date after which renewal can no longer be proposed' })
  noticePeriodDays!: number;

  @ApiPropertyOptional({ enum: REPORTING_PERIOD_MONTHS, description: 'Version 2: months per implementation reporting period' })
  reportingPeriodMonths?: number;
}

export class AttachedDocumentDto {
  @ApiProperty({ enum: DOCUMENT_TYPES })
  documentType!: string;

  @ApiProperty({ description: 'SHA-256 of the document (hex)' })
  sha256!: string;

  @ApiProperty({ example: 'draft-nk-desa-percontohan.pdf' })
  name!: string;
}

export class SignatureDto {
  @ApiProperty({ description: 'SHA-256 of the document signed' })
  documentHash!: string;

  @ApiProperty({ example: 'Anwar Sanusi' })
  signatoryName!: string;

  @ApiProperty({ enum: SIGNING_CAPACITIES })
  capacity!: string;

  @ApiPropertyOptional({ example: 'SK Menteri 12/2020', description: 'The delegation signed under (its reference number)' })
  delegationRef?: string;

  @ApiPropertyOptional({ example: 'sk-menteri-12-2020', description: 'Version 2: the id of the recorded delegation signed under' })
  delegationId?: string;
}

export class RegistryNumberDto {
  @ApiProperty({ example: '01/NK/BLM/III/2020' })
  number!: string;

  @ApiProperty({ format: 'date' })
  date!: string;
}

/** Where one party stands. */
export class PartyProgressDto {
  @ApiProperty({ enum: REVIEW_TIERS, isArray: true, description: 'Review tiers the party has cleared, in order' })
  cleared!: string[];

  @ApiProperty({ description: 'Whether the party has confirmed the proposed locations' })
  locationsConfirmed!: boolean;

  @ApiPropertyOptional({ type: () => SignatureDto })
  signature?: SignatureDto;

  @ApiPropertyOptional({ type: () => RegistryNumberDto, description: 'The party’s registry number of the signed agreement' })
  registry?: RegistryNumberDto;
}

export class AmendmentDto {
  @ApiProperty({ example: 'Penambahan lokus Kecamatan Tabukan' })
  summary!: string;

  @ApiProperty({ description: 'SHA-256 of the amendment document' })
  documentHash!: string;
}

export class TerminationDto {
  @ApiProperty()
  reason!: string;

  @ApiProperty({ format: 'date' })
  effectiveDate!: string;
}

export class ChangeRequestDto {
  @ApiProperty({ description: 'The party that asked for changes' })
  agencyId!: string;

  @ApiProperty()
  reason!: string;
}

/** Version 2: a regional party's DPRD decision. */
export class DprdDecisionDto {
  @ApiProperty({ example: '12/DPRD/2020' })
  number!: string;

  @ApiProperty({ format: 'date' })
  date!: string;

  @ApiProperty({ description: 'SHA-256 of the decision document' })
  documentHash!: string;
}

/** Version 2: an implementation report filed. */
export class FiledReportDto {
  @ApiProperty()
  agencyId!: string;

  @ApiProperty({ example: '2020-S1' })
  period!: string;

  @ApiProperty({ description: 'SHA-256 of the report document' })
  documentHash!: string;

  @ApiProperty()
  summary!: string;
}

/**
 * Everything the workflow knows about the agreement, folded from its events. `progress` and
 * `dprdApprovals` are maps by agency id: their value schemas are named only by a `$ref`, so a
 * controller answering this registers them ({@link AGREEMENT_CONTEXT_MAP_VALUES}).
 */
export class AgreementContextDto {
  @ApiProperty({ format: 'uuid' })
  agreementId!: string;

  @ApiProperty({ enum: AGREEMENT_KINDS })
  kind!: string;

  @ApiProperty()
  title!: string;

  @ApiPropertyOptional()
  purpose?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The MoU a PKS implements' })
  parentId?: string;

  @ApiProperty({ type: () => [PartyDto] })
  parties!: PartyDto[];

  @ApiProperty({ type: () => AgreementTermDto })
  term!: AgreementTermDto;

  @ApiProperty({ type: () => [AttachedDocumentDto] })
  documents!: AttachedDocumentDto[];

  @ApiPropertyOptional({ description: 'The document under review: the latest DRAFT, or the amendment’s document while amending' })
  draftHash?: string;

  @ApiPropertyOptional({ description: 'The document every party’s legal reviewer cleared; signatures must cover it' })
  clearedHash?: string;

  @ApiPropertyOptional({ description: 'The document last executed (signed by all parties)' })
  executedHash?: string;

  @ApiProperty({ type: 'integer', description: '0 until executed, 1 once executed, +1 per executed amendment' })
  version!: number;

  @ApiPropertyOptional({ format: 'date' })
  effectiveDate?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(PartyProgressDto) },
    description: 'Each party’s progress, by agency id',
  })
  progress!: Record<string, PartyProgressDto>;

  @ApiPropertyOptional({ type: () => [LocationDto] })
  proposedLocations?: LocationDto[];

  @ApiPropertyOptional({ type: () => [LocationDto], description: 'The locations every party confirmed' })
  fixedLocations?: LocationDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(DprdDecisionDto) },
    description: 'Version 2: each party’s DPRD decision, by agency id',
  })
  dprdApprovals?: Record<string, DprdDecisionDto>;

  @ApiPropertyOptional({ type: () => [FiledReportDto], description: 'Version 2: implementation reports filed, in order' })
  reports?: FiledReportDto[];

  @ApiPropertyOptional({ type: () => AmendmentDto, description: 'The amendment under way' })
  amendment?: AmendmentDto;

  @ApiPropertyOptional({ type: () => TerminationDto })
  termination?: TerminationDto;

  @ApiPropertyOptional()
  withdrawalReason?: string;

  @ApiPropertyOptional({ type: () => ChangeRequestDto })
  lastChangeRequest?: ChangeRequestDto;
}

/** The schemas only the context's maps name (`additionalProperties`): register them with `@ApiExtraModels`. */
export const AGREEMENT_CONTEXT_MAP_VALUES = [PartyProgressDto, DprdDecisionDto];

export class ChildAgreementDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ enum: LIFECYCLE_STATES })
  state!: string;
}

/** Version 2: the parties whose DPRD must decide, and those whose decision is not recorded yet. */
export class DprdStatusDto {
  @ApiProperty({ type: [String] })
  required!: string[];

  @ApiProperty({ type: [String] })
  missing!: string[];
}

export class DueReportDto {
  @ApiProperty()
  agencyId!: string;

  @ApiProperty({ example: '2020-S2' })
  period!: string;

  @ApiProperty({ format: 'date', description: 'The last day of the period: the report is due once it has passed' })
  periodEnd!: string;
}

/** Version 2: monitoring and evaluation as of today. */
export class MonitoringDto {
  @ApiProperty({ enum: REPORTING_PERIOD_MONTHS })
  reportingPeriodMonths!: number;

  @ApiProperty({ type: () => [DueReportDto], description: 'The reports each party owes' })
  due!: DueReportDto[];

  @ApiProperty({ type: () => [FiledReportDto] })
  filed!: FiledReportDto[];
}

/** A date that moves the agreement: read in its first party's time zone. */
export class DeadlineDto {
  @ApiProperty({
    enum: ['notice', 'expiry', 'termination', 'review', 'signing', 'report'],
    description:
      '`notice`: from this date renewal and notice are refused (the day after the end date minus the notice period); `expiry`: the day after the end date; `termination`: the effective date of a notice; `review`, `signing`: the step it waits in, overdue from `dueAt` (its start plus STEP_OVERDUE_DAYS); `report`: the next monitoring report (version 2), due from the day after its period ends',
  })
  kind!: string;

  @ApiProperty({ example: '2025-03-10', description: 'Due from the start (00:00) of this date in `timeZone`' })
  dueDate!: string;

  @ApiProperty({ enum: AGENCY_TIME_ZONES, description: 'The first party’s zone in the agency directory; Asia/Jakarta (WIB) when unknown' })
  timeZone!: string;

  @ApiProperty({ example: '2025-03-09T17:00:00.000Z', description: 'The same moment as an instant' })
  dueAt!: string;

  @ApiPropertyOptional({ enum: ['expire', 'terminate'], description: 'What the scheduler (`sepakat-scheduler`) records once it is due' })
  action?: string;

  @ApiProperty({ description: 'Passed and not yet acted on' })
  due!: boolean;

  @ApiPropertyOptional({ example: '2025-Q1', description: 'A `report`: the reporting period' })
  period?: string;

  @ApiPropertyOptional({ type: [String], description: 'A `report`: the parties that have not filed it yet' })
  agencyIds?: string[];
}

/** One agreement from the read model, with its children and what the caller can do now. */
export class AgreementDetailDto extends AgreementSummaryDto {
  @ApiProperty({ type: () => AgreementContextDto })
  agreement!: AgreementContextDto;

  @ApiProperty({ type: () => [ChildAgreementDto], description: 'The PKS implementing this MoU, oldest first' })
  children!: ChildAgreementDto[];

  @ApiProperty({
    type: [String],
    example: ['attach-document', 'submit-for-review', 'withdraw'],
    description: 'Actions the caller could take now',
  })
  availableActions!: string[];

  @ApiProperty({ type: () => [DeadlineDto], description: 'The dates that move it, soonest first (issue 17)' })
  deadlines!: DeadlineDto[];

  @ApiPropertyOptional({ type: () => DprdStatusDto, description: 'Version 2: present when a party needs a DPRD decision' })
  dprd?: DprdStatusDto;

  @ApiPropertyOptional({ type: () => MonitoringDto, description: 'Version 2: present when the term sets a reporting period' })
  monitoring?: MonitoringDto;
}

export class WorkflowRefDto {
  @ApiProperty({ example: 'nota-kesepahaman' })
  name!: string;

  @ApiProperty({ type: 'integer', example: 2 })
  version!: number;
}

/** The agreement replayed from the event log (GET /agreements/:id/state). */
export class AgreementStateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer' })
  revision!: number;

  @ApiProperty({ enum: LIFECYCLE_STATES })
  state!: string;

  @ApiProperty({ example: 'amending.signing' })
  detailedState!: string;

  @ApiProperty({ type: () => WorkflowRefDto })
  workflow!: WorkflowRefDto;

  @ApiProperty({ format: 'date-time', description: 'When the last event replayed was recorded' })
  asOf!: string;

  @ApiProperty({ type: () => AgreementContextDto })
  agreement!: AgreementContextDto;

  @ApiPropertyOptional({ type: [String], description: 'Actions the caller could take now; only when replayed to the latest revision' })
  availableActions?: string[];
}
