import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { AGREEMENT_KINDS, LIFECYCLE_STATES } from '../../application/agreements/vocabulary';
import { ReadYourWritesDto } from '../agreements/dto/agreement-queries.dto';
import { IsDecimalInteger } from '../validation/decimal-integer';

export class InboxPageDto extends ReadYourWritesDto {
  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @IsDecimalInteger(1, 500)
  limit: number = 100;

  @ApiPropertyOptional({ description: 'From the `Link: <…>; rel="next"` header of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,400}$/, { message: 'after must be the next value of a previous page' })
  after?: string;
}

/** A step waiting for the caller (one item of GET /inbox). */
export class OverdueStepDto {
  @ApiProperty({ enum: ['review', 'signing'] })
  step!: string;

  @ApiProperty({ format: 'date-time', description: 'When the step began' })
  since!: string;

  @ApiProperty({ format: 'date-time', description: 'When it became overdue' })
  overdueSince!: string;
}

export class InboxItemDto {
  @ApiProperty({ format: 'uuid' })
  agreementId!: string;

  @ApiProperty({ example: 'Pengembangan Desa Percontohan' })
  title!: string;

  @ApiProperty({ enum: AGREEMENT_KINDS })
  kind!: string;

  @ApiProperty({ enum: LIFECYCLE_STATES })
  state!: string;

  @ApiProperty({ type: [String], example: ['approve-review'], description: 'What the caller can do now, in the workflow’s order' })
  actions!: string[];

  @ApiProperty({ format: 'date-time', description: 'When the agreement last changed: how long it has been waiting' })
  waitingSince!: string;

  @ApiPropertyOptional({
    type: () => OverdueStepDto,
    description: 'Present when its review or signing has waited longer than that step may (STEP_OVERDUE_DAYS)',
  })
  overdue?: OverdueStepDto;
}

export class InboxCountsDto {
  @ApiProperty({ type: 'integer', example: 3, description: 'Agreements waiting for the caller' })
  total!: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 'approve-review': 2, sign: 1 },
    description: 'Agreements waiting per action (one agreement may wait for two actions of the caller)',
  })
  byAction!: Record<string, number>;
}
