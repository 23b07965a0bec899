import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import type { Party } from '../../domain/agreements/agreement-events';
import { AgreementNotFoundError } from '../../domain/errors';
import { agreementStream } from '../agreements/agreement-stream';
import { EVENT_STORE, type EventStore, type RecordedEvent, type ReadStreamOptions } from '../ports/event-store.port';

/**
 * The raw log of one agreement for the audit reads. Access is decided from the parties the first
 * event names, not from a replay, so that a corrupted stream can still be read and verified.
 */
@Injectable()
export class AgreementLog {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** The parties of the agreement, after checking the actor may read it (404 otherwise). */
  async readableParties(actor: Actor, agreementId: string): Promise<readonly Party[]> {
    let parties: readonly Party[] | undefined;
    for await (const first of this.store.readStream(agreementStream(agreementId), { maxCount: 1 })) {
      const listed = (first.data as { parties?: unknown }).parties;
      parties = Array.isArray(listed) ? (listed as Party[]) : [];
    }
    if (
      !parties ||
      !canReadAgreement(
        actor,
        parties.map((party) => party.agencyId),
      )
    )
      throw new AgreementNotFoundError(agreementId);
    return parties;
  }

  events(agreementId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.store.readStream(agreementStream(agreementId), options);
  }
}
