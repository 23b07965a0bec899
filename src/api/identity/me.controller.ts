import { Controller, Get } from '@nestjs/common';
import type { Actor } from '../../application/ports/token-verifier.port';
import { CurrentActor } from '../auth/current-actor.decorator';

/** Who the token says the caller is: what a client needs to show "signed in as" and pick screens. */
@Controller('me')
export class MeController {
  @Get()
  me(@CurrentActor() actor: Actor) {
    return { id: actor.id, name: actor.name, agencyId: actor.agencyId, roles: actor.roles };
  }
}
