import { ApiProperty } from '@nestjs/swagger';
import { EXPIRING_LIST_LIMIT } from '../../application/ports/agreement-read-model.port';

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class ExpiringAgreementDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ format: 'date' })
  endDate!: string;
}

export class ExpiringCountsDto {
  @ApiProperty({ type: 'integer' })
  within30Days!: number;

  @ApiProperty({ type: 'integer' })
  within90Days!: number;
}

/** Durations of finished stretches of review or signing, in seconds. */
export class PhaseStatisticsDto {
  @ApiProperty({ type: 'integer' })
  count!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Null when no stretch has finished' })
  averageSeconds!: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'The median, within half a percent; null when no stretch has finished' })
  p50Seconds!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The 90th percentile, within half a percent; null when no stretch has finished',
  })
  p90Seconds!: number | null;
}

/** GET /dashboard/summary, over the agreements the caller may see. */
export class DashboardSummaryDto {
  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ ...COUNTS, example: { active: 1, drafting: 2 }, description: 'Agreements per lifecycle state' })
  byState!: Record<string, number>;

  @ApiProperty({ ...COUNTS, example: { NOTA_KESEPAHAMAN: 2 }, description: 'Agreements per kind' })
  byKind!: Record<string, number>;

  @ApiProperty({ ...COUNTS, example: { 'kemendes-pdtt': 3 }, description: 'Agreements per party agency' })
  byAgency!: Record<string, number>;

  @ApiProperty({
    type: () => [ExpiringAgreementDto],
    description: `Active agreements ending within 30 days: the soonest ${EXPIRING_LIST_LIMIT} (how many in all: \`expiring\`)`,
  })
  expiringWithin30Days!: ExpiringAgreementDto[];

  @ApiProperty({
    type: () => [ExpiringAgreementDto],
    description: `Active agreements ending within 90 days: the soonest ${EXPIRING_LIST_LIMIT} (how many in all: \`expiring\`)`,
  })
  expiringWithin90Days!: ExpiringAgreementDto[];

  @ApiProperty({ type: () => ExpiringCountsDto, description: 'How many active agreements end within 30 / 90 days' })
  expiring!: ExpiringCountsDto;

  @ApiProperty({ type: () => PhaseStatisticsDto })
  timeInReview!: PhaseStatisticsDto;

  @ApiProperty({ type: () => PhaseStatisticsDto })
  timeInSigning!: PhaseStatisticsDto;
}
