import { ApiProperty } from '@nestjs/swagger';
import { LIFECYCLE_STATES } from '../../../application/agreements/vocabulary';
import { WorkflowRefDto } from './agreement-views.dto';

/** The body of every agreement command (`commandResponse`): where the agreement stands after it. */
export class CommandResultDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer', example: 3, description: 'The stream revision after the command: send it back as `If-Match: "3"`' })
  revision!: number;

  @ApiProperty({ enum: LIFECYCLE_STATES })
  state!: string;

  @ApiProperty({ type: () => WorkflowRefDto })
  workflow!: WorkflowRefDto;

  @ApiProperty({ example: '42', description: 'The event position of the write (decimal digits): pass it as `minPosition` to read it back' })
  position!: string;
}

/** The headers of every agreement command's answer. */
export const COMMAND_RESULT_HEADERS = {
  ETag: { description: 'The agreement’s revision after the command, e.g. `"3"`: send it as `If-Match`', schema: { type: 'string' } },
  'X-Event-Position': {
    description: 'Where the write landed (as `position`): `?minPosition=` makes a read wait for it',
    schema: { type: 'string' },
  },
};
