import Database from 'better-sqlite3';
import {
  DuplicateEventIdError,
  InvalidAppendError,
  StreamRevisionConflictError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
  type Subscription,
} from '../../../application/ports/event-store.port';
import type { JsonObject } from '../../../application/event-store/json';
import { assertExpectedRevision, assertValidAppend, resolveStoredIds, sealAfterTail, StoredPlace } from '../shared/append-rules';
import { CommitSignal } from '../shared/commit-signal';
import { matchesFilter } from '../shared/event-filter';
import { PollingSubscription } from '../shared/polling-subscription';
import { EVENTS_SCHEMA } from './sqlite-event-schema';

/**
 * `full`: every acknowledged append is on disk before the promise resolves (survives power loss).
 * `normal`: in WAL mode, an append survives a crash of this process but the last ones may be lost
 * on power loss or an OS crash; faster, and named so.
 */
export type SqliteSynchronous = 'full' | 'normal';

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:` for a private in-memory database. */
  readonly filename: string;
  readonly synchronous?: SqliteSynchronous;
  /** Most appends committed in one transaction; more wait for the next group. */
  readonly maxGroupSize?: number;
  /** WAL pages that trigger a checkpoint (SQLite's default is 1,000). */
  readonly walAutocheckpointPages?: number;
  /** How often an idle subscription re-reads without a commit signal (writers in other processes). */
  readonly idlePollMs?: number;
  readonly now?: () => Date;
  /** Told the size of every group committed (for the metrics). */
  readonly onGroupCommitted?: (appends: number) => void;
}

interface PendingAppend {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly options: AppendOptions;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

interface EventRow {
  position: number;
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  prev_hash: string;
  hash: string;
  recorded_at: string;
}

const PAGE_SIZE = 500;
/**
 * Group commits dirty many index pages at once; copying the WAL back every ~16 MB rather than
 * every ~4 MB saves a third of their cost. Measured in BENCHMARKS.md.
 */
const DEFAULT_WAL_AUTOCHECKPOINT_PAGES = 4_000;

/**
 * The embedded default event store: one SQLite file in WAL mode (better-sqlite3).
 *
 * Group commit: appends are queued and, once per turn of the event loop, every queued append is
 * written in ONE transaction. Each is checked (expected revision, event ids, content) before it
 * writes, so one refused append does not fail the others.
 * With `synchronous=FULL` that costs one fsync per group instead of one per append, which is what
 * keeps durability cheap under concurrency. A promise resolves only after its group has committed.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<Subscription>();
  private readonly now: () => Date;
  private readonly maxGroupSize: number;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;

  private readonly statements: {
    placeOf: Database.Statement<[string], { stream: string; revision: number; position: number }>;
    tail: Database.Statement<[string], { revision: number; hash: string }>;
    insert: Database.Statement<[string, string, number, string, string, string, string, string, string]>;
    streamForwards: Database.Statement<[string, number, number], EventRow>;
    streamBackwards: Database.Statement<[string, number, number], EventRow>;
    allForwards: Database.Statement<[number, number], EventRow>;
    allBackwards: Database.Statement<[number, number], EventRow>;
  };
  private readonly commitGroup: Database.Transaction<(group: readonly PendingAppend[]) => Outcome[]>;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.maxGroupSize = options.maxGroupSize ?? 512;
    this.db = new Database(options.filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    // SQLite checkpoints inside the commit that crosses the threshold. Off-thread checkpoints were
    // tried: under sustained appends they never catch up with the writer, so the WAL never restarts
    // and keeps growing, and every fsync then also pays for the growing file.
    this.db.pragma(`wal_autocheckpoint = ${options.walAutocheckpointPages ?? DEFAULT_WAL_AUTOCHECKPOINT_PAGES}`);
    this.db.exec(EVENTS_SCHEMA);
    this.statements = {
      placeOf: this.db.prepare('SELECT stream, revision, position FROM events WHERE id = ?'),
      tail: this.db.prepare('SELECT revision, hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      insert: this.db.prepare(
        `INSERT INTO events (id, stream, revision, type, data, metadata, prev_hash, hash, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      streamForwards: this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?'),
      streamBackwards: this.db.prepare('SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?'),
      allForwards: this.db.prepare('SELECT * FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?'),
      allBackwards: this.db.prepare('SELECT * FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?'),
    };
    this.commitGroup = this.db.transaction((group: readonly PendingAppend[]) =>
      group.map((pending): Outcome => {
        try {
          return { ok: true, result: this.write(pending) };
        } catch (error) {
          // Refusals happen before the append writes anything, so the others can still commit.
          // Anything else aborts the whole group: nothing of it is written, every caller is told.
          if (isRefusal(error)) return { ok: false, error };
          throw error;
        }
      }),
    );
  }

  append(stream: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) throw new Error('The event store is closed');
      assertValidAppend(stream, events, options.expectedRevision);
      this.queue.push({ stream, events, options, resolve, reject });
      this.scheduleFlush();
    });
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from = options.fromRevision !== undefined ? Number(options.fromRevision) : backwards ? Number.MAX_SAFE_INTEGER : 0;
    const statement = backwards ? this.statements.streamBackwards : this.statements.streamForwards;
    while (remaining > 0) {
      const rows = statement.all(stream, from, Math.min(PAGE_SIZE, remaining));
      for (const row of rows) yield toRecordedEvent(row);
      remaining -= rows.length;
      if (rows.length < PAGE_SIZE) return;
      from = rows[rows.length - 1].revision + (backwards ? -1 : 1);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from = options.fromPosition !== undefined ? Number(options.fromPosition) : backwards ? Number.MAX_SAFE_INTEGER : 0;
    const statement = backwards ? this.statements.allBackwards : this.statements.allForwards;
    while (remaining > 0) {
      const rows = statement.all(from, PAGE_SIZE);
      for (const row of rows) {
        if (!matchesFilter(row.stream, row.type, options.filter)) continue;
        yield toRecordedEvent(row);
        if (--remaining === 0) return;
      }
      if (rows.length < PAGE_SIZE) return;
      from = rows[rows.length - 1].position + (backwards ? -1 : 1);
    }
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    const subscription = new PollingSubscription(
      (after, limit) => this.statements.allForwards.all(after === undefined ? 0 : Number(after) + 1, limit).map(toRecordedEvent),
      this.signal,
      {
        ...options,
        pageSize: PAGE_SIZE,
        idlePollMs: this.options.idlePollMs ?? (this.options.filename === ':memory:' ? undefined : 1000),
      },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.queue.length > 0) this.flush();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    this.db.close();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate, not a microtask: requests whose I/O completed in this turn join the group.
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
      if (this.queue.length > 0) this.scheduleFlush();
    });
  }

  private flush(): void {
    const group = this.queue.splice(0, this.maxGroupSize);
    if (group.length === 0) return;
    let outcomes: Outcome[];
    try {
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      // The transaction failed (disk full, I/O error): nothing of the group was written.
      for (const pending of group) pending.reject(error);
      return;
    }
    this.options.onGroupCommitted?.(group.length);
    outcomes.forEach((outcome, index) => {
      const pending = group[index];
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    this.signal.notify();
  }

  /**
   * Runs inside the group transaction. Every check that can refuse the append comes before its
   * first insert, so a refused append has written nothing.
   */
  private write({ stream, events, options }: PendingAppend): AppendResult {
    const found = events.map((event) => placeOf(this.statements.placeOf.get(event.id.toLowerCase())));
    const retried = resolveStoredIds(stream, events, options.expectedRevision, found);
    if (retried) return retried;
    const tail = this.statements.tail.get(stream);
    assertExpectedRevision(stream, options.expectedRevision, tail ? BigInt(tail.revision) : 'no_stream');
    const sealed = sealAfterTail(stream, tail && { revision: BigInt(tail.revision), hash: tail.hash }, events);
    const recordedAt = this.now().toISOString();
    let position = 0;
    for (const event of sealed) {
      const { prevHash, hash, ...metadata } = event.metadata;
      position = Number(
        this.statements.insert.run(
          event.id.toLowerCase(),
          stream,
          Number(event.revision),
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(metadata),
          prevHash,
          hash,
          recordedAt,
        ).lastInsertRowid,
      );
    }
    return { nextRevision: sealed[sealed.length - 1].revision, position: BigInt(position) };
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof StreamRevisionConflictError || error instanceof DuplicateEventIdError || error instanceof InvalidAppendError;
}

function placeOf(row: { stream: string; revision: number; position: number } | undefined): StoredPlace | undefined {
  return row && { stream: row.stream, revision: BigInt(row.revision), position: BigInt(row.position) };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    stream: row.stream,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    metadata: { ...(JSON.parse(row.metadata) as JsonObject), prevHash: row.prev_hash, hash: row.hash },
    recordedAt: new Date(row.recorded_at),
  };
}
