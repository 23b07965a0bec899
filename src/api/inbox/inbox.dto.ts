import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
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
