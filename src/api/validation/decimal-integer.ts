import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

const DECIMAL = /^[0-9]{1,16}$/;

/**
 * A whole number in a query string, from `min` to `max`, written in decimal digits and nothing
 * else. `Number()` (and so `@Type(() => Number)`) also reads `0x1`, `1e3`, ` 1`, `+1`, `-0`, and
 * reads the empty string as 0: such text is left as it is and refused (400), so that what a client
 * meant is never guessed.
 */
export function IsDecimalInteger(min: number, max: number = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value)),
    ValidateBy(
      {
        name: 'isDecimalInteger',
        constraints: [min, max],
        validator: { validate: (value: unknown) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max },
      },
      { message: `$property must be a whole number from ${min} to ${max}, written in decimal digits` },
    ),
  );
}
