/**
 * The parts of stream metadata (`$$stream`, event type `$metadata`) that change what reads return,
 * after `Data/StreamMetadata.cs`. `$maxAge` and ACLs are not modelled.
 */
export interface StreamMetadata {
  /** `$tb`: events below this number are not readable; `DELETED_STREAM` marks a soft-deleted stream. */
  readonly truncateBefore?: bigint;
  /** `$maxCount`: only the last n events are readable. */
  readonly maxCount?: bigint;
}

export const EMPTY_METADATA: StreamMetadata = {};

/** `EventNumber.DeletedStream` (long.MaxValue): a tombstoned stream's last event number, and `$tb` of a soft-deleted one. */
export const DELETED_STREAM = 2n ** 63n - 1n;

/**
 * Metadata from the raw bytes of a `$metadata` event. Unreadable metadata counts as none, as in
 * `IndexWriter.GetStreamMetadata` (`Helper.EatException(() => StreamMetadata.FromJsonBytes(...), StreamMetadata.Empty)`).
 * Integers are read from the text because `$tb` of a soft delete (long.MaxValue) is beyond a double.
 */
export function parseStreamMetadata(raw: Uint8Array): StreamMetadata {
  const text = Buffer.from(raw).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return EMPTY_METADATA;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return EMPTY_METADATA;
  const truncateBefore = integerProperty(text, '$tb');
  const maxCount = integerProperty(text, '$maxCount');
  return {
    ...(truncateBefore === undefined ? {} : { truncateBefore }),
    ...(maxCount === undefined ? {} : { maxCount }),
  };
}

function integerProperty(text: string, name: string): bigint | undefined {
  const escaped = name.replace(/\$/g, '\\$');
  const match = new RegExp(`"${escaped}"\\s*:\\s*(-?\\d+)\\s*[,}]`).exec(text);
  return match ? BigInt(match[1]) : undefined;
}

/**
 * The metadata a soft delete writes: `new StreamMetadata(truncateBefore: EventNumber.DeletedStream).ToJsonBytes()`
 * (`StorageWriterService.Handle(WriteDelete)`); it replaces, not merges, earlier metadata.
 */
export function softDeletedMetadata(): Uint8Array {
  return Buffer.from(`{"$tb":${DELETED_STREAM}}`, 'utf8');
}

/**
 * The metadata that recreates a soft-deleted stream: the raw metadata with `$tb` set to the first
 * new event number (`StorageWriterService.SoftUndeleteRawMeta`). Undefined when the raw metadata is
 * not a JSON object, in which case the server writes nothing.
 */
export function undeletedMetadata(raw: Uint8Array, recreateFrom: bigint): Uint8Array | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw).toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const placeholder = '__esdb_test_server_tb__';
  const json = JSON.stringify({ ...(parsed as Record<string, unknown>), $tb: placeholder });
  return Buffer.from(json.replace(`"${placeholder}"`, recreateFrom.toString()), 'utf8');
}
