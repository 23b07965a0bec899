/** One changed field between two versions of a JSON value; `before`/`after` are absent when the field was added/removed. */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * The fields that differ between two JSON values, as dotted paths (`progress.kemendes-pdtt.cleared`).
 * Objects are compared member by member; arrays and scalars as a whole.
 */
export function jsonDiff(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const child = path ? `${path}.${key}` : key;
      if (!(key in after) || after[key] === undefined) return before[key] === undefined ? [] : [{ path: child, before: before[key] }];
      if (!(key in before) || before[key] === undefined) return [{ path: child, after: after[key] }];
      return jsonDiff(before[key], after[key], child);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before, after }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
