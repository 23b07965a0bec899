import { randomUUID } from 'node:crypto';
import type { EventFilter } from './event-filter';
import {
  compareTFPos,
  isEventRecord,
  nowInTicks,
  positionOf,
  prepareRecordSize,
  systemRecordSize,
  tfPos,
  type EventRecord,
  type LogRecord,
  type TFPos,
} from './log-records';
import {
  DELETED_STREAM,
  EMPTY_METADATA,
  parseStreamMetadata,
  softDeletedMetadata,
  undeletedMetadata,
  type StreamMetadata,
} from './stream-metadata';

/** `Data/ExpectedVersion.cs`: the special expected versions as the server carries them internally. */
export const EXPECTED_NO_STREAM = -1n;
export const EXPECTED_ANY = -2n;
export const EXPECTED_STREAM_EXISTS = -4n;

export { DELETED_STREAM };

/** An event as proposed by a client, after the gRPC layer has read it (`Data/Event.cs`). */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** What a write answers, as `ClientMessage.WriteEventsCompleted` / `DeleteStreamCompleted` carry it. */
export type WriteOutcome =
  | {
      readonly result: 'success';
      /** -1 when the stream still has no event (an empty append to a new stream). */
      readonly lastEventNumber: bigint;
      /** Commit = prepare position of the answer; undefined when the server has none (-1). */
      readonly position: bigint | undefined;
    }
  | { readonly result: 'wrong-expected-version'; readonly currentVersion: bigint }
  | { readonly result: 'stream-deleted' };

/** `ReaderIndex/CommitCheckResult.cs` decisions. */
type CommitCheck =
  | { readonly decision: 'ok'; readonly currentVersion: bigint; readonly softDeleted: boolean }
  | { readonly decision: 'wrong-expected-version'; readonly currentVersion: bigint }
  | { readonly decision: 'corrupted-idempotency'; readonly currentVersion: bigint }
  | { readonly decision: 'deleted' }
  | { readonly decision: 'idempotent'; readonly startEventNumber: bigint; readonly endEventNumber: bigint };

export type StreamReadResult =
  | { readonly result: 'success'; readonly events: readonly EventRecord[] }
  | { readonly result: 'no-stream' }
  | { readonly result: 'stream-deleted' };

/** One page of `AllReader.ReadAllEventsForwardInternal`, the unit a `$all` subscription catches up in. */
export interface AllPage {
  readonly events: readonly EventRecord[];
  /** Data and delete records looked at, shown or not (drives the checkpoint interval). */
  readonly considered: number;
  /** The position the page was read from (`IndexReadAllResult.CurrentPos`). */
  readonly currentPos: TFPos;
  /** Where the next page starts: post-position of the last considered record, prepare 0. */
  readonly nextPos: TFPos;
  /** Whether the read passed the last indexed record (`reachedEndOfStream`). */
  readonly reachedEnd: boolean;
}

interface StreamState {
  /** Every event ever written, by event number (soft deletes keep numbering going). */
  readonly events: EventRecord[];
  tombstone: EventRecord | undefined;
}

export type CommittedListener = (records: readonly EventRecord[]) => void;

/**
 * The in-memory transaction log and stream index of one test server: EventStoreDB's storage writer,
 * index writer and readers reduced to what the gRPC API shows. Writes are synchronous and atomic.
 */
export class TransactionLog {
  private readonly records: LogRecord[] = [];
  private readonly indexByPosition = new Map<bigint, number>();
  private readonly streams = new Map<string, StreamState>();
  /**
   * `IndexWriter._committedEvents`: event id → the event, for idempotency of ANY / STREAM_EXISTS
   * appends. The server's is a bounded cache (and empty after a restart); this one keeps everything.
   */
  private readonly committedEvents = new Map<string, EventRecord>();
  private readonly listeners = new Set<CommittedListener>();
  private writer = 0n;
  /** Pre-position of the last data or delete record. */
  private lastPrepare = -1n;

  /** The writer checkpoint: post-position of the last record, where `$all` backwards from END starts. */
  get endPosition(): bigint {
    return this.writer;
  }

  /**
   * `ReadIndex.LastIndexedPosition`: pre-position of the last indexed (data or delete) record. A
   * subscription from END starts after it, and a forward read past it is at the end.
   */
  get lastIndexedPosition(): bigint {
    return this.lastPrepare;
  }

