import { BadRequestException } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import type { ReplayLimit } from '../../../application/agreements/agreement-repository';
import { IsDecimalInteger } from '../../validation/decimal-integer';

export class StateQueryDto {
  @ApiPropertyOptional({ description: 'Replay up to this revision (inclusive)' })
  @IsOptional()
  @IsDecimalInteger(0)
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
