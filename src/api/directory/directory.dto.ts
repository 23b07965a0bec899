import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, Matches, ValidateNested } from 'class-validator';
import {
  AGENCY_ID,
  AGENCY_LEVELS,
  AGENCY_TIME_ZONES,
  AGREEMENT_KINDS,
  TEXT_RULES,
  TIME_ZONE_NAMES,
  type AgencyLevel,
  type AgencyTimeZone,
  type AgreementKind,
} from '../../application/agreements/vocabulary';
import { IsCalendarDate, IsSha256, IsText, MayBeLeftOut } from '../validation/validators';

const agencyIdMessage = { message: '$property must be 2 to 64 lower-case letters, digits, dots, dashes or underscores' };

/** An agency's record without its id (`PUT /agencies/:id`). */
export class AgencyChangeDto {
  @ApiProperty({
    example: 'Badan Penelitian dan Pengembangan, Pendidikan dan Pelatihan, dan Informasi',
    maxLength: TEXT_RULES.partyName.maxLength,
  })
  @IsText(TEXT_RULES.partyName)
  name!: string;

  @ApiProperty({ enum: AGENCY_LEVELS })
  @IsIn(AGENCY_LEVELS)
  level!: AgencyLevel;

  @ApiPropertyOptional({ example: 'kemendes-pdtt', description: 'The agency this one is a unit of' })
  @MayBeLeftOut()
  @Matches(AGENCY_ID, agencyIdMessage)
  parentId?: string;

  @ApiProperty({ enum: AGENCY_TIME_ZONES, description: 'WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura' })
  @IsIn(AGENCY_TIME_ZONES)
  timeZone!: AgencyTimeZone;
}

/** A new agency (`POST /agencies`). */
export class AgencyDto extends AgencyChangeDto {
  @ApiProperty({ example: 'balilatfo-kemendes-pdtt' })
  @Matches(AGENCY_ID, agencyIdMessage)
  id!: string;
}

export class GrantorDto {
  @ApiProperty({ example: 'kemendes-pdtt' })
  @Matches(AGENCY_ID, agencyIdMessage)
  agencyId!: string;

  @ApiProperty({ example: 'Menteri', maxLength: TEXT_RULES.position.maxLength })
  @IsText(TEXT_RULES.position)
  position!: string;
}

export class GranteeDto extends GrantorDto {
  @ApiPropertyOptional({ example: 'sekjen', description: 'One official (their token’s subject); absent: whoever holds the position' })
  @IsOptional()
  @IsText(TEXT_RULES.actorId)
  officialId?: string;
}

export class DelegationScopeDto {
  @ApiPropertyOptional({ enum: AGREEMENT_KINDS, isArray: true })
  @MayBeLeftOut()
  @IsArray()
  @ArrayMaxSize(AGREEMENT_KINDS.length)
  @IsIn(AGREEMENT_KINDS, { each: true })
  kinds?: AgreementKind[];

  @ApiPropertyOptional({ description: 'One agreement only' })
  @MayBeLeftOut()
  @Matches(/^[0-9a-fA-F-]{36}$/, { message: 'agreementId must be an agreement id (a UUID)' })
  agreementId?: string;
}

/** A delegation of signing authority (`POST /delegations`). */
export class DelegationDto {
  @ApiProperty({ example: 'sk-menteri-12-2020', description: 'Chosen by the caller, unique in the directory' })
  @Matches(/^[a-z0-9][a-z0-9._-]{1,99}$/, { message: 'id must be 2 to 100 lower-case letters, digits, dots, dashes or underscores' })
  id!: string;

  @ApiProperty({ type: GrantorDto })
  @IsObject({ message: 'grantor must be an object { agencyId, position }' })
  @ValidateNested()
  @Type(() => GrantorDto)
  grantor!: GrantorDto;

  @ApiProperty({ type: GranteeDto })
  @IsObject({ message: 'grantee must be an object { agencyId, position, officialId? }' })
  @ValidateNested()
  @Type(() => GranteeDto)
  grantee!: GranteeDto;

  @ApiProperty({ type: DelegationScopeDto })
  @IsObject({ message: 'scope must be an object { kinds?, agreementId? }' })
  @ValidateNested()
  @Type(() => DelegationScopeDto)
  scope!: DelegationScopeDto;

  @ApiProperty({ example: '12/SK/MENDES/2020', maxLength: TEXT_RULES.delegationRef.maxLength })
  @IsText(TEXT_RULES.delegationRef)
  referenceNumber!: string;

  @ApiProperty({ description: 'SHA-256 of the letter of delegation' })
  @IsSha256()
  letterSha256!: string;

  @ApiProperty({ example: '2020-01-01' })
  @IsCalendarDate()
  validFrom!: string;

  @ApiProperty({ example: '2020-12-31' })
  @IsCalendarDate()
  validUntil!: string;
}

export class RevocationDto {
  @ApiProperty({ maxLength: TEXT_RULES.reason.maxLength })
  @IsText(TEXT_RULES.reason)
  reason!: string;
}

export class AgenciesQueryDto {
  @ApiPropertyOptional({ description: 'Only the units of this agency (those whose parentId it is)' })
  @IsOptional()
  @Matches(AGENCY_ID, agencyIdMessage)
  unitsOf?: string;
}

export class DelegationsQueryDto {
  @ApiPropertyOptional({ description: 'Only delegations granted by or to this agency' })
  @IsOptional()
  @Matches(AGENCY_ID, agencyIdMessage)
  agencyId?: string;
}

/** An agency as the API shows it: its record, its time zone's name, and its units. */
export class AgencyViewDto extends AgencyDto {
  @ApiProperty({ enum: Object.values(TIME_ZONE_NAMES), example: 'WIB' })
  timeZoneName!: string;

  @ApiProperty({ type: [String], description: 'The agencies that are units of this one, by id' })
  unitIds!: string[];
}

/** A delegation as recorded: its grant, when it was recorded, and its revocation if any. */
export class DelegationViewDto extends DelegationDto {
  @ApiProperty({ format: 'date-time' })
  grantedAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  revokedAt?: string;

  @ApiPropertyOptional()
  revocationReason?: string;

  @ApiProperty({ description: 'Whether it is revoked; whether it holds today depends on its validity window, in the grantor’s calendar' })
  revoked!: boolean;
}
