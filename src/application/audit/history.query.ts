import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import type { Party } from '../../domain/agreements/agreement-events';
import type { JsonObject } from '../event-store/json';
import type { RecordedEvent } from '../ports/event-store.port';
import { AgreementLog } from './agreement-log';
import { AuditLog } from './audit-log';
import { summarizeEvent, type Language } from './event-summary';

/** A stored event with its whole envelope, as auditors read it. */
export interface HistoryItem {
  readonly revision: number;
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  /** One line a person can read, in the language the reader asked for. */
  readonly summary: string;
  /** When the store committed the event. */
  readonly recordedAt: string;
  /** Business time: when the service accepted the command. */
  readonly occurredAt: unknown;
  readonly actor: unknown;
  readonly correlationId: unknown;
  readonly causationId: unknown;
  readonly commandId: unknown;
  readonly workflow: unknown;
  readonly schemaVersion: unknown;
  readonly data: JsonObject;
  readonly prevHash: string;
  readonly hash: string;
}

export interface HistoryPage {
  readonly id: string;
  readonly items: readonly HistoryItem[];
  /** Pass as `fromRevision` for the next page; absent on the last page. */
  readonly nextRevision?: number;
}

/** One stored event as the history lists it. */
export function historyItem(event: RecordedEvent, parties: readonly Party[], language: Language): HistoryItem {
  const { metadata } = event;
  return {
    revision: Number(event.revision),
    position: event.position.toString(),
    eventId: event.id,
    type: event.type,
    summary: summarizeEvent(event, parties, language),
    recordedAt: event.recordedAt.toISOString(),
    occurredAt: metadata.occurredAt,
    actor: metadata.actor,
    correlationId: metadata.$correlationId,
    causationId: metadata.$causationId,
    commandId: metadata.commandId,
    workflow: metadata.workflow,
    schemaVersion: metadata.schemaVersion,
    data: event.data,
    prevHash: metadata.prevHash,
    hash: metadata.hash,
  };
}

/**
 * A page of an agreement's stored events, oldest first, each summarised in `language`. The read is
 * recorded in the audit log.
 */
export class GetAgreementHistoryQuery extends Query<HistoryPage> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly fromRevision: number,
    readonly limit: number,
    readonly language: Language,
  ) {
    super();
  }
}

@QueryHandler(GetAgreementHistoryQuery)
export class GetAgreementHistoryHandler implements IQueryHandler<GetAgreementHistoryQuery> {
  constructor(
    private readonly log: AgreementLog,
    private readonly auditLog: AuditLog,
  ) {}

  async execute({ actor, agreementId, fromRevision, limit, language }: GetAgreementHistoryQuery): Promise<HistoryPage> {
    const parties = await this.log.readableParties(actor, agreementId);
    const items: HistoryItem[] = [];
    let more = false;
    for await (const event of this.log.events(agreementId, { fromRevision: BigInt(fromRevision), maxCount: limit + 1 })) {
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push(historyItem(event, parties, language));
    }
    await this.auditLog.recordRead(actor, agreementId, 'history', { fromRevision, limit });
    return { id: agreementId, items, ...(more ? { nextRevision: fromRevision + limit } : {}) };
  }
}
