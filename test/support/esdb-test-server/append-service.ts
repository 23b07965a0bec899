import type { sendUnaryData, ServerDuplexStream, ServerReadableStream } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as WellKnownEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import type { Map as JspbMap } from 'google-protobuf';
import { Code } from '@eventstore/db-client/generated/code_pb';
import {
  AllStreamPosition,
  BadRequest,
  Empty,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  Timeout,
  WrongExpectedVersion,
  type UUID,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { streamIdentifier, streamName } from './read-responses';
import { ResponseWriter } from './response-writer';
import { RpcError, toRpcError } from './rpc-error';
import {
  EXPECTED_ANY,
  EXPECTED_NO_STREAM,
  EXPECTED_STREAM_EXISTS,
  type ProposedEvent,
  type TransactionLog,
  type WriteOutcome,
} from './transaction-log';
import { uuidFromDto } from './uuid';
import { revisionFromWire } from './wire-values';

/** `ClusterVNodeOptions.MaxAppendSize` default: 1 MiB of `Event.SizeOnDisk` per append. */
export const MAX_APPEND_SIZE = 1_024 * 1_024;

const EMPTY_UUID = '00000000-0000-0000-0000-000000000000';

/** What both append endpoints read from a proposed message. */
interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): JspbMap<string, string>;
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/**
 * A proposed message as the server's `Event`: `type` and `content-type` metadata are required
 * (`RequiredMetadataPropertyMissing`), JSON is `content-type: application/json` exactly, and an
 * empty id or type is refused by the `Event` constructor (an exception in the handler).
 */
function proposedEvent(message: ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) throw RpcError.requiredMetadataPropertyMissing('type');
  const contentType = metadata.get('content-type');
  if (contentType === undefined) throw RpcError.requiredMetadataPropertyMissing('content-type');
  const id = uuidFromDto(message.getId());
  if (id === EMPTY_UUID) throw RpcError.exceptionInHandler('ArgumentException: Empty eventId provided.');
  if (type === '') throw RpcError.exceptionInHandler('ArgumentException: Empty eventType provided.');
  return {
    id,
    type,
    isJson: contentType === 'application/json',
    data: Uint8Array.from(message.getData_asU8()),
    metadata: Uint8Array.from(message.getCustomMetadata_asU8()),
  };
}

/** `Event.SizeOnDisk`: data + metadata + 2 bytes per UTF-16 unit of the type. */
function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.metadata.length + event.type.length * 2;
}

/**
 * `Streams.Append` (v24.10 `Streams.Append.cs`), client-streaming: `options` first, then one
 * `proposed_message` per event; answered when the client half-closes. A wrong expected version is
 * an answer (`wrong_expected_version`), not an error status.
 */
export function createAppendHandler(log: TransactionLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    const requests: AppendReq[] = [];
    call.on('data', (request: AppendReq) => requests.push(request));
    call.on('end', () => {
      try {
        callback(null, append(log, requests));
      } catch (error) {
        callback(toRpcError(error));
      }
    });
  };
}

function append(log: TransactionLog, requests: readonly AppendReq[]): AppendResp {
  const [first, ...rest] = requests;
  if (first?.getContentCase() !== AppendReq.ContentCase.OPTIONS) throw RpcError.exceptionInHandler('InvalidOperationException');
  const options = first.getOptions()!;
  const stream = streamName(options.getStreamIdentifier());
  const RevisionCase = AppendReq.Options.ExpectedStreamRevisionCase;
  const revisionCase = options.getExpectedStreamRevisionCase();
  let expectedVersion: bigint;
  switch (revisionCase) {
    case RevisionCase.REVISION:
      expectedVersion = revisionFromWire(options.getRevision());
      break;
    case RevisionCase.ANY:
      expectedVersion = EXPECTED_ANY;
      break;
    case RevisionCase.STREAM_EXISTS:
      expectedVersion = EXPECTED_STREAM_EXISTS;
      break;
    case RevisionCase.NO_STREAM:
      expectedVersion = EXPECTED_NO_STREAM;
      break;
    default:
      throw RpcError.invalidArgument('None', 'EventStore.Client.Streams.AppendReq+Types+Options+ExpectedStreamRevisionOneofCase');
  }

  const events: ProposedEvent[] = [];
  let size = 0;
  for (const request of rest) {
    if (request.getContentCase() !== AppendReq.ContentCase.PROPOSED_MESSAGE) throw RpcError.exceptionInHandler('InvalidOperationException');
    const event = proposedEvent(request.getProposedMessage()!);
    size += sizeOnDisk(event);
    if (size > MAX_APPEND_SIZE) throw RpcError.maxAppendSizeExceeded(MAX_APPEND_SIZE);
    events.push(event);
  }

  const outcome = log.append(stream, expectedVersion, events);
  return appendResponse(outcome, stream, revisionCase, expectedVersion);
}

