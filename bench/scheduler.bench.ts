/**
 * The deadline scheduler at 10,000 and 100,000 agreements (issue 17), in one process with the
 * whole service (SQLite, its projections), the scheduler's own loop switched off and its passes
 * run by hand against a clock the benchmark moves. Every agreement is active, its end date spread
 * over the five years after 31 December 2025 (so about a tenth are within 90 days of their notice
 * deadline or their expiry, as in a real deployment):
 * - steady state: a first pass sends the reminders due (counted), then passes that find nothing new
 *   to do. Their time and CPU are the scheduler's cost per interval (60 s by default), with the
 *   reminded deadlines in the window still walked by the database; the memory is the process's;
 * - all due: the clock moves past every end date. Half the agreements are expired by plain
 *   `expire` commands of a coordinator (the baseline), then one pass of the scheduler expires the
 *   other half as the system actor, each command idempotent under its deadline's key, at the same
 *   parallelism, in the same process.
 */
import { CommandBus } from '@nestjs/cqrs';
import { derivedUuid } from '../src/application/agreements/agreement-stream';
import { PerformAgreementActionCommand } from '../src/application/agreements/perform-action.command';
import { AGREEMENT_READ_MODEL, type AgreementReadModel } from '../src/application/ports/agreement-read-model.port';
import { DEADLINE_READ_MODEL, type DeadlineReadModel } from '../src/application/ports/deadlines.port';
import { DeadlineScheduler } from '../src/application/scheduler/deadline-scheduler';
import { createApp } from '../src/bootstrap';
import type { Actor } from '../src/domain/access/actor';
import { loadConfig } from '../src/infrastructure/config/app-config';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { activeAgreementEvents } from '../test/support/domain/generated-agreements';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { markdownTable, nowMs } from './support';
import { addDays } from '../src/domain/agreements/calendar';

const SIZES = (process.env.BENCH_SCHEDULER_SIZES ?? '10000,100000').split(',').map(Number);
/** Commands in flight at once, for the scheduler and for the baseline alike. */
const PARALLEL = 8;

const COORDINATOR: Actor = { id: 'biro-ks', name: 'Biro Kerja Sama', agencyId: 'kemendes-pdtt', roles: ['COORDINATOR'] };

interface Figures {
  readonly size: number;
  readonly idlePassMs: number;
  readonly idleCpuMs: number;
  readonly rssMb: number;
  readonly firedPerSecond: number;
  readonly plainPerSecond: number;
  readonly passSeconds: number;
  readonly fired: number;
  readonly reminders: number;
}

async function measure(size: number): Promise<Figures> {
  const directory = await temporaryDirectory('sepakat-bench-scheduler-');
  try {
    // End dates spread over five years (a prime step through 1,826 days); every other one is the baseline's.
    const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
    const scheduled: string[] = [];
    const plain: string[] = [];
    let head = 0n;
    for (let n = 0; n < size; n += 1) {
      const id = derivedUuid('bench-scheduler', String(size), String(n));
      (n % 2 === 0 ? scheduled : plain).push(id);
      const endDate = addDays('2026-01-01', (n * 7919) % 1826);
      head = (await store.append(`agreement-${id}`, activeAgreementEvents(id, endDate), { expectedRevision: 'no_stream' })).position;
    }
    await store.close();

    let now = new Date('2025-12-31T03:00:00Z');
    const config = loadConfig({ DATA_DIR: directory.path, LOG_LEVEL: 'error', SCHEDULER_INTERVAL_MS: '0', SQLITE_SYNCHRONOUS: 'full' });
    const app = await createApp(config, { clock: { now: () => now } });
    await app.init();
    try {
      const reads = app.get<AgreementReadModel>(AGREEMENT_READ_MODEL);
      const deadlines = app.get<DeadlineReadModel>(DEADLINE_READ_MODEL);
      if (!(await reads.reached(head, 600_000)) || !(await deadlines.reached(head, 600_000))) throw new Error('projections behind');
      const scheduler = app.get(DeadlineScheduler);
      const commands = app.get(CommandBus);

      // The reminders due now, then the steady state: best of five passes (the machine is shared).
      const warmUp = await scheduler.runDue();
      let idlePassMs = Infinity;
      let idleCpuMs = Infinity;
      for (let i = 0; i < 5; i += 1) {
        const cpu = process.cpuUsage();
        const started = nowMs();
        const pass = await scheduler.runDue();
        if (pass.fired !== 0) throw new Error(`a steady-state pass fired ${pass.fired}`);
        idlePassMs = Math.min(idlePassMs, nowMs() - started);
        const used = process.cpuUsage(cpu);
        idleCpuMs = Math.min(idleCpuMs, (used.user + used.system) / 1000);
      }
      global.gc?.();
      const rssMb = process.memoryUsage().rss / 1024 / 1024;

      // The baseline first, on its half: plain commands, no walk, no key.
      now = new Date('2031-01-03T03:00:00Z');
      let started = nowMs();
      let plainHead = 0n;
      for (let i = 0; i < plain.length; i += PARALLEL) {
        const results = await Promise.all(
          plain.slice(i, i + PARALLEL).map((id) => commands.execute(new PerformAgreementActionCommand(COORDINATOR, id, 'expire', {}))),
        );
        for (const result of results) if (result.position > plainHead) plainHead = result.position;
      }
      const plainPerSecond = plain.length / ((nowMs() - started) / 1000);
      if (!(await deadlines.reached(plainHead, 600_000))) throw new Error('deadlines behind');

      // Then one pass of the scheduler over the other half, all due at once.
      started = nowMs();
      const pass = await scheduler.runDue();
      const passSeconds = (nowMs() - started) / 1000;
      if (pass.fired !== scheduled.length) throw new Error(`the pass fired ${pass.fired} of ${scheduled.length}`);
      return {
        size,
        idlePassMs,
        idleCpuMs,
        rssMb,
        firedPerSecond: pass.fired / passSeconds,
        plainPerSecond,
        passSeconds,
        fired: pass.fired,
        reminders: warmUp.reminded,
      };
    } finally {
      await app.close();
    }
  } finally {
    await directory.remove();
  }
}

export async function benchScheduler(): Promise<string> {
  const figures: Figures[] = [];
  for (const size of SIZES) figures.push(await measure(size));
  return [
    markdownTable(
      [
        'agreements (deadlines)',
        'reminders due at the start',
        'steady-state pass',
        'its CPU',
        'process RSS',
        'one pass, all due',
        'scheduler',
        'plain `expire` commands',
        'scheduler / plain',
      ],
      figures.map((f) => [
        `${f.size.toLocaleString('en-US')} (${(f.size * 2).toLocaleString('en-US')})`,
        f.reminders.toLocaleString('en-US'),
        `${f.idlePassMs.toFixed(1)} ms`,
        `${f.idleCpuMs.toFixed(1)} ms`,
        `${Math.round(f.rssMb)} MB`,
        `${f.fired.toLocaleString('en-US')} in ${f.passSeconds.toFixed(1)} s`,
        `${Math.round(f.firedPerSecond).toLocaleString('en-US')}/s`,
        `${Math.round(f.plainPerSecond).toLocaleString('en-US')}/s`,
        `**${(f.firedPerSecond / f.plainPerSecond).toFixed(2)}×**`,
      ]),
    ),
    '',
    `Parallelism ${PARALLEL} for both; SQLite FULL. The steady-state figures are the best of five passes that found nothing new to do; at the default SCHEDULER_INTERVAL_MS of 60 s, the scheduler's CPU share is that figure / 60,000 ms.`,
  ].join('\n');
}
