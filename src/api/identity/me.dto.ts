import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../application/agreements/vocabulary';

/** Who the token says the caller is. */
export class MeDto {
  @ApiProperty({ example: 'blm-bjm-1', description: 'The token’s subject' })
  id!: string;

  @ApiProperty({ example: 'Staf BLM Banjarmasin' })
  name!: string;

  @ApiProperty({ example: 'kemendes-pdtt' })
  agencyId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: string[];
}
