import { Logger } from '@nestjs/common';
import { sql, type Kysely } from 'kysely';
import type { TicketNonces } from '../../application/ports/ticket-nonces.port';

/** One process's nonces: enough where one process serves (the embedded SQLite read model). */
export class MemoryTicketNonces implements TicketNonces {
  private readonly used = new Map<string, number>();

  async claim(nonce: string, expiresAt: Date): Promise<boolean> {
    const now = Date.now();
    for (const [known, until] of this.used) if (until <= now) this.used.delete(known);
    if (this.used.has(nonce)) return false;
    this.used.set(nonce, expiresAt.getTime());
    return true;
  }
}

/**
 * Nonces in the shared PostgreSQL read-model database: a primary key decides, in one statement,
 * which replica claimed a ticket first. Expired rows are deleted now and then, ten minutes late, so a
 * replica whose clock runs behind the database's cannot accept a ticket whose nonce is gone.
 */
export class PostgresTicketNonces implements TicketNonces {
  private ready: Promise<void> | undefined;
  private claims = 0;

  constructor(private readonly db: Kysely<unknown>) {}

  async claim(nonce: string, expiresAt: Date): Promise<boolean> {
    await (this.ready ??= this.createTable());
    const inserted = await sql<{ nonce: string }>`
      INSERT INTO stream_ticket_nonces (nonce, expires_at) VALUES (${nonce}, ${expiresAt})
      ON CONFLICT (nonce) DO NOTHING RETURNING nonce`.execute(this.db);
    if ((this.claims += 1) % 100 === 0) {
      void sql`DELETE FROM stream_ticket_nonces WHERE expires_at < now() - interval '10 minutes'`
        .execute(this.db)
        .catch((error: Error) => new Logger('StreamTickets').warn(`sweeping used tickets failed: ${error.message}`));
    }
    return inserted.rows.length === 1;
  }

  private async createTable(): Promise<void> {
    // Replicas starting together may race on the catalog: a second attempt finds the table.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await sql`CREATE TABLE IF NOT EXISTS stream_ticket_nonces (nonce text PRIMARY KEY, expires_at timestamptz NOT NULL)`.execute(
          this.db,
        );
        return;
      } catch (error) {
        if (attempt >= 3) {
          this.ready = undefined;
          throw error;
        }
      }
    }
  }
}
