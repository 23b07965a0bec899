import type { ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { defaultAllFilter, expressionFilter, type EventFilter } from './event-filter';
import { tfPos, type TFPos } from './log-records';
import { eventResponse, streamName, streamNotFoundResponse } from './read-responses';
import { ResponseWriter } from './response-writer';
import { RpcError } from './rpc-error';
import {
  AllSubscription,
  READ_BATCH_SIZE,
  StreamSubscription,
  type AllSubscriptionFilter,
  type SubscriptionRegistry,
} from './subscriptions';
import { InvalidPositionError, type TransactionLog } from './transaction-log';
import { positionFromWire, revisionFromWire } from './wire-values';

type Options = ReadReq.Options;
const StreamOptionCase = ReadReq.Options.StreamOptionCase;
const CountOptionCase = ReadReq.Options.CountOptionCase;
const FilterOptionCase = ReadReq.Options.FilterOptionCase;
const Direction = ReadReq.Options.ReadDirection;

/** The C# `…OneofCase` names, for the invalid-combination message. */
const STREAM_CASE_NAMES: Record<number, string> = { 0: 'None', 1: 'Stream', 2: 'All' };
const COUNT_CASE_NAMES: Record<number, string> = { 0: 'None', 5: 'Count', 6: 'Subscription' };
const FILTER_CASE_NAMES: Record<number, string> = { 0: 'None', 7: 'Filter', 8: 'NoFilter' };

/**
 * `Streams.Read` (v24.10 `Services/Transport/Grpc/Streams.Read.cs`): reads of a stream or `$all`,
 * forwards or backwards with a count, and subscriptions — one server-streaming call each. Which of
 * them is decided by the (stream option, count option, direction, filter option) combination,
 * as `CreateEnumerator` does; other combinations are INVALID_ARGUMENT. `resolve_links` is accepted
 * and has no effect (there are no link events without projections).
 */
export function createReadHandler(log: TransactionLog, subscriptions: SubscriptionRegistry) {
  return (call: ServerWritableStream<ReadReq, ReadResp>): void => {
    const writer = new ResponseWriter<ReadResp>(call);
    read(log, subscriptions, call.request, writer).catch((error: unknown) => writer.fail(error));
  };
}

async function read(
  log: TransactionLog,
  subscriptions: SubscriptionRegistry,
  request: ReadReq,
  writer: ResponseWriter<ReadResp>,
): Promise<void> {
  const options = request.getOptions();
  if (!options) throw RpcError.exceptionInHandler('NullReferenceException: options');
  const uuidOption = options.getUuidOption();
  if (!uuidOption) throw RpcError.requiredArgument('uuidOption', 'EventStore.Client.Streams.ReadReq+Types+Options+Types+UUIDOption');
  // `ConvertToRecordedEvent`: string ids only when asked for, structured otherwise.
  const uuidAsString = uuidOption.getContentCase() === ReadReq.Options.UUIDOption.ContentCase.STRING;

  const streamCase = options.getStreamOptionCase();
  const countCase = options.getCountOptionCase();
  const direction = options.getReadDirection();
  const filterCase = options.getFilterOptionCase();
  const filtered = filterCase === FilterOptionCase.FILTER;
  const unfiltered = filterCase === FilterOptionCase.NO_FILTER;

  if (streamCase === StreamOptionCase.STREAM && countCase === CountOptionCase.COUNT && unfiltered) {
    return readStream(log, options, writer, uuidAsString);
  }
  if (streamCase === StreamOptionCase.ALL && countCase === CountOptionCase.COUNT && (filtered || unfiltered)) {
    return readAll(log, options, writer, uuidAsString);
  }
  if (
    streamCase === StreamOptionCase.STREAM &&
    countCase === CountOptionCase.SUBSCRIPTION &&
    direction === Direction.FORWARDS &&
    unfiltered
  ) {
    subscriptions.track(writer);
    const streamOptions = options.getStream()!;
    const revisionCase = streamOptions.getRevisionOptionCase();
    const RevisionCase = ReadReq.Options.StreamOptions.RevisionOptionCase;
    // `ToSubscriptionStreamRevision`: START → none, END → End, else the revision (ulong.MaxValue is End too).
    const revision = revisionCase === RevisionCase.REVISION ? revisionFromWire(streamOptions.getRevision()) : undefined;
    const from = revisionCase === RevisionCase.START ? 'start' : revisionCase === RevisionCase.END || revision === -1n ? 'end' : revision;
    if (from === undefined) throw RpcError.exceptionInHandler('InvalidOperationException: revision option');
    return new StreamSubscription(log, writer, { stream: streamName(streamOptions.getStreamIdentifier()), from, uuidAsString }).run();
  }
  if (
    streamCase === StreamOptionCase.ALL &&
    countCase === CountOptionCase.SUBSCRIPTION &&
    direction === Direction.FORWARDS &&
    (filtered || unfiltered)
  ) {
    subscriptions.track(writer);
    const filter = filtered ? subscriptionFilter(options.getFilter()!) : undefined;
    return new AllSubscription(log, writer, { from: allOptionPosition(options), filter, uuidAsString }).run();
  }
  throw RpcError.invalidCombination(
    `(${STREAM_CASE_NAMES[streamCase]}, ${COUNT_CASE_NAMES[countCase]}, ${direction === Direction.FORWARDS ? 'Forwards' : 'Backwards'}, ${FILTER_CASE_NAMES[filterCase]})`,
  );
}

/**
 * `ReadStreamForwards` / `ReadStreamBackwards`: revisions are inclusive in both directions; END
 * backwards is the last event, END forwards fails (`Ensure.Nonnegative` → `ReadStreamResult.Error`),
 * as does a count of 0 (`Ensure.Positive`). A stream with no readable events answers `stream_not_found`;
 * a tombstoned one fails with StreamDeleted.
 */
async function readStream(log: TransactionLog, options: Options, writer: ResponseWriter<ReadResp>, uuidAsString: boolean): Promise<void> {
  const streamOptions = options.getStream()!;
  const stream = streamName(streamOptions.getStreamIdentifier());
  const RevisionCase = ReadReq.Options.StreamOptions.RevisionOptionCase;
  const revisionCase = streamOptions.getRevisionOptionCase();
  let from: bigint;
  if (revisionCase === RevisionCase.START) from = 0n;
  else if (revisionCase === RevisionCase.END) from = -1n;
  else if (revisionCase === RevisionCase.REVISION) from = revisionFromWire(streamOptions.getRevision());
  else throw RpcError.exceptionInHandler('InvalidOperationException: revision option');
  const count = BigInt(options.getCount());
  const forwards = options.getReadDirection() === Direction.FORWARDS;
  if (count === 0n || (forwards && from < 0n)) throw RpcError.unexpectedResult('ReadStreamResult', 'Error');

  const result = forwards ? log.readStreamForwards(stream, from, count) : log.readStreamBackwards(stream, from, count);
  if (result.result === 'stream-deleted') throw RpcError.streamDeleted(stream);
  if (result.result === 'no-stream') {
    await writer.send(streamNotFoundResponse(stream));
    writer.end();
    return;
  }
  for (const event of result.events) {
    if (!(await writer.send(eventResponse(event, uuidAsString)))) return;
  }
  writer.end();
}

/**
 * `ReadAllForwards(Filtered)` / `ReadAllBackwards(Filtered)`: forwards from a position includes the
 * event at it, backwards excludes it (positions are post-positions there). START is (0, 0); END
 * forwards reads nothing, backwards starts at the writer checkpoint. A position inside a record
 * fails (`ReadAllResult.InvalidPosition`, reported as an unexpected result). A count of 0 reads
 * nothing here (the server's pager would ask for empty pages forever).
 */
async function readAll(log: TransactionLog, options: Options, writer: ResponseWriter<ReadResp>, uuidAsString: boolean): Promise<void> {
  const forwards = options.getReadDirection() === Direction.FORWARDS;
  const filterOptions = options.getFilter();
  const filter: EventFilter = filterOptions ? readFilter(filterOptions) : defaultAllFilter;
  const resultType = filterOptions ? 'FilteredReadAllResult' : 'ReadAllResult';
  const start = allOptionPosition(options);
  const from: TFPos = start === 'start' ? tfPos(0n, 0n) : start === 'end' ? tfPos(log.endPosition) : start;
  if (from.commit < 0n || from.prepare < 0n) throw RpcError.unexpectedResult(resultType, 'InvalidPosition');
  const count = BigInt(options.getCount());
  let sent = 0n;
  try {
    const events = forwards ? log.readAllForwards(from, filter) : log.readAllBackwards(from, filter);
    for (const event of events) {
      if (sent >= count) break;
      if (!(await writer.send(eventResponse(event, uuidAsString)))) return;
      sent++;
    }
  } catch (error) {
    if (error instanceof InvalidPositionError) throw RpcError.unexpectedResult(resultType, 'InvalidPosition');
    throw error;
  }
  writer.end();
}

/** `AllOptions.ToPosition` / `ToSubscriptionPosition`. */
function allOptionPosition(options: Options): 'start' | 'end' | TFPos {
  const all = options.getAll()!;
  const AllCase = ReadReq.Options.AllOptions.AllOptionCase;
  switch (all.getAllOptionCase()) {
    case AllCase.START:
      return 'start';
    case AllCase.END:
      return 'end';
    case AllCase.POSITION: {
      const position = all.getPosition()!;
      return positionFromWire(position.getCommitPosition(), position.getPreparePosition());
    }
    default:
      throw RpcError.exceptionInHandler('InvalidOperationException: all option');
  }
}

/** `ConvertToEventFilter`: stream-name or event-type expression. */
function eventFilter(options: ReadReq.Options.FilterOptions): EventFilter {
  const FilterCase = ReadReq.Options.FilterOptions.FilterCase;
  switch (options.getFilterCase()) {
    case FilterCase.STREAM_IDENTIFIER: {
      const expression = options.getStreamIdentifier()!;
      return expressionFilter('stream', expression.getRegex(), expression.getPrefixList());
    }
    case FilterCase.EVENT_TYPE: {
      const expression = options.getEventType()!;
      return expressionFilter('eventType', expression.getRegex(), expression.getPrefixList());
    }
    default:
      throw RpcError.invalidArgument('FilterOptions', 'EventStore.Client.Streams.ReadReq+Types+Options+Types+FilterOptions');
  }
}

/** The search window of a filtered read: `max`, or `ReadBatchSize` for `count`; anything else is invalid. */
function searchWindow(options: ReadReq.Options.FilterOptions): number {
  const WindowCase = ReadReq.Options.FilterOptions.WindowCase;
  switch (options.getWindowCase()) {
    case WindowCase.MAX:
      return options.getMax();
    case WindowCase.COUNT:
      return READ_BATCH_SIZE;
    default:
      throw RpcError.invalidArgument('None', 'EventStore.Client.Streams.ReadReq+Types+Options+Types+FilterOptions+WindowOneofCase');
  }
}

/**
 * The filter of a filtered `$all` read. The window option is checked as `CreateEnumerator` does;
 * its value only sizes the server's pages, so the events read do not depend on it.
 */
function readFilter(options: ReadReq.Options.FilterOptions): EventFilter {
  searchWindow(options);
  return eventFilter(options);
}

/**
 * A filtered `$all` subscription's filter and checkpoint interval: `checkpointIntervalMultiplier ×
 * maxSearchWindow` considered events (`AllSubscriptionFiltered` constructor; a multiplier of 0 throws).
 */
function subscriptionFilter(options: ReadReq.Options.FilterOptions): AllSubscriptionFilter {
  const maxSearchWindow = searchWindow(options);
  const multiplier = options.getCheckpointintervalmultiplier();
  if (multiplier === 0) throw RpcError.exceptionInHandler('ArgumentOutOfRangeException: checkpointIntervalMultiplier');
  return { filter: eventFilter(options), maxSearchWindow, checkpointInterval: multiplier * maxSearchWindow };
}
