import { Metadata, status, type ServerErrorResponse } from '@grpc/grpc-js';

/**
 * A gRPC status a handler ends a call with, built like EventStoreDB's
 * `Services/Transport/Grpc/RpcExceptions.cs` (v24.10): status code, message, and the trailers the
 * client reads (`exception`, `stream-name`, …) to pick its error class (`convertToCommandError` in
 * the Node client's `dist/utils/CommandError.js`).
 */
export class RpcError extends Error implements ServerErrorResponse {
  readonly metadata: Metadata;

  constructor(
    readonly code: status,
    readonly details: string,
    trailers: Record<string, string> = {},
  ) {
    super(details);
    this.name = 'RpcError';
    this.metadata = new Metadata();
    for (const [key, value] of Object.entries(trailers)) this.metadata.set(key, value);
  }

  /** `RpcExceptions.StreamDeleted`: FAILED_PRECONDITION, `exception: stream-deleted`. */
  static streamDeleted(streamName: string): RpcError {
    return new RpcError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
      exception: 'stream-deleted',
      'stream-name': streamName,
    });
  }

  /**
   * `RpcExceptions.WrongExpectedVersion`, used by Delete and Tombstone (Append answers a
   * `wrong_expected_version` message instead): FAILED_PRECONDITION with the expected and actual
   * versions as .NET `long`s (-1 no stream, -2 any, -4 stream exists).
   */
  static wrongExpectedVersion(operation: string, streamName: string, expectedVersion: bigint, actualVersion: bigint): RpcError {
    return new RpcError(
      status.FAILED_PRECONDITION,
      `${operation} failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expectedVersion}, Actual version: ${actualVersion}`,
      {
        exception: 'wrong-expected-version',
        'stream-name': streamName,
        'expected-version': expectedVersion.toString(),
        'actual-version': actualVersion.toString(),
      },
    );
  }

  /** `RpcExceptions.MaxAppendSizeExceeded`: INVALID_ARGUMENT, `exception: maximum-append-size-exceeded`. */
  static maxAppendSizeExceeded(maxAppendSize: number): RpcError {
    return new RpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
      exception: 'maximum-append-size-exceeded',
      'maximum-append-size': String(maxAppendSize),
    });
  }

  /** `RpcExceptions.RequiredMetadataPropertyMissing`: INVALID_ARGUMENT, lists both required keys. */
  static requiredMetadataPropertyMissing(property: string): RpcError {
    return new RpcError(status.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': 'type,content-type',
    });
  }

  /** `RpcExceptions.UnknownError(Type, object)`: UNKNOWN "Unexpected {type}: {result}". */
  static unexpectedResult(resultType: string, result: string): RpcError {
    return new RpcError(status.UNKNOWN, `Unexpected ${resultType}: ${result}`);
  }

  /** `RpcExceptions.InvalidPositionException`: INVALID_ARGUMENT. */
  static invalidPosition(): RpcError {
    return new RpcError(status.INVALID_ARGUMENT, 'Trying to read from an invalid position.');
  }

  /** `RpcExceptions.RequiredArgument<T>`: INVALID_ARGUMENT. */
  static requiredArgument(name: string, type: string): RpcError {
    return new RpcError(status.INVALID_ARGUMENT, ` \`${name}\` is a required argument of type ${type}`);
  }

  /** `RpcExceptions.InvalidCombination`: INVALID_ARGUMENT for an unsupported read. */
  static invalidCombination(combination: string): RpcError {
    return new RpcError(status.INVALID_ARGUMENT, `The combination of ${combination} is invalid.`);
  }

  /** `RpcExceptions.InvalidArgument<T>`: INVALID_ARGUMENT "'{argument}' is not a valid {T}". */
  static invalidArgument(argument: string, type: string): RpcError {
    return new RpcError(status.INVALID_ARGUMENT, `'${argument}' is not a valid ${type}`);
  }

  /**
   * An exception thrown inside a server handler: ASP.NET Core gRPC answers UNKNOWN with the fixed
   * message "Exception was thrown by handler." (the reason is only logged on the server; here it
   * is kept in `cause` for debugging).
   */
  static exceptionInHandler(reason: string): RpcError {
    const error = new RpcError(status.UNKNOWN, 'Exception was thrown by handler.');
    error.cause = reason;
    return error;
  }
}

/** The error a handler reports: RpcErrors as they are, anything else as an exception in the handler. */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  return RpcError.exceptionInHandler(error instanceof Error ? error.message : String(error));
}
