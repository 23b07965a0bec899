import { UINT64_MAX, type TFPos } from './log-records';
import { RpcError } from './rpc-error';

const INT64_MAX = 2n ** 63n - 1n;

/**
 * A `uint64` stream revision from the wire as the server's `long` (`new StreamRevision(value).ToInt64()`):
 * `ulong.MaxValue` is `StreamRevision.End` (-1); other values beyond `long.MaxValue` throw in the handler.
 */
export function revisionFromWire(value: string): bigint {
  const revision = BigInt(value);
  if (revision === UINT64_MAX) return -1n;
  if (revision > INT64_MAX) throw RpcError.exceptionInHandler('ArgumentOutOfRangeException: StreamRevision');
  return revision;
}

/**
 * A `$all` position from the wire (`new Position(commit, prepare)`): undefined for `Position.End`
 * (both `ulong.MaxValue`). The constructor throws (an exception in the handler) when commit < prepare
 * or either is beyond `long.MaxValue`; a single `ulong.MaxValue` becomes -1, which reads refuse as
 * an invalid position.
 */
export function positionFromWire(commit: string, prepare: string): TFPos | 'end' {
  const c = BigInt(commit);
  const p = BigInt(prepare);
  if (c < p) throw RpcError.exceptionInHandler('ArgumentOutOfRangeException: The commit position cannot be less than the prepare position');
  if ((c > INT64_MAX && c !== UINT64_MAX) || (p > INT64_MAX && p !== UINT64_MAX)) {
    throw RpcError.exceptionInHandler('ArgumentOutOfRangeException: Position');
  }
  if (c === UINT64_MAX && p === UINT64_MAX) return 'end';
  return { commit: c === UINT64_MAX ? -1n : c, prepare: p === UINT64_MAX ? -1n : p };
}
