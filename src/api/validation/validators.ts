import { Matches, registerDecorator, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '../../application/agreements/vocabulary';

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

/** A SHA-256 digest in hex. */
export const IsSha256 = (options?: ValidationOptions): PropertyDecorator =>
  Matches(/^[0-9a-fA-F]{64}$/, { message: '$property must be a SHA-256 digest (64 hexadecimal characters)', ...options });
