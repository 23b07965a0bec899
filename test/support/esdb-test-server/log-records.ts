/**
 * The records of the in-memory transaction log and their positions.
 *
 * EventStoreDB's log ("TF", transaction file) is a sequence of length-prefixed binary records; a
 * record's position is its byte offset. Since v21 every event appended over gRPC is written as a
 * self-committed prepare record (`PrepareFlags.IsCommitted`, see `StorageWriterService.Handle(WritePrepares)`
 * in EventStore/EventStore v21.10–v24.10), so there are no separate commit records: an event's
 * commit position and prepare position are both its own record's offset
 * (`AllReader.ReadAllEventsForwardInternal`: `new CommitEventRecord(eventRecord, prepare.LogPosition)`;
 * `ResolvedEvent.CalculatePosition`: `IsSelfCommitted` → `new TFPos(LogPosition, LogPosition)`).
 */

/**
 * A log position as EventStoreDB's `TFPos`: a (commit, prepare) pair compared commit first. -1 in
 * either part means "before the log" (a subscription from the start) in the server's internals.
 */
export interface TFPos {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export function tfPos(commit: bigint, prepare: bigint = commit): TFPos {
  return { commit, prepare };
}

/** `TFPos` ordering (`TFPos.CompareTo`: commit position first, then prepare position). */
export function compareTFPos(a: TFPos, b: TFPos): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** `ulong.MaxValue`: `Position.End`, and what `Position.FromInt64` makes of -1. */
export const UINT64_MAX = 2n ** 64n - 1n;

/** `Transport.Common.Position.FromInt64`: the wire form of a log position; -1 becomes `ulong.MaxValue`. */
export function toWirePosition(value: bigint): bigint {
  return value === -1n ? UINT64_MAX : value;
}

/** A recorded event, as `EventRecord` plus the record's place in the log. */
export interface EventRecord {
  /** `event` for a data prepare, `tombstone` for a hard delete's `$streamDeleted` record (`PrepareFlags.StreamDelete`). */
  readonly kind: 'event' | 'tombstone';
  /** Pre-position: the record's offset; also its commit and prepare position. */
  readonly logPosition: bigint;
  /** Post-position: the offset of the next record. */
  readonly postPosition: bigint;
  readonly stream: string;
  /** 0-based; `DELETED_STREAM` (long.MaxValue) for a tombstone. */
  readonly eventNumber: bigint;
  /** Lower-case canonical UUID (`Guid.ToString()`). */
  readonly id: string;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  /** `EventRecord.TimeStamp.ToTicksSinceEpoch()`: 100 ns ticks since the Unix epoch. */
  readonly created: bigint;
}

/**
 * A record that is not an event: the epoch `SystemLogRecord` at the head of the log, or the empty
 * commit-alike prepare an append of zero events writes (`StorageWriterService`: "else" branch of
 * `msg.Events.Length > 0`). Both take room in the log and are never returned by reads.
 */
export interface NonEventRecord {
  readonly kind: 'system' | 'empty';
  readonly logPosition: bigint;
  readonly postPosition: bigint;
}

export type LogRecord = EventRecord | NonEventRecord;

export function isEventRecord(record: LogRecord): record is EventRecord {
  return record.kind === 'event' || record.kind === 'tombstone';
}

/** The position of an event record, as `TFPos` (commit = prepare = its offset). */
export function positionOf(record: LogRecord): TFPos {
  return tfPos(record.logPosition, record.logPosition);
}

/** Bytes `BinaryWriter.Write(string)` takes: a 7-bit encoded length, then the UTF-8 bytes. */
function stringSize(text: string): number {
  let bytes = Buffer.byteLength(text, 'utf8');
  let total = bytes;
  do {
    total += 1;
    bytes >>>= 7;
  } while (bytes > 0);
  return total;
}

/**
 * On-disk size of a LogV2 prepare record (`PrepareLogRecord.SizeOnDisk`, record version 1):
 * length prefix and suffix, type, version, log position, flags, transaction position and offset,
 * expected version, stream id, event id, correlation id, timestamp, event type, data, metadata.
 * Positions therefore grow by realistic, uneven amounts (≈ 100 bytes plus the payload).
 */
export function prepareRecordSize(stream: string, eventType: string, dataLength: number, metadataLength: number): number {
  return (
    2 * 4 + // length prefix & suffix
    1 + // record type
    1 + // version
    8 + // log position
    2 + // flags
    8 + // transaction position
    4 + // transaction offset
    8 + // expected version
    stringSize(stream) +
    16 + // event id
    16 + // correlation id
    8 + // timestamp
    stringSize(eventType) +
    4 +
    dataLength +
    4 +
    metadataLength
  );
}

/**
 * On-disk size of a `SystemLogRecord` (the epoch record): length prefix and suffix, type, version,
 * log position, timestamp, system record type, serialization, reserved, data length, data.
 */
export function systemRecordSize(dataLength: number): number {
  return 2 * 4 + 1 + 1 + 8 + 8 + 1 + 1 + 8 + 4 + dataLength;
}

/** Now, in .NET ticks (100 ns) since the Unix epoch, sub-millisecond like `DateTime.UtcNow`. */
export function nowInTicks(): bigint {
  return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 10_000));
}
