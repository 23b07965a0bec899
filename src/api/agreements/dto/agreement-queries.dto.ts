import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { AGREEMENT_KINDS, LIFECYCLE_STATES, TEXT_RULES } from '../../../application/agreements/vocabulary';
import { IsText } from '../../validation/validators';
import { IsDecimalInteger } from '../../validation/decimal-integer';

/** `?minPosition=`: the `X-Event-Position` of a command whose effect the caller wants to see. */
export class ReadYourWritesDto {
  @ApiPropertyOptional({ description: 'Wait (up to 2 s) until the read model has applied this position; 503 otherwise' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'minPosition must be an event position (X-Event-Position)' })
  minPosition?: string;

  position(): bigint | undefined {
    return this.minPosition === undefined ? undefined : BigInt(this.minPosition);
  }
}

export class ListAgreementsDto extends ReadYourWritesDto {
  @ApiPropertyOptional({ description: 'One or more lifecycle states, comma-separated', example: 'inReview,signing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value))
  @IsArray()
  @IsIn(LIFECYCLE_STATES, { each: true })
  state?: string[];

  @ApiPropertyOptional({ enum: AGREEMENT_KINDS })
  @IsOptional()
  @IsIn(AGREEMENT_KINDS)
  kind?: string;

  @ApiPropertyOptional({ description: 'Agreements this agency is a party to' })
  @IsOptional()
  @IsText(TEXT_RULES.agencyId)
  agencyId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'Words of the title' })
  @IsOptional()
  @IsText({ maxLength: 200, multiline: false })
  q?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @IsDecimalInteger(1, 200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'The `next` of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'after must be the next value of a previous page' })
  after?: string;
}
