import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { DOCUMENT_TYPES, SIGNING_CAPACITIES, type DocumentType, type SigningCapacity } from '../../../application/agreements/vocabulary';
import { IsCalendarDate, IsSha256 } from '../../validation/validators';

/**
 * The body of each action. `toPayload()` gives the fields of the domain command; a body with any
 * field not declared here is refused (400) by the validation options.
 */
export abstract class ActionBody {
  toPayload(): Record<string, unknown> {
    return { ...(this as object) };
  }
}

/** Actions that take no input: `{}` or no body at all. */
export class EmptyBody extends ActionBody {}

export class AttachDocumentBody extends ActionBody {
  @ApiProperty({ enum: DOCUMENT_TYPES })
  @IsIn(DOCUMENT_TYPES)
  type!: DocumentType;

  @ApiProperty({ example: 'a3f1…', description: 'SHA-256 of the document (the service keeps hashes, not bytes)' })
  @IsSha256()
  sha256!: string;

  @ApiProperty({ example: 'draft-nk-desa-percontohan.pdf' })
  @IsString()
  @Length(1, 300)
  name!: string;

  override toPayload() {
    return { documentType: this.type, sha256: this.sha256, name: this.name };
  }
}

export class DocumentHashBody extends ActionBody {
  @ApiProperty({ description: 'SHA-256 of the document under review' })
  @IsSha256()
  documentHash!: string;
}

export class ReasonBody extends ActionBody {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class SignBody extends ActionBody {
  @ApiProperty({ description: 'SHA-256 of the document every party cleared' })
  @IsSha256()
  documentHash!: string;

  @ApiProperty({ example: 'Anwar Sanusi' })
  @IsString()
  @Length(1, 300)
  signatoryName!: string;

  @ApiPropertyOptional({ enum: SIGNING_CAPACITIES, default: 'ORIGINAL' })
  @IsOptional()
  @IsIn(SIGNING_CAPACITIES)
  capacity?: SigningCapacity;

  @ApiPropertyOptional({ example: 'SK-12/2020', description: 'Required when signing on behalf or under delegation' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  delegationRef?: string;
}

export class ActivateBody extends ActionBody {
  @ApiProperty({ example: '2020-03-10' })
  @IsCalendarDate()
  effectiveDate!: string;
}

export class RegistryNumberBody extends ActionBody {
  @ApiProperty({ example: '01/NK/BLM/III/2020' })
  @IsString()
  @Length(1, 100)
  number!: string;

  @ApiProperty({ example: '2020-03-10' })
  @IsCalendarDate()
  date!: string;
}

export class LocationDto {
  @ApiProperty({ example: 'Kalimantan Selatan' })
  @IsString()
  @Length(1, 200)
  province!: string;

  @ApiProperty({ example: 'Barito Kuala' })
  @IsString()
  @Length(1, 200)
  regency!: string;

  @ApiProperty({ example: 'Anjir Pasar' })
  @IsString()
  @Length(1, 200)
  district!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  villages?: string[];

  @ApiPropertyOptional({ example: 'KTM Cahaya Baru' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  area?: string;
}

export class LocationsBody extends ActionBody {
  @ApiProperty({ type: [LocationDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => LocationDto)
  locations!: LocationDto[];

  override toPayload() {
    return {
      locations: this.locations.map(({ province, regency, district, villages, area }) => ({
        province,
        regency,
        district,
        ...(villages === undefined ? {} : { villages }),
        ...(area === undefined ? {} : { area }),
      })),
    };
  }
}

export class AmendmentBody extends ActionBody {
  @ApiProperty({ example: 'Penambahan lokus Kecamatan Tabukan' })
  @IsString()
  @Length(1, 2000)
  summary!: string;

  @ApiProperty({ description: 'SHA-256 of the amendment document' })
  @IsSha256()
  documentHash!: string;
}

export class RenewBody extends ActionBody {
  @ApiProperty({ example: '2029-12-31' })
  @IsCalendarDate()
  newEndDate!: string;
}

export class TerminationNoticeBody extends ActionBody {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiProperty({ example: '2023-01-01' })
  @IsCalendarDate()
  effectiveDate!: string;
}

/** The body class of every action name of the workflows (a spec checks none is missing). */
export const ACTION_BODIES: Readonly<Record<string, new () => ActionBody>> = {
  'attach-document': AttachDocumentBody,
  'submit-for-review': EmptyBody,
  'approve-review': DocumentHashBody,
  'request-changes': ReasonBody,
  'open-signing': EmptyBody,
  sign: SignBody,
  activate: ActivateBody,
  'assign-registry-number': RegistryNumberBody,
  'propose-locations': LocationsBody,
  'confirm-locations': EmptyBody,
  'propose-amendment': AmendmentBody,
  renew: RenewBody,
  'give-termination-notice': TerminationNoticeBody,
  terminate: EmptyBody,
  expire: EmptyBody,
  withdraw: ReasonBody,
  archive: EmptyBody,
};
