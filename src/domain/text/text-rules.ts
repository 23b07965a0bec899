import { InvalidTextError } from '../errors';

/**
 * The rules every string that enters an event obeys, in one place. The API applies them to every
 * text field of a request (after normalising it to NFC); the decider applies them again to every
 * string it copies into an event, so no caller (HTTP, CLI, scheduler, a test) can store text that
 * spoofs a dashboard or an export, or that a read-model database cannot hold:
 *
 * - a string, not blank, at most `maxLength` characters (Unicode code points);
 * - in Unicode normalization form C (NFC): the API normalises, the domain refuses anything else;
 * - no control characters: C0 (U+0000–U+001F, NUL included), DEL (U+007F), C1 (U+0080–U+009F).
 *   Only a multi-line field (a purpose, a reason, a summary) may hold line feeds (U+000A) and tabs
 *   (U+0009); titles, names and identifiers never do. Carriage returns are refused everywhere: a
 *   line ends with a line feed;
 * - no line or paragraph separators (U+2028, U+2029): they break lines like a line feed;
 * - no bidirectional formatting characters: the embeddings and overrides U+202A–U+202E, the isolates
 *   U+2066–U+2069, the marks U+200E, U+200F and U+061C (they reorder what a reader sees);
 * - no unpaired surrogates (not Unicode text; a database would store U+FFFD in their place).
 */
export interface TextRule {
  /** Most characters (Unicode code points) the field may hold. */
  readonly maxLength: number;
  /** Whether line feeds and tabs are allowed: a purpose, a reason, a summary; never a title, a name, an id. */
  readonly multiline: boolean;
}

const line = (maxLength: number): TextRule => Object.freeze({ maxLength, multiline: false });
const paragraph = (maxLength: number): TextRule => Object.freeze({ maxLength, multiline: true });

/** The rule of each kind of text field; the API's DTOs and the decider name the same ones. */
export const TEXT_RULES = Object.freeze({
  /** An agreement's title. */
  title: line(500),
  /** What an agreement is for (multi-line). */
  purpose: paragraph(4000),
  /** A party's name as the agreement states it. */
  partyName: line(300),
  /** An agency's id, as in parties and officials' tokens. */
  agencyId: line(64),
  /** Identifiers and closed vocabularies copied into events: kinds, roles, document types, hashes, parent ids. */
  identifier: line(100),
  /** The file name of an attached document. */
  documentName: line(300),
  /** Why changes are requested, a draft is withdrawn, or an agreement is terminated (multi-line). */
  reason: paragraph(2000),
  /** What an amendment changes (multi-line). */
  summary: paragraph(2000),
  /** The name of the person who signs. */
  signatoryName: line(300),
  /** The letter of delegation a signature relies on. */
  delegationRef: line(200),
  /** A registry number given by a records office. */
  registryNumber: line(100),
  /** A position in an agency (jabatan), as a delegation names its grantor and grantee: "Menteri", "Sekretaris Jenderal". */
  position: line(200),
  /** A province, regency, district, village or area of a location. */
  place: line(200),
  /** The subject (`sub`) of an official's token. */
  actorId: line(255),
  /** An official's display name, from their token. */
  actorName: line(300),
  /** What a webhook is for, as its agency describes it ("Sistem arsip Biro Hukum"). */
  webhookDescription: line(200),
});

/** What is wrong with a text, if anything. */
export type TextProblem =
  | { readonly kind: 'not-a-string' }
  | { readonly kind: 'blank' }
  | { readonly kind: 'too-long'; readonly maxLength: number }
  | { readonly kind: 'forbidden-character'; readonly codePoint: number; readonly what: string }
  | { readonly kind: 'not-nfc' };

const BIDI_FORMATTING = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** What kind of forbidden character `codePoint` is in a field under `rule`; undefined when it is allowed. */
function forbidden(codePoint: number, rule: TextRule): string | undefined {
  if (rule.multiline && (codePoint === 0x0a || codePoint === 0x09)) return undefined;
  if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'a control character';
  if (codePoint === 0x2028 || codePoint === 0x2029) return 'a line or paragraph separator';
  if (BIDI_FORMATTING.has(codePoint)) return 'a bidirectional formatting character';
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'an unpaired surrogate';
  return undefined;
}

/** The first problem of `value` under `rule`, or undefined when it obeys the rules. */
export function textProblem(value: unknown, rule: TextRule): TextProblem | undefined {
  if (typeof value !== 'string') return { kind: 'not-a-string' };
  let length = 0;
  // Iterating a string yields code points; an unpaired surrogate comes out alone.
  for (const character of value) {
    const codePoint = character.codePointAt(0)!;
    const what = forbidden(codePoint, rule);
    if (what !== undefined) return { kind: 'forbidden-character', codePoint, what };
    length += 1;
  }
  if (value.trim() === '') return { kind: 'blank' };
  if (length > rule.maxLength) return { kind: 'too-long', maxLength: rule.maxLength };
  if (value.normalize('NFC') !== value) return { kind: 'not-nfc' };
  return undefined;
}

/** `U+202E`. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The sentence a refusal gives for a problem of `field`: it starts with the field's name. */
export function describeTextProblem(field: string, problem: TextProblem, rule: TextRule): string {
  switch (problem.kind) {
    case 'not-a-string':
      return `${field} must be a string`;
    case 'blank':
      return `${field} must not be empty or blank`;
    case 'too-long':
      return `${field} must be at most ${problem.maxLength} characters long`;
    case 'not-nfc':
      return `${field} must be in Unicode normalization form C (NFC)`;
    case 'forbidden-character':
      return `${field} must not contain ${problem.what} (${codePointName(problem.codePoint)}): ${
        rule.multiline ? 'only line feeds (U+000A) and tabs (U+0009) may lay it out' : 'it is a single line of plain text'
      }`;
    default: {
      const unknown: never = problem;
      throw new Error(`Unknown text problem ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Returns `value` if it obeys `rule`, else refuses it with an {@link InvalidTextError} naming
 * `field`. The decider calls it on every string it copies into an event.
 */
export function checkText<T>(field: string, value: T, rule: TextRule): T {
  const problem = textProblem(value, rule);
  if (problem) throw new InvalidTextError(field, describeTextProblem(field, problem, rule));
  return value;
}

/** The text in normalization form C, as the API hands it to the domain. */
export function normalizeText(value: string): string {
  return value.normalize('NFC');
}

/**
 * A text made to obey `rule` by removing what it forbids, for text this service does not own and
 * must not refuse outright (an official's display name from an identity provider): NFC; control
 * characters and line separators become spaces, bidirectional formatting characters and unpaired
 * surrogates are dropped; runs of spaces become one; cut to the maximum length. Blank if nothing
 * is left (the caller chooses a fallback).
 */
export function cleanText(value: string, rule: TextRule): string {
  let cleaned = '';
  for (const character of normalizeText(value)) {
    const codePoint = character.codePointAt(0)!;
    const what = forbidden(codePoint, rule);
    if (what === undefined) cleaned += character;
    else if (what === 'a control character' || what === 'a line or paragraph separator') cleaned += ' ';
  }
  // Dropping a character can bring a base and a combining mark together: normalise again.
  const characters = [...normalizeText(cleaned).replace(/ {2,}/g, ' ').trim()];
  return normalizeText(characters.slice(0, rule.maxLength).join('')).trim();
}
