import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { STREAM_TICKET_KEY, TICKET_NONCES, type TicketNonces } from '../ports/ticket-nonces.port';
import { CLOCK, type Clock } from '../ports/clock.port';

/** How long a ticket can wait before it is used. */
const TICKET_TTL_MS = 60_000;

interface TicketPayload {
  /** The actor, as the token named them when the ticket was issued. */
  readonly a: {
    readonly id: string;
    readonly name: string;
    readonly agencyId: string;
    readonly roles: readonly string[];
    readonly onBehalfOf?: unknown;
  };
  /** Expiry, in milliseconds since the epoch. */
  readonly e: number;
  /** Nonce: what makes it single-use. */
  readonly n: string;
}

/**
 * One-time tickets for `GET /events`: browsers' EventSource cannot send an Authorization header,
 * and a bearer token in a URL ends up in logs and histories. A client exchanges its token for a
 * ticket (POST /events/tickets, with the header), then opens the stream with `?ticket=`; the ticket
 * works once, within a minute, and names the same actor.
 *
 * A ticket is signed (HMAC-SHA256 with a key every replica derives alike), so any replica behind a
 * load balancer can read it, not only the one that issued it; its nonce is claimed in the shared
 * {@link TicketNonces}, so it opens one stream in the whole deployment.
 */
@Injectable()
export class StreamTickets {
  constructor(
    @Inject(STREAM_TICKET_KEY) private readonly key: Uint8Array,
    @Inject(TICKET_NONCES) private readonly nonces: TicketNonces,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  issue(actor: Actor): { ticket: string; expiresAt: string } {
    const expiresAt = this.clock.now().getTime() + TICKET_TTL_MS;
    const payload: TicketPayload = {
      a: {
        id: actor.id,
        name: actor.name,
        agencyId: actor.agencyId,
        roles: [...actor.roles],
        ...(actor.onBehalfOf === undefined ? {} : { onBehalfOf: actor.onBehalfOf }),
      },
      e: expiresAt,
      n: randomBytes(16).toString('base64url'),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { ticket: `${body}.${this.sign(body)}`, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The actor of a valid ticket used for the first time anywhere; the ticket is spent. */
  async redeem(ticket: string): Promise<Actor | undefined> {
    const [body, signature, ...rest] = ticket.split('.');
    if (!body || !signature || rest.length > 0 || body.length > 4096) return undefined;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    let payload: TicketPayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TicketPayload;
    } catch {
      return undefined;
    }
    if (typeof payload.e !== 'number' || payload.e <= this.clock.now().getTime() || typeof payload.n !== 'string') return undefined;
    if (!(await this.nonces.claim(payload.n, new Date(payload.e)))) return undefined;
    return payload.a as Actor;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
