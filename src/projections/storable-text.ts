/**
 * Text every read-model database can store. The event store keeps any JSON string, but PostgreSQL
 * refuses U+0000 in `text` ("invalid byte sequence for encoding UTF8: 0x00") and in `jsonb`
 * ("unsupported Unicode escape sequence"), and an unpaired surrogate is not UTF-8 at all (drivers
 * silently write U+FFFD, and `jsonb` refuses its `\ud800` escape). Events stored before the text
 * rules (or by a path that skipped them) may hold such text, and a projection must render them
 * all: each such character is stored as U+FFFD (REPLACEMENT CHARACTER), the same on every
 * database, so a read model shows that something was there. The event log keeps the original.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is matched on purpose: PostgreSQL cannot store it, so it is replaced.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with U+FFFD in place of each NUL and unpaired surrogate. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}

/**
 * A value for a read-model query: strings made storable, and arrays and plain objects (a `jsonb`
 * parameter) through and through, keys included. Anything else (numbers, dates, buffers) as is.
 */
export function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableValue);
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storableValue(item)]));
  }
  return value;
}

/**
 * JSON text of `value` that a `text` or `jsonb` column takes on every database: its strings and
 * keys are storable, so it carries neither NUL nor a `\u0000` or lone-surrogate escape.
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(storableValue(value));
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
