import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { DOCUMENT_TYPES, SIGNING_CAPACITIES, TEXT_RULES, type DocumentType, type SigningCapacity } from '../../../application/agreements/vocabulary';
import { IsCalendarDate, IsSha256, IsText } from '../../validation/validators';

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

  @ApiProperty({ example: 'draft-nk-desa-percontohan.pdf', maxLength: TEXT_RULES.documentName.maxLength })
  @IsText(TEXT_RULES.documentName)
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
  @ApiProperty({ maxLength: TEXT_RULES.reason.maxLength, description: 'Plain text; line feeds and tabs allowed' })
  @IsText(TEXT_RULES.reason)
  reason!: string;
}

export class SignBody extends ActionBody {
  @ApiProperty({ description: 'SHA-256 of the document every party cleared' })
  @IsSha256()
  documentHash!: string;

  @ApiProperty({ example: 'Anwar Sanusi', maxLength: TEXT_RULES.signatoryName.maxLength })
  @IsText(TEXT_RULES.signatoryName)
  signatoryName!: string;

  @ApiPropertyOptional({ enum: SIGNING_CAPACITIES, default: 'ORIGINAL' })
  @IsOptional()
  @IsIn(SIGNING_CAPACITIES)
  capacity?: SigningCapacity;

  @ApiPropertyOptional({
    example: 'SK-12/2020',
    description: 'Required when signing on behalf or under delegation. On workflow version 2 it names a recorded delegation by its reference number (or use delegationId)',
    maxLength: TEXT_RULES.delegationRef.maxLength,
  })
  @IsOptional()
  @IsText(TEXT_RULES.delegationRef)
  delegationRef?: string;

  @ApiPropertyOptional({ example: 'sk-menteri-12-2020', description: 'Workflow version 2: the id of the recorded delegation signed under (GET /delegations)' })
  @IsOptional()
  @IsText(TEXT_RULES.identifier)
  delegationId?: string;
}

export class DprdApprovalBody extends ActionBody {
  @ApiProperty({ example: '12/DPRD/2020', description: 'Number of the DPRD decision', maxLength: TEXT_RULES.registryNumber.maxLength })
  @IsText(TEXT_RULES.registryNumber)
  number!: string;

  @ApiProperty({ example: '2020-02-20' })
  @IsCalendarDate()
  date!: string;

  @ApiProperty({ description: 'SHA-256 of the decision document' })
  @IsSha256()
  documentHash!: string;
}

export class ReportBody extends ActionBody {
  @ApiProperty({ example: '2020-S1', description: 'The reporting period: 2020-Q1..Q4, 2020-S1/S2 or 2020, by the term’s reporting period' })
  @IsText(TEXT_RULES.identifier)
  period!: string;

  @ApiProperty({ description: 'SHA-256 of the report document' })
  @IsSha256()
  documentHash!: string;

  @ApiProperty({ maxLength: TEXT_RULES.summary.maxLength, description: 'What was done in the period; line feeds and tabs allowed' })
  @IsText(TEXT_RULES.summary)
  summary!: string;
}

export class ActivateBody extends ActionBody {
  @ApiProperty({ example: '2020-03-10' })
  @IsCalendarDate()
  effectiveDate!: string;
}

export class RegistryNumberBody extends ActionBody {
  @ApiProperty({ example: '01/NK/BLM/III/2020', maxLength: TEXT_RULES.registryNumber.maxLength })
  @IsText(TEXT_RULES.registryNumber)
  number!: string;

  @ApiProperty({ example: '2020-03-10' })
  @IsCalendarDate()
  date!: string;
}

export class LocationDto {
  @ApiProperty({ example: 'Kalimantan Selatan', maxLength: TEXT_RULES.place.maxLength })
  @IsText(TEXT_RULES.place)
  province!: string;

  @ApiProperty({ example: 'Barito Kuala', maxLength: TEXT_RULES.place.maxLength })
  @IsText(TEXT_RULES.place)
  regency!: string;

  @ApiProperty({ example: 'Anjir Pasar', maxLength: TEXT_RULES.place.maxLength })
  @IsText(TEXT_RULES.place)
  district!: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsText(TEXT_RULES.place, { each: true })
  villages?: string[];

  @ApiPropertyOptional({ example: 'KTM Cahaya Baru', maxLength: TEXT_RULES.place.maxLength })
  @IsOptional()
  @IsText(TEXT_RULES.place)
  area?: string;
}

export class LocationsBody extends ActionBody {
  @ApiProperty({ type: [LocationDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'locations must be a list of objects { province, regency, district, villages?, area? }' })
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
  @ApiProperty({ example: 'Penambahan lokus Kecamatan Tabukan', maxLength: TEXT_RULES.summary.maxLength, description: 'Plain text; line feeds and tabs allowed' })
  @IsText(TEXT_RULES.summary)
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
  @ApiProperty({ maxLength: TEXT_RULES.reason.maxLength, description: 'Plain text; line feeds and tabs allowed' })
  @IsText(TEXT_RULES.reason)
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
  'record-dprd-approval': DprdApprovalBody,
  'file-report': ReportBody,
  'migrate-workflow': EmptyBody,
};