  /** Registers for every write's new event records, in log order (`StorageMessage.EventCommitted`). */
  onCommitted(listener: CommittedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Writes a non-event system record (the epoch record that opens the log). */
  writeSystemRecord(dataLength: number): void {
    const size = BigInt(systemRecordSize(dataLength));
    this.push({ kind: 'system', logPosition: this.writer, postPosition: this.writer + size });
  }

  /** Appends `events` to `stream` as one implicit transaction (`StorageWriterService.Handle(WritePrepares)`). */
  append(stream: string, expectedVersion: bigint, events: readonly ProposedEvent[]): WriteOutcome {
    const check = this.checkCommit(
      stream,
      expectedVersion,
      events.map((event) => event.id),
    );
    switch (check.decision) {
      case 'deleted':
        return { result: 'stream-deleted' };
      // `StorageWriterService.ActOnCommitCheckFailure`: corrupted idempotency is answered as a wrong expected version.
      case 'wrong-expected-version':
      case 'corrupted-idempotency':
        return { result: 'wrong-expected-version', currentVersion: check.currentVersion };
      case 'idempotent':
        // `StorageMessage.AlreadyCommitted` → `RequestManagerBase.ReturnCommitAt`: the last event
        // number of the original write (not the stream's current one) and that event's position,
        // or no position when it cannot be read any more (`IndexWriter.CheckCommit`: logPos -1).
        return {
          result: 'success',
          lastEventNumber: check.endEventNumber,
          position: this.readableEvent(stream, check.endEventNumber)?.logPosition,
        };
      case 'ok':
        break;
    }

    // Evaluated before the write, as `StorageWriterService` does before pre-committing it.
    const originalOfMetastream = stream.startsWith('$$') ? stream.slice(2) : undefined;
    const undeletesMetastream = originalOfMetastream !== undefined && this.isSoftDeleted(originalOfMetastream);
    const written: EventRecord[] = [];
    let position: bigint;
    if (events.length === 0) {
      // An empty transaction still writes one commit-alike prepare without data; the answer is the
      // unchanged current version at that record's position (`StorageChaser.ProcessPrepareRecord`).
      const size = BigInt(prepareRecordSize(stream, '', 0, 0));
      position = this.writer;
      this.push({ kind: 'empty', logPosition: this.writer, postPosition: this.writer + size });
    } else {
      events.forEach((event, offset) => {
        written.push(
          this.writeEvent(
            'event',
            stream,
            check.currentVersion + 1n + BigInt(offset),
            event.id,
            event.type,
            event.isJson,
            event.data,
            event.metadata,
          ),
        );
      });
      // `CommitAck.LogPosition` is the transaction's last prepare: the answer carries the last event's position.
      position = written[written.length - 1].logPosition;
    }
    if (check.softDeleted) {
      // `StorageWriterService.SoftUndeleteStream`: appending to a soft-deleted stream recreates it
      // by setting `$tb` to the first new event number, written after the events.
      const undelete = this.softUndelete(stream, check.currentVersion + 1n);
      if (undelete) written.push(undelete);
    }
    if (undeletesMetastream) {
      // `SoftUndeleteMetastream`: new metadata for a soft-deleted stream recreates it too, keeping
      // its old events hidden (`$tb` = its last event number + 1, merged into the new metadata).
      const undelete = this.softUndelete(originalOfMetastream, this.lastEventNumber(originalOfMetastream) + 1n);
      if (undelete) written.push(undelete);
    }
    this.notify(written);
    return { result: 'success', lastEventNumber: check.currentVersion + BigInt(events.length), position };
  }

  /**
   * Soft delete (`hard` false) or tombstone (`hard` true) after `StorageWriterService.Handle(WriteDelete)`.
   * The expected version is checked like an append of one new event.
   */
  delete(stream: string, expectedVersion: bigint, hard: boolean): WriteOutcome {
    const check = this.checkCommit(stream, expectedVersion, [randomUUID()]);
    switch (check.decision) {
      case 'deleted':
        return { result: 'stream-deleted' };
      case 'wrong-expected-version':
      case 'corrupted-idempotency':
        return { result: 'wrong-expected-version', currentVersion: check.currentVersion };
      case 'idempotent':
        throw new Error('a fresh event id cannot be idempotent');
      case 'ok':
        break;
    }
    let record: EventRecord;
    if (hard) {
      // `LogRecord.DeleteTombstone`: a `$streamDeleted` record with event number long.MaxValue, no data.
      record = this.writeEvent(
        'tombstone',
        stream,
        DELETED_STREAM,
        randomUUID(),
        '$streamDeleted',
        false,
        new Uint8Array(),
        new Uint8Array(),
      );
    } else {
      const metastream = `$$${stream}`;
      const metaLast = this.lastEventNumber(metastream);
      // Deleting a stream that has neither events nor metadata is a wrong expected version (-1).
      if (this.lastEventNumber(stream) < 0n && metaLast < 0n) return { result: 'wrong-expected-version', currentVersion: -1n };
      record = this.writeEvent(
        'event',
        metastream,
        metaLast + 1n,
        randomUUID(),
        '$metadata',
        true,
        softDeletedMetadata(),
        new Uint8Array(),
      );
    }
    this.notify([record]);
    // `DeleteStream` request manager: the position of the written record.
    return { result: 'success', lastEventNumber: record.eventNumber, position: record.logPosition };
  }

  /** `IndexWriter.GetStreamLastEventNumber`: -1 for no stream, `DELETED_STREAM` when tombstoned. */
  lastEventNumber(stream: string): bigint {
    const state = this.streams.get(stream);
    if (!state) return -1n;
    if (state.tombstone) return DELETED_STREAM;
    return BigInt(state.events.length) - 1n;
  }

  /** The metadata in effect: the last event of `$$stream`. */
  streamMetadata(stream: string): StreamMetadata {
    const meta = this.streams.get(`$$${stream}`);
    const last = meta?.events[meta.events.length - 1];
    return last ? parseStreamMetadata(last.data) : EMPTY_METADATA;
  }

  isSoftDeleted(stream: string): boolean {
    return this.streamMetadata(stream).truncateBefore === DELETED_STREAM;
  }

  /**
   * `IndexReader.ReadStreamEventsForward` as the gRPC enumerator pages it: events from `fromEventNumber`
   * (inclusive) up, at most `maxCount`, never below `$tb` / `$maxCount`.
   */
  readStreamForwards(stream: string, fromEventNumber: bigint, maxCount: bigint): StreamReadResult {
    const status = this.streamReadStatus(stream);
    if (status) return status;
    const events = this.streams.get(stream)!.events;
    const start = maxOf(fromEventNumber, this.minEventNumber(stream));
    const out: EventRecord[] = [];
    for (let n = start; n < BigInt(events.length) && BigInt(out.length) < maxCount; n++) out.push(events[Number(n)]);
    return { result: 'success', events: out };
  }

  /**
   * `IndexReader.ReadStreamEventsBackward` as the enumerator pages it: from `fromEventNumber`
   * (inclusive; -1 = the last event; beyond the last = the last) down, at most `maxCount`.
   */
  readStreamBackwards(stream: string, fromEventNumber: bigint, maxCount: bigint): StreamReadResult {
    const status = this.streamReadStatus(stream);
    if (status) return status;
    const last = this.lastEventNumber(stream);
    const events = this.streams.get(stream)!.events;
    const end = fromEventNumber < 0n || fromEventNumber > last ? last : fromEventNumber;
    const min = this.minEventNumber(stream);
    const out: EventRecord[] = [];
    for (let n = end; n >= min && BigInt(out.length) < maxCount; n--) out.push(events[Number(n)]);
    return { result: 'success', events: out };
  }

  /**
   * `$all` forwards (`AllReader.ReadAllEventsForward`): event and tombstone records whose position is
   * at or after `from` — inclusive — that `filter` allows. Lazy, so it runs on into events written
   * while it is read, as the server's paged read does.
   */
  *readAllForwards(from: TFPos, filter: EventFilter): Generator<EventRecord> {
    if (from.commit > this.lastPrepare) return;
    this.assertRecordStart(from.commit);
    for (let index = this.indexByPosition.get(from.commit)!; index < this.records.length; index++) {
      const record = this.records[index];
      if (isEventRecord(record) && compareTFPos(positionOf(record), from) >= 0 && filter.isEventAllowed(record)) yield record;
    }
  }

  /**
   * `$all` backwards (`AllReader.ReadAllEventsBackward`, positions are post-positions): records
   * whose (post, post) ≤ `from`, newest first. An event's own position therefore excludes it; END
   * is the writer checkpoint, which includes the last record.
   */
  *readAllBackwards(from: TFPos, filter: EventFilter): Generator<EventRecord> {
    if (from.commit !== this.writer) this.assertRecordStart(from.commit);
    for (let index = this.records.length - 1; index >= 0; index--) {
      const record = this.records[index];
      if (compareTFPos(tfPos(record.postPosition, record.postPosition), from) > 0) continue;
      if (isEventRecord(record) && filter.isEventAllowed(record)) yield record;
    }
  }

  /**
   * One page of `AllReader.ReadAllEventsForwardInternal` (filtered or not) as a `$all` subscription
   * reads it while catching up: stops at `maxCount` shown events or `maxSearchWindow` considered
   * ones, or when it passes the last indexed record.
   */
  readAllForwardPage(from: TFPos, maxCount: number, maxSearchWindow: number, filter: EventFilter): AllPage {
    const events: EventRecord[] = [];
    let considered = 0;
    let nextPos = from;
    let reachedEnd = false;
    let nextCommitPos = from.commit;
    if (from.commit <= this.lastPrepare) this.assertRecordStart(from.commit);
    let index = this.indexByPosition.get(from.commit) ?? this.records.length;
    while (events.length < maxCount && considered < maxSearchWindow) {
      if (nextCommitPos > this.lastPrepare) {
        reachedEnd = true;
        break;
      }
      while (index < this.records.length && this.records[index].kind === 'system') index++;
      if (index >= this.records.length) break;
      const record = this.records[index++];
      nextCommitPos = record.postPosition;
      if (isEventRecord(record) && compareTFPos(positionOf(record), from) >= 0) {
        considered++;
        if (filter.isEventAllowed(record)) events.push(record);
        // "for forward pass position is inclusive": the next page starts at this record's post-position.
        nextPos = tfPos(record.postPosition, 0n);
      }
    }
    return { events, considered, currentPos: from, nextPos, reachedEnd };
  }

  /**
   * `IndexWriter.CheckCommit` (v24.10), with the fast path for new streams folded in (it decides
   * the same): the expected-version check and idempotency of retried appends.
   */
  private checkCommit(stream: string, expectedVersion: bigint, eventIds: readonly string[]): CommitCheck {
    const current = this.lastEventNumber(stream);
    if (current === DELETED_STREAM) return { decision: 'deleted' };
    const softDeleted = this.isSoftDeleted(stream);

    if (expectedVersion === EXPECTED_STREAM_EXISTS) {
      if (softDeleted) return { decision: 'deleted' };
      if (current < 0n && this.lastEventNumber(`$$${stream}`) < 0n) return { decision: 'wrong-expected-version', currentVersion: current };
    }

    // ANY / STREAM_EXISTS: idempotent when every id is already an event of this stream (looked up by id only).
    if (expectedVersion === EXPECTED_ANY || expectedVersion === EXPECTED_STREAM_EXISTS) {
      let first = true;
      let start = -1n;
      let end = -1n;
      for (const id of eventIds) {
        const known = this.committedEvents.get(id);
        if (!known || known.stream !== stream) {
          return first
            ? { decision: 'ok', currentVersion: current, softDeleted }
            : { decision: 'corrupted-idempotency', currentVersion: current };
        }
        if (first) start = known.eventNumber;
        end = known.eventNumber;
        first = false;
      }
      if (first) return { decision: 'ok', currentVersion: current, softDeleted };
      return { decision: 'idempotent', startEventNumber: start, endEventNumber: end };
    }

    // An expected version behind the stream: idempotent when the events after it carry the same ids.
    if (expectedVersion < current) {
      const events = this.streams.get(stream)!.events;
      let eventNumber = expectedVersion;
      for (const id of eventIds) {
        eventNumber += 1n;
        if (events[Number(eventNumber)]?.id === id) continue;
        if (eventNumber !== expectedVersion + 1n) return { decision: 'corrupted-idempotency', currentVersion: current };
        if (expectedVersion === EXPECTED_NO_STREAM && softDeleted) return { decision: 'ok', currentVersion: current, softDeleted: true };
        return { decision: 'wrong-expected-version', currentVersion: current };
      }
      if (eventNumber === expectedVersion) return { decision: 'wrong-expected-version', currentVersion: current };
      return { decision: 'idempotent', startEventNumber: expectedVersion + 1n, endEventNumber: eventNumber };
    }

    if (expectedVersion > current) return { decision: 'wrong-expected-version', currentVersion: current };
    // Expected version equal to the current one: written, whatever the ids.
    return { decision: 'ok', currentVersion: current, softDeleted };
  }

  /** `IndexReader.ReadEvent`: the event if a read could return it (not soft-deleted, not truncated). */
  private readableEvent(stream: string, eventNumber: bigint): EventRecord | undefined {
    if (this.streamReadStatus(stream)) return undefined;
    if (eventNumber < this.minEventNumber(stream) || eventNumber > this.lastEventNumber(stream)) return undefined;
    return this.streams.get(stream)!.events[Number(eventNumber)];
  }

  /** `ReadStreamResult.StreamDeleted` / `NoStream` (no events, or `$tb` = deleted), else undefined. */
  private streamReadStatus(stream: string): StreamReadResult | undefined {
    const last = this.lastEventNumber(stream);
    if (last === DELETED_STREAM) return { result: 'stream-deleted' };
    if (last === -1n || this.isSoftDeleted(stream)) return { result: 'no-stream' };
    return undefined;
  }

  /** Lowest readable event number under `$maxCount` and `$tb` (`IndexReader`: `minEventNumber`). */
  private minEventNumber(stream: string): bigint {
    const metadata = this.streamMetadata(stream);
    let min = 0n;
    if (metadata.maxCount !== undefined) min = maxOf(min, this.lastEventNumber(stream) - metadata.maxCount + 1n);
    if (metadata.truncateBefore !== undefined) min = maxOf(min, metadata.truncateBefore);
    return min;
  }

  private softUndelete(stream: string, recreateFrom: bigint): EventRecord | undefined {
    const metastream = `$$${stream}`;
    const meta = this.streams.get(metastream);
    const raw = meta?.events[meta.events.length - 1]?.data;
    const data = raw && undeletedMetadata(raw, recreateFrom);
    if (!data) return undefined;
    return this.writeEvent(
      'event',
      metastream,
      this.lastEventNumber(metastream) + 1n,
      randomUUID(),
      '$metadata',
      true,
      data,
      new Uint8Array(),
    );
  }

  private writeEvent(
    kind: EventRecord['kind'],
    stream: string,
    eventNumber: bigint,
    id: string,
    type: string,
    isJson: boolean,
    data: Uint8Array,
    metadata: Uint8Array,
  ): EventRecord {
    const size = BigInt(prepareRecordSize(stream, type, data.length, metadata.length));
    const record: EventRecord = {
      kind,
      logPosition: this.writer,
      postPosition: this.writer + size,
      stream,
      eventNumber,
      id,
      type,
      isJson,
      data,
      metadata,
      created: nowInTicks(),
    };
    this.push(record);
    let state = this.streams.get(stream);
    if (!state) {
      state = { events: [], tombstone: undefined };
      this.streams.set(stream, state);
    }
    if (kind === 'tombstone') state.tombstone = record;
    else state.events.push(record);
    this.committedEvents.set(id, record);
    return record;
  }

  private push(record: LogRecord): void {
    this.indexByPosition.set(record.logPosition, this.records.length);
    this.records.push(record);
    this.writer = record.postPosition;
    // Only data and delete prepares are indexed (`StorageChaser.ProcessPrepareRecord` collects those).
    if (isEventRecord(record)) this.lastPrepare = record.logPosition;
  }

  private notify(records: readonly EventRecord[]): void {
    if (records.length === 0) return;
    for (const listener of [...this.listeners]) listener(records);
  }

  /**
   * A read from inside the log must start at a record boundary. The server repositions its chunk
   * reader there and fails to read a record from the middle of one (`InvalidReadException` →
   * `ReadAllResult.InvalidPosition`).
   */
  private assertRecordStart(position: bigint): void {
    if (!this.indexByPosition.has(position)) throw new InvalidPositionError(position);
  }
}

/** A `$all` read from a position that is not a record boundary (`ReadAllResult.InvalidPosition`). */
export class InvalidPositionError extends Error {
  constructor(readonly position: bigint) {
    super(`No log record starts at ${position}`);
    this.name = 'InvalidPositionError';
  }
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
