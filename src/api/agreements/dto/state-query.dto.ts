import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import type { ReplayLimit } from '../../../application/agreements/agreement-repository';

export class StateQueryDto {
  @ApiPropertyOptional({ description: 'Replay up to this revision (inclusive)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  revision?: number;

  @ApiPropertyOptional({ description: 'Replay the events recorded at or before this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  at?: string;

  toLimit(): ReplayLimit {
    if (this.revision !== undefined && this.at !== undefined) throw new BadRequestException('Give revision or at, not both');
    return {
      ...(this.revision === undefined ? {} : { revision: BigInt(this.revision) }),
      ...(this.at === undefined ? {} : { at: new Date(this.at) }),
    };
  }
}
