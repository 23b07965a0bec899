import { Logger } from '@nestjs/common';
import type { Kysely } from 'kysely';
import type { StuckEvent } from '../../application/ports/agreement-read-model.port';
import type { EventStore } from '../../application/ports/event-store.port';
import type { Projection } from '../../projections/projection';
import type { CheckpointTables } from '../read-models/read-model-database';
import type { Leadership } from './leadership';
import { ProjectionRunner } from './projection-runner';

/** Which version of each projection answers queries; shared by every replica on the database. */
export interface ServingTables {
  projection_serving: { projection: string; version: number; switched_at: string };
}

export interface ProjectionVersionsOptions {
  /** Leadership of one projection version (its key, e.g. `agreements@v2`), so each version has one leader. */
  readonly leadership: (key: string) => Leadership;
  readonly batchSize?: number;
  /** How often a standby runner follows the leader's checkpoint. */
  readonly followPollMs?: number;
  /** How often a pending switch is checked: has the new version caught up, or has another replica switched? */
  readonly switchPollMs?: number;
}

/** Where one version stands, for health checks. */
export interface VersionStatus {
  readonly projection: string;
  readonly status: string;
  readonly position: string | null;
  readonly failure?: string;
  /** The stored event the version stopped on, when it failed on one. */
  readonly stuckAt?: StuckEvent;
}

type Db<Tables> = Kysely<Tables & CheckpointTables>;

/**
 * The versions of one projection, and which one serves. Bumping a projection's version (adding
 * `agreements@v2` after `agreements@v1` in the list) rebuilds the new version into tables of its
 * own while the old version keeps serving and keeps up with new events; once the new version has
 * caught up, queries switch to it (the switch is recorded in `projection_serving`, so every replica
 * and every restart agrees) and the old version's runner stops. Its tables are kept: a replica
 * still running the old code may be reading them; drop them once none is.
 *
 * This is also the way out of a stuck version (one that failed on a stored event): the fixed
 * version rebuilds beside it and takes over once it has passed the position the stuck one
 * reached; meanwhile reads of the stuck version are refused rather than answered from a read
 * model that no longer moves.
 */
