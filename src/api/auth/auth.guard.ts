import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import {
  TOKEN_VERIFIER,
  TokenVerificationUnavailableError,
  type Actor,
  type TokenVerifier,
} from '../../application/ports/token-verifier.port';
import { StreamTickets } from '../../application/read-models/stream-tickets';
import { IS_PUBLIC } from './public.decorator';
import { ACCEPTS_STREAM_TICKET } from './stream-auth.decorator';

/** A request that passed the guard carries its actor. */
export interface AuthenticatedRequest extends FastifyRequest {
  actor: Actor;
}

/** Three base64url segments: anything else is refused before it reaches the verifier. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Same answer for every refused token, so a caller learns nothing about why. */
const REFUSED = 'A valid bearer token is required.';

/**
 * Runs before every route: a route is public only when marked `@Public()`; every other one needs a
 * verified `Authorization: Bearer <JWT>` naming an official with at least one role of sepakat.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly tickets: StreamTickets,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const ticket = (request.query as { ticket?: unknown } | undefined)?.ticket;
    if (typeof ticket === 'string' && this.reflector.get<boolean>(ACCEPTS_STREAM_TICKET, context.getHandler())) {
      const actor = await this.tickets.redeem(ticket);
      if (!actor) throw new UnauthorizedException(REFUSED);
      request.actor = actor;
      return true;
    }
    const token = bearerToken(request.headers.authorization);
    if (!token) throw new UnauthorizedException(REFUSED);
    try {
      request.actor = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenVerificationUnavailableError) {
        this.logger.error(error.message);
        throw new ServiceUnavailableException('Tokens cannot be verified right now; try again shortly.');
      }
      this.logger.debug(`Refused a token: ${(error as { reason?: string }).reason ?? (error as Error).message}`);
      throw new UnauthorizedException(REFUSED);
    }
    if (request.actor.roles.length === 0) throw new ForbiddenException('The token names no role of this service.');
    return true;
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return match && JWT_SHAPE.test(match[1]) ? match[1] : undefined;
}
