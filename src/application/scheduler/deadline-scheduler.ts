import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SCHEDULER_ACTOR } from '../../domain/access/system-actors';
import { addDays, calendarDate, daysBetween, DEFAULT_TIME_ZONE } from '../../domain/agreements/calendar';
import { agencyTimeZone, EARLIEST_TIME_ZONE, REMINDED_DEADLINES, startOfDate } from '../../domain/agreements/deadlines';
import { AccessDeniedError, ActionNotAllowedError, AgreementNotFoundError, BusinessRuleViolationError } from '../../domain/errors';
import { PerformAgreementActionCommand } from '../agreements/perform-action.command';
import { DirectoryRepository } from '../directory/directory-repository';
import { CLOCK, type Clock } from '../ports/clock.port';
import {
  DEADLINE_READ_MODEL,
  type DeadlineCursor,
  type DeadlineReadModel,
  type StepCursor,
  type StoredDeadline,
} from '../ports/deadlines.port';
import { DEFAULT_STEP_OVERDUE_DAYS, overdueFrom, STEP_OVERDUE_DAYS, type StepOverdueDays } from './step-overdue';

/** What one pass over the due deadlines did. */
export interface SchedulerPass {
  /** Commands the scheduler recorded (or found already recorded under their key, after a crash or by another replica). */
  readonly fired: number;
  /** Of them, reminders (`remind`). */
  readonly reminded: number;
  /** Of them, overdue steps recorded (`escalate`). */
  readonly escalated: number;
  /** Due in the earliest zone but not yet in their agreement's: left for a later pass. */
  readonly notYet: number;
  /** Refused by the workflow: the agreement moved on meanwhile (renewed, expired by a coordinator). */
  readonly overtaken: number;
  /** Failed for a reason worth retrying (the event store unreachable): left for the next pass. */
  readonly failed: number;
}

export interface DeadlineSchedulerOptions {
  /** Days before the notice deadline and the expiry that the parties are reminded (`SCHEDULER_REMINDER_DAYS`). */
  readonly reminderLeadDays?: readonly number[];
  /** Deadlines read per page. */
  readonly pageSize?: number;
  /** Commands in flight at once. */
  readonly parallel?: number;
  /** How long a pass waits for the read model to apply its own commands, so the next pass does not see them again. */
  readonly settleMs?: number;
}

export const DEADLINE_SCHEDULER_OPTIONS = Symbol('DeadlineSchedulerOptions');

/** The lead times of reminders when none are configured: 90, 30 and 7 days before. */
export const DEFAULT_REMINDER_LEAD_DAYS: readonly number[] = [90, 30, 7];

/**
 * Issues the commands that time makes due, as the system actor `sepakat-scheduler`: `expire` the
 * day after the end date, `terminate` on the termination's effective date, `remind` ahead of the
 * notice deadline and the expiry, `escalate` a step that waited too long. Each command is
 * idempotent under the deadline's key (the command id derives from the actor, agreement, action
 * and key): a pass that crashed half-way, a retry, or a second replica running the same pass
 * records each command once, and a deadline missed while the service was down is simply due
 * at the next pass. The deadlines come from their projection, so a pass reads only what is due
 * (one index walk) and no agreement stream that is not.
 *
 * One pass runs at a time in a process; the module elects one process per deployment.
 */
@Injectable()
export class DeadlineScheduler {
  private readonly logger = new Logger('Scheduler');
  private readonly leads: readonly number[];
  private readonly pageSize: number;
  private readonly parallel: number;
  private readonly settleMs: number;

  constructor(
    @Inject(DEADLINE_READ_MODEL) private readonly deadlines: DeadlineReadModel,
    private readonly commands: CommandBus,
    private readonly directory: DirectoryRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(DEADLINE_SCHEDULER_OPTIONS) options: DeadlineSchedulerOptions = {},
    @Optional() @Inject(STEP_OVERDUE_DAYS) private readonly overdueDays: StepOverdueDays = DEFAULT_STEP_OVERDUE_DAYS,
  ) {
    // Smallest first: a reminder's lead is the smallest that the days left still fit in.
    this.leads = [...new Set(options.reminderLeadDays ?? DEFAULT_REMINDER_LEAD_DAYS)].sort((a, b) => a - b);
    this.pageSize = options.pageSize ?? 500;
    this.parallel = options.parallel ?? 8;
    this.settleMs = options.settleMs ?? 5_000;
  }

