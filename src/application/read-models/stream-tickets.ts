import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';

/** How long a ticket can wait before it is used. */
const TICKET_TTL_MS = 60_000;

/**
 * One-time tickets for `GET /events`: browsers' EventSource cannot send an Authorization header,
 * and a bearer token in a URL ends up in logs and histories. A client exchanges its token for a
 * ticket (POST /events/tickets, with the header), then opens the stream with `?ticket=`; the ticket
 * works once, within a minute, and names the same actor.
 */
@Injectable()
export class StreamTickets {
  private readonly tickets = new Map<string, { readonly actor: Actor; readonly expiresAt: number }>();

  issue(actor: Actor): { ticket: string; expiresAt: string } {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = Date.now() + TICKET_TTL_MS;
    this.tickets.set(ticket, { actor, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The actor of a valid, unused ticket; the ticket is spent. */
  redeem(ticket: string): Actor | undefined {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return entry && entry.expiresAt > Date.now() ? entry.actor : undefined;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt <= now) this.tickets.delete(ticket);
  }
}
