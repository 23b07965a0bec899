/** A value that survives `JSON.stringify` → `JSON.parse` unchanged. Event data and metadata are JSON. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}
