import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../ports/agreement-read-model.port';
import { actionsOpenTo } from './open-actions';
import { awaitPosition } from './read-your-writes';

export interface InboxItem {
  readonly agreementId: string;
  readonly title: string;
  readonly kind: string;
  readonly state: string;
  /** What the caller can do now. */
  readonly actions: readonly string[];
  /** When the agreement last changed: how long it has been waiting. */
  readonly waitingSince: string;
}

/**
 * What waits for the caller: every agreement of their agency with a step open to their roles
 * that someone is waiting for (a review, a signature, a registry number, a confirmation of
 * locations...), oldest change first. Auditors and administrators have none.
 */
export class GetInboxQuery extends Query<InboxItem[]> {
  constructor(
    readonly actor: Actor,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(GetInboxQuery)
export class GetInboxHandler implements IQueryHandler<GetInboxQuery> {
  constructor(@Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel) {}

  async execute({ actor, minPosition }: GetInboxQuery): Promise<InboxItem[]> {
    await awaitPosition(this.readModel, minPosition);
    const items: InboxItem[] = [];
    let after: string | undefined;
    do {
      const page = await this.readModel.list({ visibleToAgency: actor.agencyId }, { limit: 200, ...(after ? { after } : {}) });
      for (const summary of page.items) {
        if (summary.state === 'archived') continue;
        const detail = await this.readModel.get(summary.id);
        const actions = detail ? actionsOpenTo(detail, actor).filter((action) => !ALWAYS_OPEN.has(action)) : [];
        if (actions.length > 0) {
          items.push({ agreementId: summary.id, title: summary.title, kind: summary.kind, state: summary.state, actions, waitingSince: summary.lastChangeAt });
        }
      }
      after = page.next;
    } while (after);
    return items.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince));
  }
}

/**
 * Actions an agreement offers at any time in its state, which nobody is waiting for (an amendment,
 * a renewal, a notice, an expiry check, another attachment, sending a draft back): they do not make
 * an inbox item.
 */
const ALWAYS_OPEN = new Set([
  'propose-amendment',
  'renew',
  'give-termination-notice',
  'expire',
  'attach-document',
  'withdraw',
  'propose-locations',
  'request-changes',
]);
