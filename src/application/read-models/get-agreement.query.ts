import { Inject, Optional } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import type { AgreementContext } from '../../domain/agreements/agreement-context';
import { missingDprdApprovals, type FiledReport } from '../../domain/workflows/v2/context.v2';
import { calendarDate } from '../../domain/agreements/calendar';
import { agreementDeadlines, agreementTimeZone, startOfDate, type DeadlineKind, type StepKind } from '../../domain/agreements/deadlines';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../ports/deadlines.port';
import { DEFAULT_STEP_OVERDUE_DAYS, overdueFrom, STEP_OVERDUE_DAYS, type StepOverdueDays } from '../scheduler/step-overdue';
import type { AgencyTimeZone } from '../../domain/directory/agency';
import type { LifecycleState } from '../../domain/agreements/lifecycle';
import { DirectoryRepository } from '../directory/directory-repository';
import { nextReportDeadline, reportsDue, type DueReport } from '../../domain/agreements/reporting';
import { AgreementNotFoundError } from '../../domain/errors';
import { CLOCK, type Clock } from '../ports/clock.port';
import { AGREEMENT_READ_MODEL, type AgreementDetail, type AgreementReadModel } from '../ports/agreement-read-model.port';
import { actionsOpenTo } from './open-actions';
import { awaitPosition } from './read-your-writes';

/** A deadline still ahead of the agreement (or passed, until the scheduler has acted on it). */
export interface DeadlineView {
  /**
   * A dated deadline, the step the agreement waits in (`review`, `signing`: due when it becomes
   * overdue), or the next monitoring report (`report`, version 2).
   */
  readonly kind: DeadlineKind | StepKind | 'report';
  /** Due from the start of this date in `timeZone`. */
  readonly dueDate: string;
  readonly timeZone: AgencyTimeZone;
  /** The same moment as an instant (ISO 8601, UTC). */
  readonly dueAt: string;
  /** What the scheduler records once it is due (`expire`, `terminate`); absent where people must act. */
  readonly action?: string;
  /** Whether it is due now: passed, and not yet acted on. */
  readonly due: boolean;
  /** A report's: the reporting period (`2025-Q1`), and the parties that have not filed it yet. */
  readonly period?: string;
  readonly agencyIds?: readonly string[];
}

export interface AgreementDetailView extends AgreementDetail {
  /** Actions the caller could take now. */
  readonly availableActions: readonly string[];
  /** The dates that move it, soonest first, in its first party's time zone. */
  readonly deadlines: readonly DeadlineView[];
  /** Version 2: each regional party's DPRD decision, required and recorded (absent when no party needs one). */
  readonly dprd?: { readonly required: readonly string[]; readonly missing: readonly string[] };
  /** Version 2: monitoring and evaluation, as of today: the reports each party owes, and those filed. */
  readonly monitoring?: {
    readonly reportingPeriodMonths: number;
    readonly due: readonly DueReport[];
    readonly filed: readonly FiledReport[];
  };
}

/** What version 2 adds to the detail: DPRD decisions still missing, and reports due as of `today`. */
function obligations(context: AgreementContext, today: string): Pick<AgreementDetailView, 'dprd' | 'monitoring'> {
  const required = context.parties.filter((party) => party.dprdApprovalRequired === true).map((party) => party.agencyId);
  const months = context.term?.reportingPeriodMonths;
  return {
    ...(required.length === 0 ? {} : { dprd: { required, missing: missingDprdApprovals(context) } }),
    ...(months === undefined
      ? {}
      : { monitoring: { reportingPeriodMonths: months, due: reportsDue(context, today), filed: context.reports ?? [] } }),
  };
}

/** One agreement from the read model, with the actions open to the caller. */
export class GetAgreementQuery extends Query<AgreementDetailView> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly minPosition?: bigint,
  ) {
    super();
  }
}

@QueryHandler(GetAgreementQuery)
export class GetAgreementHandler implements IQueryHandler<GetAgreementQuery> {
  constructor(
    @Inject(AGREEMENT_READ_MODEL) private readonly readModel: AgreementReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly directory: DirectoryRepository,
    @Inject(DEADLINE_READ_MODEL) private readonly stored: DeadlineReadModel,
    @Optional() @Inject(STEP_OVERDUE_DAYS) private readonly overdueDays: StepOverdueDays = DEFAULT_STEP_OVERDUE_DAYS,
  ) {}

  async execute({ actor, agreementId, minPosition }: GetAgreementQuery): Promise<AgreementDetailView> {
    await awaitPosition(this.readModel, minPosition);
    const detail = await this.readModel.get(agreementId);
    if (
      !detail ||
      !canReadAgreement(
        actor,
        detail.parties.map((party) => party.agencyId),
      )
    )
      throw new AgreementNotFoundError(agreementId);
    const context = detail.agreement as unknown as AgreementContext;
    const now = this.clock.now();
    // The directory (for the zone) and the step it waits in, read together.
    const [directory, steps] = await Promise.all([this.directory.directory(), this.stored.stepsOf([agreementId])]);
    const timeZone = agreementTimeZone(context, directory);
    const view = (kind: DeadlineView['kind'], dueDate: string, dueAt: Date, action?: string): DeadlineView => ({
      kind,
      dueDate,
      timeZone,
      dueAt: dueAt.toISOString(),
      ...(action === undefined ? {} : { action }),
      due: dueAt.getTime() <= now.getTime(),
    });
    const deadlines = agreementDeadlines(context, detail.state as LifecycleState).map((deadline) =>
      view(deadline.kind, deadline.dueDate, startOfDate(deadline.dueDate, timeZone), deadline.action),
    );
    // The step it waits in, overdue from the step's start plus its period.
    for (const step of steps) {
      if (step.since === undefined) continue;
      const dueAt = overdueFrom(step.since, this.overdueDays[step.kind as StepKind]);
      deadlines.push(view(step.kind as StepKind, calendarDate(dueAt, timeZone), dueAt));
    }
    // The next monitoring report, due from the day after its period ends (reports already late are under `monitoring.due`).
    const report = nextReportDeadline(context, calendarDate(now, timeZone));
    if (report && (detail.state as LifecycleState) === 'active') {
      const { period, agencyIds } = report;
      deadlines.push({ ...view('report', report.dueDate, startOfDate(report.dueDate, timeZone)), period, agencyIds });
    }
    deadlines.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    return {
      ...detail,
      availableActions: actionsOpenTo(detail, actor),
      deadlines,
      ...obligations(context, calendarDate(now, timeZone)),
    };
  }
}
