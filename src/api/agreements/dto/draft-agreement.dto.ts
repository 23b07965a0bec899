import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { DraftAgreementInput } from '../../../application/agreements/draft-agreement.command';
import { AGREEMENT_KINDS, PARTY_ROLES, TEXT_RULES, type AgreementKind, type PartyRole } from '../../../application/agreements/vocabulary';
import { IsCalendarDate, IsText, MayBeLeftOut } from '../../validation/validators';

export class PartyDto {
  @ApiProperty({ example: 'kemendes-pdtt', description: 'Agency id, as in officials’ tokens' })
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'agencyId must be 2 to 64 lower-case letters, digits, dots, dashes or underscores' })
  agencyId!: string;

  @ApiProperty({ example: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi', maxLength: TEXT_RULES.partyName.maxLength })
  @IsText(TEXT_RULES.partyName)
  name!: string;

  @ApiProperty({ enum: PARTY_ROLES })
  @IsIn(PARTY_ROLES)
  role!: PartyRole;

  @ApiPropertyOptional({
    description:
      'Workflow version 2: the cooperation burdens this regional party’s budget, so its DPRD must approve before signing opens (PP 28/2018)',
  })
  @MayBeLeftOut()
  @IsBoolean()
  dprdApprovalRequired?: boolean;
}

export class TermDto {
  @ApiProperty({ example: '2020-03-10' })
  @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ example: '2024-12-31' })
  @IsCalendarDate()
  endDate!: string;

  @ApiPropertyOptional({ example: 90, description: 'Days before the end date after which renewal can no longer be proposed (default 90)' })
  @MayBeLeftOut()
  @IsInt()
  @Min(0)
  @Max(3650)
  noticePeriodDays?: number;

  @ApiPropertyOptional({
    enum: [3, 6, 12],
    description: 'Workflow version 2: months per implementation reporting period (quarter, semester, year); without it, no reports are due',
  })
  @MayBeLeftOut()
  @IsIn([3, 6, 12])
  reportingPeriodMonths?: number;
}

export class DraftAgreementDto {
  @ApiProperty({ enum: AGREEMENT_KINDS })
  @IsIn(AGREEMENT_KINDS)
  kind!: AgreementKind;

  @ApiProperty({ example: 'Pengembangan Desa Percontohan', maxLength: TEXT_RULES.title.maxLength, description: 'One line of plain text' })
  @IsText(TEXT_RULES.title)
  title!: string;

  @ApiPropertyOptional({ maxLength: TEXT_RULES.purpose.maxLength, description: 'Plain text; line feeds and tabs allowed' })
  @IsOptional()
  @IsText(TEXT_RULES.purpose)
  purpose?: string;

  @ApiPropertyOptional({ description: 'The MoU a PKS implements' })
  @MayBeLeftOut()
  @IsUUID()
  parentId?: string;

  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'parties must be a list of objects { agencyId, name, role }' })
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties!: PartyDto[];

  // Required: without IsObject, a missing term (or an array) would pass ValidateNested unchecked.
  @ApiProperty({ type: TermDto })
  @IsObject({ message: 'term must be an object { startDate, endDate, noticePeriodDays?, reportingPeriodMonths? }' })
  @ValidateNested()
  @Type(() => TermDto)
  term!: TermDto;

  toInput(): DraftAgreementInput {
    return {
      kind: this.kind,
      title: this.title,
      ...(this.purpose === undefined ? {} : { purpose: this.purpose }),
      ...(this.parentId === undefined ? {} : { parentId: this.parentId.toLowerCase() }),
      parties: this.parties.map(({ agencyId, name, role, dprdApprovalRequired }) => ({
        agencyId,
        name,
        role,
        ...(dprdApprovalRequired === undefined ? {} : { dprdApprovalRequired }),
      })),
      term: {
        startDate: this.term.startDate,
        endDate: this.term.endDate,
        ...(this.term.noticePeriodDays === undefined ? {} : { noticePeriodDays: this.term.noticePeriodDays }),
        ...(this.term.reportingPeriodMonths === undefined ? {} : { reportingPeriodMonths: this.term.reportingPeriodMonths }),
      },
    };
  }
}
