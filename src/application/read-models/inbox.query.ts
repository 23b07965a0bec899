import { Inject, Optional } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { InvalidInputError } from '../errors';
import { AGREEMENT_READ_MODEL, type AgreementReadModel, type InboxCounts, type InboxPage } from '../ports/agreement-read-model.port';
import { PAGE_CURSORS, type PageCursors } from '../ports/page-cursors.port';
import { awaitPosition } from './read-your-writes';
import { actingRolesOf } from '../../domain/agreements/awaited-steps';
import type { StepKind } from '../../domain/agreements/deadlines';
import { CLOCK, type Clock } from '../ports/clock.port';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../ports/deadlines.port';
import { DEFAULT_STEP_OVERDUE_DAYS, overdueFrom, STEP_OVERDUE_DAYS, type StepOverdueDays } from '../scheduler/step-overdue';

export type { InboxItem } from '../ports/agreement-read-model.port';

/** What the cursors of inbox pages are sealed for. */
const CURSOR_PURPOSE = 'inbox';

/**
 * What waits for the caller: every agreement of their agency with a step open to their roles
 * that someone is waiting for (a review, a signature, a registry number, a confirmation of
 * locations...), oldest wait first, paged. Auditors and administrators have none.
 */
export class GetInboxQuery extends Query<InboxPage> {
  constructor(
    readonly actor: Actor,
    /** `after`: the `next` of a previous page, as the client received it (sealed). */
    readonly page: { readonly limit: number; readonly after?: string },
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(GetInboxQuery)
export class GetInboxHandler implements IQueryHandler<GetInboxQuery> {
  constructor(
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
    @Inject(PAGE_CURSORS) private readonly cursors: PageCursors,
    @Inject(DEADLINE_READ_MODEL) private readonly deadlines: DeadlineReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(STEP_OVERDUE_DAYS) private readonly overdueDays: StepOverdueDays = DEFAULT_STEP_OVERDUE_DAYS,
  ) {}

  async execute({ actor, page, minPosition }: GetInboxQuery): Promise<InboxPage> {
    // A cursor the service did not seal is refused before anything waits or reads: never page one again.
    const after = page.after === undefined ? undefined : this.cursors.open(CURSOR_PURPOSE, page.after);
    if (page.after !== undefined && after === undefined)
      throw new InvalidInputError('after', 'after must be the next value of a previous page');
    await awaitPosition(this.readModel, minPosition);
    const found = await this.readModel.inbox(
      { agencyId: actor.agencyId, roles: actingRolesOf(actor) },
      { limit: page.limit, ...(after === undefined ? {} : { after }) },
    );
    const items = await this.markOverdue(found.items);
    return found.next === undefined ? { items } : { items, next: this.cursors.seal(CURSOR_PURPOSE, found.next) };
  }

  /** Flags the page's agreements whose review or signing has waited too long: one indexed read for the page. */
  private async markOverdue(items: InboxPage['items']): Promise<InboxPage['items']> {
    const steps = await this.deadlines.stepsOf(items.map((item) => item.agreementId));
    const now = this.clock.now().getTime();
    const overdue = new Map<string, NonNullable<InboxPage['items'][number]['overdue']>>();
    for (const step of steps) {
      if (step.since === undefined) continue;
      const from = overdueFrom(step.since, this.overdueDays[step.kind as StepKind]);
      if (from.getTime() <= now)
        overdue.set(step.agreementId, { step: step.kind as StepKind, since: step.since, overdueSince: from.toISOString() });
    }
    return items.map((item) => {
      const flag = overdue.get(item.agreementId);
      return flag === undefined ? item : { ...item, overdue: flag };
    });
  }
}

/** How many agreements wait for the caller, in all (the badge) and per action. */
export class GetInboxCountsQuery extends Query<InboxCounts> {
  constructor(
    readonly actor: Actor,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(GetInboxCountsQuery)
export class GetInboxCountsHandler implements IQueryHandler<GetInboxCountsQuery> {
  constructor(@Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel) {}

  async execute({ actor, minPosition }: GetInboxCountsQuery): Promise<InboxCounts> {
    await awaitPosition(this.readModel, minPosition);
    return this.readModel.inboxCounts({ agencyId: actor.agencyId, roles: actingRolesOf(actor) });
  }
}
