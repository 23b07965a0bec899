import { BadRequestException } from '@nestjs/common';

/**
 * Shapes a request body may take. No command needs more than four levels or a few hundred items;
 * these bounds keep hostile shapes away from class-transformer, whose recursive walk overflows the
 * stack on a body nested a few thousand levels deep (a 4 KB body), and from walks over huge arrays.
 */
export const JSON_BODY_LIMITS = {
  /** Nesting of objects and arrays; the body itself is level 1. */
  maxDepth: 32,
  /** Items of any one array. */
  maxArrayItems: 1000,
  /** Members of any one object. */
  maxObjectMembers: 1000,
} as const;

/**
 * Keys that name an object's prototype machinery: `prototype`, and every member of
 * `Object.prototype` (`__proto__`, `constructor`, `toString`, `valueOf`, `hasOwnProperty`, ...). No
 * body field or query parameter has these names, and the validation pipe lets them through
 * unreported (class-transformer drops some; `{"toString": 1}`, `{"hasOwnProperty": 1}` and
 * `?valueOf=` passed its whitelist); like any other unknown field they are refused.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** The validation pipe's words for each prototype key among a query string's parameters. */
export function prototypeKeyProblems(query: object): string[] {
  return Object.keys(query)
    .filter((key) => PROTOTYPE_KEYS.has(key))
    .map((key) => `property ${key} should not exist`);
}

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Parses a request body as JSON and checks its shape before any DTO sees it: nesting depth is
 * measured on the text (so a too-deep body is never even built), then array and object widths and
 * prototype keys on the value. Every refusal is a 400 naming the limit or the field.
 */
export function parseJsonBody(text: string): unknown {
  const depth = nestingDepth(text);
  if (depth > JSON_BODY_LIMITS.maxDepth) {
    throw new BadRequestException(
      `The body nests ${depth > 999 ? 'more than 999' : depth} levels deep; at most ${JSON_BODY_LIMITS.maxDepth} are accepted`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestException('The body is not valid JSON.');
  }
  const problems: string[] = [];
  checkShape(value, '', problems);
  if (problems.length > 0) throw new BadRequestException(problems);
  return value;
}

/** The deepest nesting of `{`/`[` outside strings; stops counting once past 999. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > 999) return deepest;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return deepest;
}

/** Widths and prototype keys, named the way the validation pipe names nested fields (`term.x`). */
function checkShape(value: unknown, path: string, problems: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const prefix = path === '' ? '' : `${path}.`;
  if (Array.isArray(value)) {
    if (value.length > JSON_BODY_LIMITS.maxArrayItems) {
      problems.push(`${path || 'the body'} has ${value.length} items; at most ${JSON_BODY_LIMITS.maxArrayItems} are accepted in an array`);
      return;
    }
    value.forEach((item, index) => checkShape(item, `${prefix}${index}`, problems));
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > JSON_BODY_LIMITS.maxObjectMembers) {
    problems.push(
      `${path || 'the body'} has ${keys.length} fields; at most ${JSON_BODY_LIMITS.maxObjectMembers} are accepted in an object`,
    );
    return;
  }
  for (const key of keys) {
    if (PROTOTYPE_KEYS.has(key)) problems.push(`${prefix}property ${key} should not exist`);
    else checkShape((value as Record<string, unknown>)[key], `${prefix}${key}`, problems);
  }
}
