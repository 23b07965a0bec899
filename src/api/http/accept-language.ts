import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LANGUAGES, type Language } from '../../application/audit/event-summary';

/**
 * One member of an `Accept-Language` list (RFC 9110 §12.5.4): a language range (RFC 4647 §2.1,
 * letters and digits in subtags of at most 8, or `*`) and an optional weight `;q=` with at most
 * three decimals, at most 1 (RFC 9110 §12.4.2; `q` in either case).
 */
const MEMBER = /^([a-z]{1,8}(?:-[a-z0-9]{1,8})*|\*)(?:[ \t]*;[ \t]*q=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?))?$/i;

/** The language a range's primary subtag names: `in` is the code ISO 639 gave Indonesian before `id` (old Java clients still send it). */
const PRIMARY_SUBTAGS: ReadonlyMap<string, Language> = new Map<string, Language>([
  ['id', 'id'],
  ['in', 'id'],
  ['en', 'en'],
]);

/** How much the reader wants a language, and where in the header they said so (earlier wins a tie). */
interface Preference {
  readonly q: number;
  readonly at: number;
}

/**
 * The language to answer in for an `Accept-Language` header: the one with the highest weight, a
 * tie going to the range listed first, then to Bahasa Indonesia. `id`, `id-ID` and `in` ask for
 * Bahasa Indonesia, `en` and `en-*` for English; `*` weighs every language the header does not
 * name. `q=0` refuses a language. Members that do not parse are skipped, never refused: when
 * nothing wanted is spoken here (no header, `fr`, garbage), the answer is the first language not
 * refused, Bahasa Indonesia unless the header refused it, because a history line in some language
 * is better than a 406.
 */
export function preferredLanguage(header: string | undefined): Language {
  const named = new Map<Language, Preference>();
  let wildcard: Preference | undefined;
  (header ?? '').split(',').forEach((member, at) => {
    const match = MEMBER.exec(member.trim());
    if (!match) return;
    const [, range, weight] = match;
    const preference = { q: weight === undefined ? 1 : Number(weight), at };
    if (range === '*') {
      wildcard = stronger(wildcard, preference);
      return;
    }
    const language = PRIMARY_SUBTAGS.get(range.split('-')[0].toLowerCase());
    if (language) named.set(language, stronger(named.get(language), preference));
  });
  const preferences = LANGUAGES.map((language) => ({ language, preference: named.get(language) ?? wildcard }));
  const wanted = preferences
    .filter(({ preference }) => preference !== undefined && preference.q > 0)
    .sort((a, b) => b.preference!.q - a.preference!.q || a.preference!.at - b.preference!.at);
  return (wanted[0] ?? preferences.find(({ preference }) => preference?.q !== 0) ?? preferences[0]).language;
}

/** Of two ranges naming the same language (`id`, `id-ID`), the one that wants it more; the earlier of equals. */
function stronger(current: Preference | undefined, next: Preference): Preference {
  return current === undefined || next.q > current.q ? next : current;
}

/** The language the request's `Accept-Language` asks for (see {@link preferredLanguage}). */
export const PreferredLanguage = createParamDecorator((_: unknown, context: ExecutionContext): Language =>
  preferredLanguage(context.switchToHttp().getRequest<FastifyRequest>().headers['accept-language']),
);

/**
 * Says which language the answer is in (`Content-Language`), and that another `Accept-Language`
 * may get another answer (`Vary`), so that no cache hands an English page to a reader of Bahasa
 * Indonesia.
 */
export function answerIn(reply: FastifyReply, language: Language): void {
  const vary = reply.getHeader('vary');
  const varies =
    vary === undefined
      ? []
      : String(vary)
          .split(',')
          .map((name) => name.trim());
  if (!varies.some((name) => name.toLowerCase() === 'accept-language')) varies.push('Accept-Language');
  void reply.header('content-language', language).header('vary', varies.join(', '));
}
