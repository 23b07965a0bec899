import { Transform } from 'class-transformer';
import { Matches, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { describeTextProblem, isCalendarDate, normalizeText, textProblem, type TextRule } from '../../application/agreements/vocabulary';

/** `YYYY-MM-DD`, and a date that exists (no 30 February). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value) },
    });
}

/**
 * An optional field that is not text: it may be left out, but `null` is checked like any other
 * value, and so refused (400 naming the field). class-validator's `IsOptional` skips `null` too: a
 * null parent id reached `toLowerCase()` (a 500) and a null notice period became the default.
 * Optional text keeps `IsOptional`: the decider refuses a null text itself, as the second line.
 */
export const MayBeLeftOut = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A SHA-256 digest in hex. */
export const IsSha256 = (options?: ValidationOptions): PropertyDecorator =>
  Matches(/^[0-9a-fA-F]{64}$/, { message: '$property must be a SHA-256 digest (64 hexadecimal characters)', ...options });

/**
 * A text field under one of the domain's text rules (`TEXT_RULES`, the ones the decider applies
 * again): normalised to NFC, then refused (400, naming the field) if it is not a string, is blank
 * or too long, or holds a control character (line feeds and tabs only in a multi-line field), a
 * line separator, a bidirectional formatting character or an unpaired surrogate. With `each`, an
 * array of such texts; the message names the element (`villages.2`).
 */
export function IsText(rule: TextRule, options: { each?: boolean } = {}): PropertyDecorator {
  const each = options.each === true;
  const problemOf = (value: unknown, property: string): string | undefined => {
    if (!each) {
      const problem = textProblem(value, rule);
      return problem && describeTextProblem(property, problem, rule);
    }
    if (!Array.isArray(value)) return `${property} must be an array of strings`;
    for (const [index, item] of value.entries()) {
      const problem = textProblem(item, rule);
      if (problem) return describeTextProblem(`${property}.${index}`, problem, rule);
    }
    return undefined;
  };
  return (target, propertyName) => {
    Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(normalized) : normalized(value)), { toClassOnly: true })(
      target,
      propertyName,
    );
    registerDecorator({
      name: 'isText',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [rule],
      options: { message: (args) => problemOf(args.value, args.property) ?? `${args.property} is not valid text` },
      validator: { validate: (value: unknown) => problemOf(value, '') === undefined },
    });
  };
}

function normalized(value: unknown): unknown {
  return typeof value === 'string' ? normalizeText(value) : value;
}