/**
 * `HandleWriteEventsCompleted`: success with the current revision (or no_stream) and position (or
 * no_position); a wrong expected version fills both the current and the deprecated 20.6.0 oneofs.
 * The one value not reproduced: for an expected no_stream the server also sets
 * `expected_revision_20_6_0` to ulong.MaxValue, which the generated JS (a `number` field) cannot
 * encode; that deprecated field stays unset (clients read `expected_no_stream`).
 */
function appendResponse(
  outcome: WriteOutcome,
  stream: string,
  revisionCase: AppendReq.Options.ExpectedStreamRevisionCase,
  expectedVersion: bigint,
): AppendResp {
  const response = new AppendResp();
  switch (outcome.result) {
    case 'stream-deleted':
      throw RpcError.streamDeleted(stream);
    case 'success': {
      const success = new AppendResp.Success();
      if (outcome.lastEventNumber === -1n) success.setNoStream(new Empty());
      else success.setCurrentRevision(outcome.lastEventNumber.toString());
      if (outcome.position === undefined) {
        success.setNoPosition(new Empty());
      } else {
        const position = new AppendResp.Position();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
      }
      response.setSuccess(success);
      return response;
    }
    case 'wrong-expected-version': {
      const wrong = new AppendResp.WrongExpectedVersion();
      const RevisionCase = AppendReq.Options.ExpectedStreamRevisionCase;
      switch (revisionCase) {
        case RevisionCase.ANY:
          wrong.setExpectedAny(new Empty());
          wrong.setAny2060(new Empty());
          break;
        case RevisionCase.STREAM_EXISTS:
          wrong.setExpectedStreamExists(new Empty());
          wrong.setStreamExists2060(new Empty());
          break;
        case RevisionCase.NO_STREAM:
          wrong.setExpectedNoStream(new Empty());
          break;
        case RevisionCase.REVISION:
          wrong.setExpectedRevision(expectedVersion.toString());
          wrong.setExpectedRevision2060(Number(expectedVersion));
          break;
      }
      if (outcome.currentVersion === -1n) {
        wrong.setCurrentNoStream(new Empty());
        wrong.setNoStream2060(new Empty());
      } else {
        wrong.setCurrentRevision(outcome.currentVersion.toString());
        wrong.setCurrentRevision2060(Number(outcome.currentVersion));
      }
      response.setWrongExpectedVersion(wrong);
      return response;
    }
  }
}

interface PendingBatch {
  readonly stream: string;
  readonly expectedVersion: bigint;
  readonly events: ProposedEvent[];
  size: number;
}

/**
 * `Streams.BatchAppend` (v24.10 `Streams.BatchAppend.cs`), bidirectional: requests carry a
 * correlation id, the first one for an id its `options`, the last one `is_final`; each write is
 * answered on the response stream with that id, a success or a `google.rpc.Status` error whose
 * details pack `WrongExpectedVersion`, `StreamDeleted`, `MaximumAppendSizeExceeded` or `Timeout`.
 * The Node client uses this endpoint whenever the server lists it and no per-call credentials
 * are given.
 */
export function createBatchAppendHandler(log: TransactionLog) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const writer = new ResponseWriter<BatchAppendResp>(call);
    const pending = new Map<string, PendingBatch>();
    let sending = Promise.resolve();
    const respond = (response: BatchAppendResp) => {
      sending = sending.then(async () => {
        await writer.send(response);
      });
    };
    call.on('data', (request: BatchAppendReq) => {
      try {
        const response = batchAppend(log, pending, request);
        if (response) respond(response);
      } catch (error) {
        // The per-request catch of `BatchAppendWorker.Receive`: a `BadRequest` status for this id.
        respond(errorResponse(request.getCorrelationId(), request.getOptions()?.getStreamIdentifier(), badRequest(toRpcError(error))));
      }
    });
    call.on('end', () => {
      sending = sending.then(() => writer.end());
    });
  };
}

function batchAppend(log: TransactionLog, pending: Map<string, PendingBatch>, request: BatchAppendReq): BatchAppendResp | undefined {
  const correlationId = uuidFromDto(request.getCorrelationId());
  const options = request.getOptions();
  if (options) {
    const identifier = options.getStreamIdentifier();
    if (!identifier)
      return errorResponse(request.getCorrelationId(), undefined, badRequestStatus('Required field StreamIdentifier not set.'));
    // `GetRequestedTimeout`: the client's `deadline_21_10_0` timestamp; past it the write is refused.
    const deadline = options.getDeadline();
    if (deadline && deadline.toDate().getTime() <= Date.now())
      return errorResponse(request.getCorrelationId(), identifier, timeoutStatus());
    if (!pending.has(correlationId)) {
      pending.set(correlationId, { stream: streamName(identifier), expectedVersion: batchExpectedVersion(options), events: [], size: 0 });
    }
  }
  const batch = pending.get(correlationId);
  if (!batch) return undefined;
  for (const message of request.getProposedMessagesList()) {
    const event = proposedEvent(message);
    batch.size += sizeOnDisk(event);
    batch.events.push(event);
  }
  if (batch.size > MAX_APPEND_SIZE) {
    pending.delete(correlationId);
    return errorResponse(request.getCorrelationId(), streamIdentifier(batch.stream), maximumAppendSizeExceededStatus());
  }
  if (!request.getIsFinal()) return undefined;
  pending.delete(correlationId);

  const outcome = log.append(batch.stream, batch.expectedVersion, batch.events);
  const response = new BatchAppendResp();
  response.setCorrelationId(request.getCorrelationId());
  response.setStreamIdentifier(streamIdentifier(batch.stream));
  switch (outcome.result) {
    case 'success': {
      // `BatchAppendResp.Types.Success.Completed`.
      const success = new BatchAppendResp.Success();
      if (outcome.lastEventNumber >= 0n) success.setCurrentRevision(outcome.lastEventNumber.toString());
      else success.setNoStream(new WellKnownEmpty());
      if (outcome.position === undefined) {
        success.setNoPosition(new WellKnownEmpty());
      } else {
        const position = new AllStreamPosition();
        position.setCommitPosition(outcome.position.toString());
        position.setPreparePosition(outcome.position.toString());
        success.setPosition(position);
      }
      response.setSuccess(success);
      return response;
    }
    case 'wrong-expected-version':
      response.setError(wrongExpectedVersionStatus(outcome.currentVersion, batch.expectedVersion));
      return response;
    case 'stream-deleted':
      response.setError(streamDeletedStatus(batch.stream));
      return response;
  }
}

