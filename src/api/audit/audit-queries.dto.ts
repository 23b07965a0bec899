import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsDecimalInteger } from '../validation/decimal-integer';

/** `?limit=`: 1 to 1,000 entries, 100 by default. */
class PageLimitDto {
  @ApiPropertyOptional({ default: 100, maximum: 1000 })
  @IsOptional()
  @IsDecimalInteger(1, 1000)
  limit: number = 100;
}

export class HistoryQueryDto extends PageLimitDto {
  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsDecimalInteger(0)
  fromRevision: number = 0;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format: 'json' | 'csv' = 'json';
}

export class DiffQueryDto {
  @ApiProperty({ description: 'The earlier revision' })
  @IsDecimalInteger(0)
  from!: number;

  @ApiProperty({ description: 'The later revision' })
  @IsDecimalInteger(0)
  to!: number;
}

export class AuditReadsQueryDto extends PageLimitDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  agreementId?: string;
}
