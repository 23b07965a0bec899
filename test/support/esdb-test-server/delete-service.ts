import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import { DeleteReq, DeleteResp, TombstoneReq, TombstoneResp } from '@eventstore/db-client/generated/streams_pb';
import { streamName } from './read-responses';
import { RpcError, toRpcError } from './rpc-error';
import { EXPECTED_ANY, EXPECTED_NO_STREAM, EXPECTED_STREAM_EXISTS, type TransactionLog, type WriteOutcome } from './transaction-log';
import { revisionFromWire } from './wire-values';

type DeleteOptions = DeleteReq.Options | TombstoneReq.Options;

/** The expected version of Delete / Tombstone options (the same oneof in both messages). */
function expectedVersion(options: DeleteOptions): bigint {
  const RevisionCase = DeleteReq.Options.ExpectedStreamRevisionCase;
  switch (options.getExpectedStreamRevisionCase()) {
    case RevisionCase.REVISION:
      return revisionFromWire(options.getRevision());
    case RevisionCase.ANY:
      return EXPECTED_ANY;
    case RevisionCase.NO_STREAM:
      return EXPECTED_NO_STREAM;
    case RevisionCase.STREAM_EXISTS:
      return EXPECTED_STREAM_EXISTS;
    default:
      throw RpcError.invalidArgument('None', 'EventStore.Client.Streams.DeleteReq+Types+Options+ExpectedStreamRevisionOneofCase');
  }
}

/**
 * `Streams.DeleteInternal` (v24.10 `Streams.Delete.cs`): the written record's position on success;
 * a wrong expected version is an error status here (operation "Delete" for both endpoints), with
 * the expected and actual versions as the server's longs; a tombstoned stream is StreamDeleted.
 */
function deleteStream(log: TransactionLog, options: DeleteOptions | undefined, hard: boolean): bigint | undefined {
  if (!options) throw RpcError.exceptionInHandler('NullReferenceException: options');
  const stream = streamName(options.getStreamIdentifier());
  const expected = expectedVersion(options);
  const outcome: WriteOutcome = log.delete(stream, expected, hard);
  switch (outcome.result) {
    case 'success':
      return outcome.position;
    case 'wrong-expected-version':
      throw RpcError.wrongExpectedVersion('Delete', stream, expected, outcome.currentVersion);
    case 'stream-deleted':
      throw RpcError.streamDeleted(stream);
  }
}

/**
 * `Streams.Delete`: a soft delete. The stream's events stay in the log; `$$stream` gets
 * `{"$tb": long.MaxValue}`, so reads answer stream-not-found until an append recreates it.
 */
export function createDeleteHandler(log: TransactionLog) {
  return (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>): void => {
    try {
      const position = deleteStream(log, call.request.getOptions(), false);
      const response = new DeleteResp();
      if (position === undefined) {
        response.setNoPosition(new Empty());
      } else {
        const at = new DeleteResp.Position();
        at.setCommitPosition(position.toString());
        at.setPreparePosition(position.toString());
        response.setPosition(at);
      }
      callback(null, response);
    } catch (error) {
      callback(toRpcError(error));
    }
  };
}

/** `Streams.Tombstone`: a hard delete. The stream can never be read or written again. */
export function createTombstoneHandler(log: TransactionLog) {
  return (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>): void => {
    try {
      const position = deleteStream(log, call.request.getOptions(), true);
      const response = new TombstoneResp();
      if (position === undefined) {
        response.setNoPosition(new Empty());
      } else {
        const at = new TombstoneResp.Position();
        at.setCommitPosition(position.toString());
        at.setPreparePosition(position.toString());
        response.setPosition(at);
      }
      callback(null, response);
    } catch (error) {
      callback(toRpcError(error));
    }
  };
}
