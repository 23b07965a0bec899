import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiProblems } from '../problem-details/api-problems.decorator';
import { MeDto } from './me.dto';

/** Who the token says the caller is: what a client needs to show "signed in as" and pick screens. */
@ApiTags('identity')
@Controller('me')
export class MeController {
  @Get()
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(400, 401, 403, 429, 503)
  me(@CurrentActor() actor: Actor) {
    return { id: actor.id, name: actor.name, agencyId: actor.agencyId, roles: actor.roles };
  }
}