  /**
   * Fires every deadline due now and every reminder whose time has come, page after page, then
   * waits for the read model to show it.
   */
  async runDue(): Promise<SchedulerPass> {
    const now = this.clock.now();
    const directory = await this.directory.directory();
    const zoneOf = (deadline: StoredDeadline) => agencyTimeZone(deadline.agencyId, directory);
    const todayIn = (deadline: StoredDeadline) => calendarDate(now, zoneOf(deadline));
    const pass = { fired: 0, reminded: 0, escalated: 0, notYet: 0, overtaken: 0, failed: 0 };
    let highest = -1n;
    const run = async (due: { deadline: StoredDeadline; command: PerformAgreementActionCommand }[]) => {
      for (let i = 0; i < due.length; i += this.parallel) {
        const outcomes = await Promise.all(due.slice(i, i + this.parallel).map((item) => this.fire(item.deadline, item.command)));
        for (const outcome of outcomes) {
          pass[outcome.kind] += 1;
          if (outcome.kind === 'fired' && outcome.position > highest) highest = outcome.position;
          if (outcome.kind === 'fired' && outcome.command.action === 'remind') pass.reminded += 1;
          if (outcome.kind === 'fired' && outcome.command.action === 'escalate') pass.escalated += 1;
        }
      }
    };

    // A date has begun somewhere once it has begun in the zone furthest east: nothing later can be due.
    const horizon = calendarDate(now, EARLIEST_TIME_ZONE);
    await this.walk<DeadlineCursor>(
      (after) => this.deadlines.actionsDueBy(horizon, this.pageSize, after),
      byDate,
      async (page) => {
        const due = page.filter((deadline) => deadline.dueDate <= todayIn(deadline));
        pass.notYet += page.length - due.length;
        await run(
          due.map((deadline) => {
            const dueFrom = startOfDate(deadline.dueDate, zoneOf(deadline));
            return { deadline, command: this.command(deadline, deadline.action!, {}, deadline.key, dueFrom) };
          }),
        );
      },
    );

    // Reminders, one window per lead time, nearest first: deadlines still ahead everywhere (after
    // today in WIB, the zone furthest west) and within that lead of their date anywhere, not yet
    // reminded that close. What was reminded already stays in the database; a deadline that falls
    // in two windows (the zones' day apart) is sent once.
    const sent = new Set<string>();
    const today = calendarDate(now, DEFAULT_TIME_ZONE);
    let previous = 0;
    for (const lead of this.leads) {
      const window = { from: addDays(today, previous), until: addDays(horizon, lead), remindedAbove: lead };
      previous = lead;
      await this.walk<DeadlineCursor>(
        (after) => this.deadlines.dueBetween(REMINDED_DEADLINES, window, this.pageSize, after),
        byDate,
        async (page) => {
          const due = page.flatMap((deadline) => {
            const reminderLead = this.reminderLead(deadline, todayIn(deadline));
            const key = `remind:${deadline.key}:${reminderLead}`;
            // Keys name an occurrence within one agreement (agreements share end dates): the pass's set holds both.
            const once = `${deadline.agreementId} ${key}`;
            if (reminderLead === undefined || sent.has(once)) return [];
            sent.add(once);
            const body = { deadline: deadline.kind, dueDate: deadline.dueDate };
            const sentFrom = startOfDate(addDays(deadline.dueDate, -reminderLead), zoneOf(deadline));
            return [{ deadline, command: this.command(deadline, 'remind', body, key, sentFrom) }];
          });
          await run(due);
        },
      );
    }

    // Steps waiting longer than they may: recorded overdue once per start of the step.
    for (const step of ['review', 'signing'] as const) {
      const startedBy = new Date(now.getTime() - this.overdueDays[step] * 86_400_000).toISOString();
      await this.walk<StepCursor>(
        (after) => this.deadlines.stepsNotEscalated(step, startedBy, this.pageSize, after),
        (last) => ({ since: last.since!, agreementId: last.agreementId }),
        (page) =>
          run(
            page.map((row) => {
              const since = calendarDate(new Date(row.since!), zoneOf(row));
              const overdue = overdueFrom(row.since!, this.overdueDays[step]);
              return { deadline: row, command: this.command(row, 'escalate', { step, since }, `escalate:${row.key}`, overdue) };
            }),
          ),
      );
    }

    if (highest >= 0n && !(await this.deadlines.reached(highest, this.settleMs))) {
      this.logger.warn(`the deadlines read model has not reached position ${highest} after ${this.settleMs} ms`);
    }
    if (pass.fired + pass.overtaken + pass.failed > 0) this.logger.log(describe(pass));
    return pass;
  }