export class ProjectionVersions<Tables, Reader> {
  private readonly logger: Logger;
  private readonly runners = new Map<number, ProjectionRunner<Tables>>();
  private readonly readers = new Map<number, Reader>();
  private servingVersion: number;
  private timer: NodeJS.Timeout | undefined;
  /** The switch check in flight, if any: stop() waits for it, so that it neither starts a runner nor queries afterwards. */
  private checking: Promise<void> | undefined;
  private stopping = false;
  private rebuildStarted: Promise<void> | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: Db<Tables>,
    private readonly versions: readonly Projection<Tables>[],
    private readonly makeReader: (db: Db<Tables>, runner: ProjectionRunner<Tables>) => Reader,
    private readonly options: ProjectionVersionsOptions,
  ) {
    if (versions.length === 0) throw new Error('A projection needs at least one version');
    const names = new Set(versions.map((version) => version.name));
    if (names.size !== 1) throw new Error(`The versions of one projection must share its name, got ${[...names].join(', ')}`);
    const numbers = versions.map((version) => version.version);
    if (numbers.some((n, i) => i > 0 && n <= numbers[i - 1]))
      throw new Error(`Projection versions must be listed in increasing order, got ${numbers.join(', ')}`);
    this.logger = new Logger(`Projection ${this.name}`);
    this.servingVersion = this.latest.version;
  }

  get name(): string {
    return this.versions[0].name;
  }

  /** The reader of the version that answers queries now. */
  get serving(): Reader {
    return this.readers.get(this.servingVersion)!;
  }

  get servingRunner(): ProjectionRunner<Tables> {
    return this.runners.get(this.servingVersion)!;
  }

  /** The newer version being built while an older one serves. */
  get rebuilding(): ProjectionRunner<Tables> | undefined {
    return this.servingVersion === this.latest.version ? undefined : this.runners.get(this.latest.version);
  }

  private get latest(): Projection<Tables> {
    return this.versions[this.versions.length - 1];
  }

  /** The same database, typed for the serving table. */
  private get servingDb(): Kysely<ServingTables> {
    return this.db as unknown as Kysely<ServingTables>;
  }

  private async recordedVersion(): Promise<number | undefined> {
    const row = await this.servingDb
      .selectFrom('projection_serving')
      .select('version')
      .where('projection', '=', this.name)
      .executeTakeFirst();
    return row ? Number(row.version) : undefined;
  }

  async start(): Promise<void> {
    await this.servingDb.schema
      .createTable('projection_serving')
      .ifNotExists()
      .addColumn('projection', 'text', (c) => c.primaryKey())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('switched_at', 'text', (c) => c.notNull())
      .execute();
    this.servingVersion = await this.chooseServingVersion();
    await this.servingDb
      .insertInto('projection_serving')
      .values({ projection: this.name, version: this.servingVersion, switched_at: new Date().toISOString() })
      .onConflict((conflict) => conflict.column('projection').doNothing())
      .execute();
    for (const projection of this.versions) {
      if (projection.version < this.servingVersion) continue;
      const runner = new ProjectionRunner(this.store, this.db, projection, {
        leadership: this.options.leadership(`${projection.name}@v${projection.version}`),
        ...(this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }),
        ...(this.options.followPollMs === undefined ? {} : { followPollMs: this.options.followPollMs }),
      });
      this.runners.set(projection.version, runner);
      this.readers.set(projection.version, this.makeReader(this.db, runner));
    }
    // Queries wait for the serving version only; a rebuild starts beside it in the background.
    const rebuilding = this.rebuilding;
    if (rebuilding) this.rebuildStarted = rebuilding.start();
    await this.servingRunner.start();
    if (rebuilding) {
      this.logger.log(`v${this.servingVersion} serves while v${this.latest.version} rebuilds`);
      this.timer = setInterval(() => {
        this.checking ??= this.checkSwitch().finally(() => (this.checking = undefined));
      }, this.options.switchPollMs ?? 250);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.checking;
    await this.rebuildStarted;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  /** Where the serving version stands, and the version being rebuilt if there is one. */
  status(): VersionStatus & { readonly rebuilding?: VersionStatus } {
    const next = this.rebuilding;
    return { ...runnerStatus(this.servingRunner), ...(next ? { rebuilding: runnerStatus(next) } : {}) };
  }

  /**
   * The recorded serving version if this code still has it; else (a database from before versions
   * were recorded) the newest version with a checkpoint; else, on an empty database, the newest.
   */
  private async chooseServingVersion(): Promise<number> {
    const recorded = await this.recordedVersion();
    if (recorded !== undefined) {
      if (this.versions.some((projection) => projection.version === recorded)) return recorded;
      this.logger.warn(
        recorded > this.latest.version
          ? `v${recorded} serves on this database but this code only knows up to v${this.latest.version}: serving v${this.latest.version} here`
          : `v${recorded} served but its code is gone: serving v${this.latest.version}, which answers from what it has rebuilt so far`,
      );
      return this.latest.version;
    }
    const checkpoints = await (this.db as unknown as Kysely<CheckpointTables>)
      .selectFrom('projection_checkpoints')
      .select('projection')
      .execute();
    const keys = new Set(checkpoints.map((checkpoint) => checkpoint.projection));
    const built = this.versions.filter((projection) => keys.has(`${projection.name}@v${projection.version}`));
    return (built[built.length - 1] ?? this.latest).version;
  }

  /** Switches once the new version has caught up here, or once another replica recorded the switch. */
  private async checkSwitch(): Promise<void> {
    if (this.stopping || !this.rebuilding) return;
    try {
      const latest = this.latest.version;
      const recorded = await this.recordedVersion();
      const candidate = recorded === undefined ? undefined : this.runners.get(recorded);
      if (recorded !== undefined && recorded > this.servingVersion && candidate) {
        // Another replica switched. Adopt once this replica's view of that version is as far as
        // the serving one, so that a position already answered here is not lost by the switch.
        if (candidate.status === 'starting') await candidate.start();
        if (this.caughtUpWithServing(candidate)) await this.adopt(recorded, 'another replica switched');
      } else if (this.rebuilding?.status === 'live' && this.caughtUpWithServing(this.rebuilding)) {
        await this.servingDb
          .updateTable('projection_serving')
          .set({ version: latest, switched_at: new Date().toISOString() })
          .where('projection', '=', this.name)
          .where('version', '<', latest)
          .execute();
        await this.adopt(latest, `rebuilt to position ${String(this.rebuilding.position ?? 'start')}`);
      }
    } catch (error) {
      this.logger.warn(`could not check the switch to v${this.latest.version}: ${(error as Error).message}`);
    }
  }

  private caughtUpWithServing(runner: ProjectionRunner<Tables>): boolean {
    const serving = this.servingRunner.position;
    return serving === undefined || (runner.position !== undefined && runner.position >= serving);
  }

  /**
   * Resolves true once the serving version has applied `position`, false after `timeoutMs`. Waits
   * in short slices on whichever version serves, so that a switch meanwhile does not strand it.
   */
  async reached(position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const runner = this.servingRunner;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      if ((await runner.reached(position, Math.min(left, 250))) && runner === this.servingRunner) return true;
      // A failed serving version will not get there; a switch meanwhile is worth another look.
      if (runner.status === 'failed' && runner === this.servingRunner) return false;
    }
  }

  private async adopt(version: number, why: string): Promise<void> {
    const previous = this.servingVersion;
    this.servingVersion = version;
    if (!this.rebuilding) clearInterval(this.timer);
    const retired = [...this.runners.entries()].filter(([v]) => v < version);
    for (const [v, runner] of retired) {
      await runner.stop();
      this.runners.delete(v);
      this.readers.delete(v);
    }
    this.logger.log(`switched from v${previous} to v${version} (${why}); the tables of v${previous} are kept until no replica serves it`);
  }
}

/** Where one runner stands, for health checks and the read model's status. */
export function runnerStatus(runner: Pick<ProjectionRunner<never>, 'name' | 'status' | 'position' | 'failure' | 'stuckAt'>): VersionStatus {
  const { status, position, failure, stuckAt } = runner;
  return {
    projection: runner.name,
    status,
    position: position?.toString() ?? null,
    ...(failure ? { failure } : {}),
    ...(stuckAt ? { stuckAt } : {}),
  };
}
