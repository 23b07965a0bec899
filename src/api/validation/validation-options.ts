import { ValidationPipe } from '@nestjs/common';

/**
 * The one validation policy of the API: unknown fields are refused (400), values are converted to
 * their DTO types, every problem is listed.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
  });
}