  /**
   * The lead time a reminder of this deadline is due under today, if one is: the smallest lead
   * the days left fit in, unless a reminder as close already went out. A service down across
   * several lead times sends one reminder, the closest.
   */
  private reminderLead(deadline: StoredDeadline, today: string): number | undefined {
    const daysLeft = daysBetween(today, deadline.dueDate);
    if (daysLeft < 1) return undefined;
    const lead = this.leads.find((candidate) => daysLeft <= candidate);
    if (lead === undefined) return undefined;
    return deadline.remindedDaysLeft === undefined || deadline.remindedDaysLeft > lead ? lead : undefined;
  }

  /**
   * The command for a deadline, idempotent under `key`. It can only have been recorded once the
   * deadline was due (`dueFrom`): a retry looks for it that far back in the stream, with a day's
   * margin (zones, clocks), not through the whole history.
   */
  private command(
    deadline: StoredDeadline,
    action: string,
    body: Record<string, unknown>,
    key: string,
    dueFrom: Date,
  ): PerformAgreementActionCommand {
    const since = new Date(dueFrom.getTime() - 86_400_000);
    return new PerformAgreementActionCommand(SCHEDULER_ACTOR, deadline.agreementId, action, body, undefined, key, since);
  }

  /** Pages through a walk of one of the deadlines indexes (`cursorOf`: where the next page starts), handing each page on. */
  private async walk<Cursor>(
    read: (after: Cursor | undefined) => Promise<StoredDeadline[]>,
    cursorOf: (last: StoredDeadline) => Cursor,
    handle: (page: StoredDeadline[]) => Promise<void>,
  ): Promise<void> {
    let after: Cursor | undefined;
    for (;;) {
      const page = await read(after);
      if (page.length === 0) return;
      await handle(page);
      if (page.length < this.pageSize) return;
      after = cursorOf(page[page.length - 1]);
    }
  }

  private async fire(
    deadline: StoredDeadline,
    command: PerformAgreementActionCommand,
  ): Promise<{ kind: 'fired'; position: bigint; command: PerformAgreementActionCommand } | { kind: 'overtaken' | 'failed' }> {
    const what = `${command.action} of ${deadline.agreementId} (${command.idempotencyKey})`;
    try {
      const result = await this.commands.execute(command);
      return { kind: 'fired', position: result.position, command };
    } catch (error) {
      if (isOvertaken(error)) {
        this.logger.log(`${what} overtaken: ${(error as Error).message}`);
        return { kind: 'overtaken' };
      }
      this.logger.error(`${what} failed; retried at the next pass`, error);
      return { kind: 'failed' };
    }
  }
}

/** Where a walk of the dates index goes on after a deadline. */
function byDate(last: StoredDeadline): DeadlineCursor {
  return { dueDate: last.dueDate, agreementId: last.agreementId, key: last.key };
}

/** The workflow refused: the agreement is no longer where the deadline found it, or no longer exists. */
function isOvertaken(error: unknown): boolean {
  return (
    error instanceof ActionNotAllowedError ||
    error instanceof BusinessRuleViolationError ||
    error instanceof AgreementNotFoundError ||
    error instanceof AccessDeniedError
  );
}

function describe(pass: SchedulerPass): string {
  return `pass: ${pass.fired} fired (${pass.reminded} reminders, ${pass.escalated} overdue steps), ${pass.overtaken} overtaken, ${pass.notYet} not yet due in their zone, ${pass.failed} failed`;
}
