import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LIFECYCLE_STATES } from '../../application/agreements/vocabulary';
import { MeDto } from '../identity/me.dto';

/** The workflow version an event was decided on. */
export class HistoryWorkflowDto {
  @ApiProperty({ example: 'nota-kesepahaman' })
  name!: string;

  @ApiProperty({ type: 'integer', example: 2 })
  version!: number;
}

/** One stored event with its envelope, its readable line and its place in the hash chain. */
export class HistoryEntryDto {
  @ApiProperty({ type: 'integer', description: 'The stream revision, from 0' })
  revision!: number;

  @ApiProperty({ example: '42', description: 'Position in the whole log' })
  position!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ example: 'ReviewApproved' })
  type!: string;

  @ApiProperty({ description: 'One line in the language of Accept-Language' })
  summary!: string;

  @ApiProperty({ format: 'date-time', description: 'When the store recorded it' })
  recordedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'When the command was decided' })
  occurredAt!: string;

  @ApiProperty({ type: () => MeDto, description: 'Who acted, as their token said' })
  actor!: MeDto;

  @ApiProperty({ format: 'uuid' })
  correlationId!: string;

  @ApiProperty({ format: 'uuid' })
  causationId!: string;

  @ApiProperty({ format: 'uuid' })
  commandId!: string;

  @ApiProperty({ type: () => HistoryWorkflowDto })
  workflow!: HistoryWorkflowDto;

  @ApiProperty({ type: 'integer' })
  schemaVersion!: number;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event as stored' })
  data!: Record<string, unknown>;

  @ApiProperty({ example: '0'.repeat(64), description: 'SHA-256 of the previous event (64 zeros for the first)' })
  prevHash!: string;

  @ApiProperty({ description: 'hex(sha256(utf8(prevHash + canonicalJson({stream, revision, type, data, metadata}))))' })
  hash!: string;
}

/** A page of an agreement's history, oldest first. */
export class HistoryPageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: () => [HistoryEntryDto] })
  items!: HistoryEntryDto[];

  @ApiPropertyOptional({ type: 'integer', description: 'The `fromRevision` of the next page; absent on the last page' })
  nextRevision?: number;
}

export class FirstInvalidDto {
  @ApiProperty({ type: 'integer' })
  revision!: number;

  @ApiProperty({ example: 'hash mismatch' })
  reason!: string;
}

/** The hash chain recomputed and every event replayed with its actor's rights at the time. */
export class VerificationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  valid!: boolean;

  @ApiProperty({ type: 'integer' })
  checkedEvents!: number;

  @ApiPropertyOptional({ type: () => FirstInvalidDto, description: 'Where the chain or the replay first fails; absent when valid' })
  firstInvalid?: FirstInvalidDto;
}

export class RevisionStateDto {
  @ApiProperty({ type: 'integer' })
  revision!: number;

  @ApiProperty({ enum: LIFECYCLE_STATES })
  state!: string;
}

export class FieldChangeDto {
  @ApiProperty({ example: 'progress.kemendes-pdtt.cleared' })
  path!: string;

  @ApiPropertyOptional({ description: 'The value before (absent: the field did not exist)' })
  before?: unknown;

  @ApiPropertyOptional({ description: 'The value after (absent: the field was removed)' })
  after?: unknown;
}

/** The fields of the agreement that changed between two revisions, both replayed from the log. */
export class AgreementDiffDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: () => RevisionStateDto })
  from!: RevisionStateDto;

  @ApiProperty({ type: () => RevisionStateDto })
  to!: RevisionStateDto;

  @ApiProperty({ type: () => [FieldChangeDto] })
  changes!: FieldChangeDto[];
}

/**
 * One read of an agreement's history, export, verification, past state or diff, or one whole-store
 * verification: the audit of the audit.
 */
export class AuditReadDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: () => MeDto })
  actor!: MeDto;

  @ApiProperty({
    example: '5f0c8f4e-0c7d-4c7e-9d51-0b0c5a0e6d11',
    description: 'The agreement read (a UUID), or `*` for a whole-store verification',
  })
  agreementId!: string;

  @ApiProperty({ enum: ['history', 'export', 'verify', 'state-as-of', 'diff', 'verify-store'] })
  read!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What was asked: revisions, format, page; for `verify-store`, `{ events, broken, outcome: done | cancelled | failed }`',
  })
  detail!: Record<string, unknown>;
}