function batchExpectedVersion(options: BatchAppendReq.Options): bigint {
  const PositionCase = BatchAppendReq.Options.ExpectedStreamPositionCase;
  switch (options.getExpectedStreamPositionCase()) {
    case PositionCase.STREAM_POSITION:
      return revisionFromWire(options.getStreamPosition());
    case PositionCase.ANY:
      return EXPECTED_ANY;
    case PositionCase.STREAM_EXISTS:
      return EXPECTED_STREAM_EXISTS;
    case PositionCase.NO_STREAM:
      return EXPECTED_NO_STREAM;
    default:
      throw RpcError.invalidArgument('None', 'EventStore.Client.Streams.BatchAppendReq+Types+Options+ExpectedStreamPositionOneofCase');
  }
}

function errorResponse(
  correlationId: UUID | undefined,
  identifier: ReturnType<typeof streamIdentifier> | undefined,
  error: Status,
): BatchAppendResp {
  const response = new BatchAppendResp();
  response.setCorrelationId(correlationId);
  response.setStreamIdentifier(identifier);
  response.setError(error);
  return response;
}

function status(code: Code, message: string, details: { serializeBinary(): Uint8Array }, typeName: string): Status {
  const any = new Any();
  any.pack(details.serializeBinary(), typeName);
  const result = new Status();
  result.setCode(code);
  result.setMessage(message);
  result.setDetails(any);
  return result;
}

/** `Status.WrongExpectedVersion` with `WrongExpectedVersion.Create`: ALREADY_EXISTS. */
function wrongExpectedVersionStatus(currentVersion: bigint, expectedVersion: bigint): Status {
  const details = new WrongExpectedVersion();
  if (currentVersion === -1n) details.setCurrentNoStream(new WellKnownEmpty());
  else details.setCurrentStreamRevision(currentVersion.toString());
  if (expectedVersion === EXPECTED_ANY) details.setExpectedAny(new WellKnownEmpty());
  else if (expectedVersion === EXPECTED_NO_STREAM) details.setExpectedNoStream(new WellKnownEmpty());
  else if (expectedVersion === EXPECTED_STREAM_EXISTS) details.setExpectedStreamExists(new WellKnownEmpty());
  else details.setExpectedStreamPosition(expectedVersion.toString());
  return status(Code.ALREADY_EXISTS, 'WrongExpectedVersion', details, 'event_store.client.WrongExpectedVersion');
}

/** `Status.StreamDeleted`: NOT_FOUND. */
function streamDeletedStatus(stream: string): Status {
  const details = new StreamDeleted();
  details.setStreamIdentifier(streamIdentifier(stream));
  return status(Code.NOT_FOUND, 'StreamDeleted', details, 'event_store.client.StreamDeleted');
}

/** `Status.MaximumAppendSizeExceeded`: INVALID_ARGUMENT. */
function maximumAppendSizeExceededStatus(): Status {
  const details = new MaximumAppendSizeExceeded();
  details.setMaxappendsize(MAX_APPEND_SIZE);
  return status(Code.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', details, 'event_store.client.MaximumAppendSizeExceeded');
}

/** `Status.Timeout`: DEADLINE_EXCEEDED. */
function timeoutStatus(): Status {
  return status(Code.DEADLINE_EXCEEDED, 'Timeout', new Timeout(), 'event_store.client.Timeout');
}

/** `Status.BadRequest`: INVALID_ARGUMENT with the exception's message. */
function badRequestStatus(message: string): Status {
  const details = new BadRequest();
  details.setMessage(message);
  return status(Code.INVALID_ARGUMENT, 'BadRequest', details, 'event_store.client.BadRequest');
}

function badRequest(error: RpcError): Status {
  return badRequestStatus(error.details);
}
