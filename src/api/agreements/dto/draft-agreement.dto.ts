import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { DraftAgreementInput } from '../../../application/agreements/draft-agreement.command';
import { AGREEMENT_KINDS, PARTY_ROLES, type AgreementKind, type PartyRole } from '../../../application/agreements/vocabulary';
import { IsCalendarDate } from '../../validation/validators';

export class PartyDto {
  @ApiProperty({ example: 'kemendes-pdtt', description: 'Agency id, as in officials’ tokens' })
  @Matches(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: 'agencyId must be 2 to 64 lower-case letters, digits, dots, dashes or underscores' })
  agencyId!: string;

  @ApiProperty({ example: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi' })
  @IsString()
  @Length(1, 300)
  name!: string;

  @ApiProperty({ enum: PARTY_ROLES })
  @IsIn(PARTY_ROLES)
  role!: PartyRole;
}

export class TermDto {
  @ApiProperty({ example: '2020-03-10' })
  @IsCalendarDate()
  startDate!: string;

  @ApiProperty({ example: '2024-12-31' })
  @IsCalendarDate()
  endDate!: string;

  @ApiPropertyOptional({ example: 90, description: 'Days before the end date after which renewal can no longer be proposed (default 90)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  noticePeriodDays?: number;
}

export class DraftAgreementDto {
  @ApiProperty({ enum: AGREEMENT_KINDS })
  @IsIn(AGREEMENT_KINDS)
  kind!: AgreementKind;

  @ApiProperty({ example: 'Pengembangan Desa Percontohan' })
  @IsString()
  @Length(1, 500)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  purpose?: string;

  @ApiPropertyOptional({ description: 'The MoU a PKS implements' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiProperty({ type: [PartyDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PartyDto)
  parties!: PartyDto[];

  @ApiProperty({ type: TermDto })
  @ValidateNested()
  @Type(() => TermDto)
  term!: TermDto;

  toInput(): DraftAgreementInput {
    return {
      kind: this.kind,
      title: this.title,
      ...(this.purpose === undefined ? {} : { purpose: this.purpose }),
      ...(this.parentId === undefined ? {} : { parentId: this.parentId.toLowerCase() }),
      parties: this.parties.map(({ agencyId, name, role }) => ({ agencyId, name, role })),
      term: {
        startDate: this.term.startDate,
        endDate: this.term.endDate,
        ...(this.term.noticePeriodDays === undefined ? {} : { noticePeriodDays: this.term.noticePeriodDays }),
      },
    };
  }
}
