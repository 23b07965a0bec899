import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { buildEventEnvelope } from '../event-store/event-envelope';
import type { JsonObject } from '../event-store/json';
import { CLOCK, type Clock } from '../ports/clock.port';
import { EVENT_STORE, type EventStore } from '../ports/event-store.port';

/** The stream that records who read which agreement's history, export, verification or past state. */
export const AUDIT_READS_STREAM = 'audit-reads';

export type AuditedRead = 'history' | 'export' | 'verify' | 'state-as-of' | 'diff' | 'verify-store';

/** The `agreementId` of a read that spans every agreement (`verify-store`). */
export const EVERY_AGREEMENT = '*';

export interface AuditReadEntry {
  readonly at: string;
  readonly actor: { readonly id: string; readonly name: string; readonly agencyId: string; readonly roles: readonly string[] };
  /** The agreement read, or {@link EVERY_AGREEMENT}. */
  readonly agreementId: string;
  readonly read: AuditedRead;
  readonly detail: JsonObject;
}

/**
 * The audit of the audit: every read of an agreement's history (and of what is derived from it)
 * is itself an event, in a stream of its own, sealed in its own hash chain, so "who looked at what,
 * when" is answerable and tamper-evident like everything else.
 */
@Injectable()
export class AuditLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async recordRead(actor: Actor, agreementId: string, read: AuditedRead, detail: JsonObject = {}): Promise<void> {
    const commandId = randomUUID();
    const metadata = buildEventEnvelope({ commandId, actor, workflow: { name: 'audit-log', version: 1 }, occurredAt: this.clock.now() });
    await this.store.append(
      AUDIT_READS_STREAM,
      [{ id: randomUUID(), type: 'AgreementRecordRead', data: { agreementId, read, detail }, metadata }],
      {
        expectedRevision: 'any',
      },
    );
  }

  /** The latest reads first, optionally of one agreement. */
  async reads(filter: { readonly agreementId?: string; readonly limit: number }): Promise<AuditReadEntry[]> {
    const entries: AuditReadEntry[] = [];
    for await (const event of this.store.readStream(AUDIT_READS_STREAM, { direction: 'backwards' })) {
      const data = event.data as { agreementId: string; read: AuditedRead; detail: JsonObject };
      if (filter.agreementId !== undefined && data.agreementId !== filter.agreementId) continue;
      entries.push({
        at: event.metadata.occurredAt as string,
        actor: event.metadata.actor as unknown as AuditReadEntry['actor'],
        agreementId: data.agreementId,
        read: data.read,
        detail: data.detail,
      });
      if (entries.length >= filter.limit) break;
    }
    return entries;
  }
}
