import {
  AccessDeniedError,
  ActionNotAllowedError,
  AgreementNotFoundError,
  BusinessRuleViolationError,
  CorruptStreamError,
  DomainError,
  InvalidTextError,
} from '../domain/errors';

export {
  AccessDeniedError,
  ActionNotAllowedError,
  AgreementNotFoundError,
  BusinessRuleViolationError,
  CorruptStreamError,
  DomainError,
  InvalidTextError,
};

/** The refusal kinds every layer above maps to a response; the API turns each into one status. */
export type RefusalKind =
  | DomainError['kind']
  | 'precondition-failed'
  | 'unknown-action'
  | 'not-ready'
  | 'projection-stuck'
  | 'invalid-input'
  | 'sign-in-link-invalid'
  | 'already-running';

/** `If-Match` named a revision the agreement has moved past: the caller must reload. */
export class StaleRevisionError extends Error {
  override readonly name = 'StaleRevisionError';
  readonly kind = 'precondition-failed' as const;
  constructor(
    readonly expected: bigint,
    readonly actual: bigint,
  ) {
    super(`The agreement is at revision ${actual}, not ${expected}: reload it and try again`);
  }
}

/**
 * A request value that only the application can judge (a page cursor it did not seal): refused
 * like any invalid input (400), naming the field.
 */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
  readonly kind = 'invalid-input' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An `Idempotency-Key` the same caller already used on the same route with a different body
 * (IETF draft "The Idempotency-Key HTTP Header Field": 422). Nothing is appended.
 */
export class IdempotencyKeyReusedError extends Error {
  override readonly name = 'IdempotencyKeyReusedError';
  readonly kind = 'business-rule' as const;
  readonly rule = 'idempotency-key';
  constructor() {
    super('This Idempotency-Key was already used with a different request body; send a new key for a new request');
  }
}

/** The workflow the agreement follows has no action of that name. */
export class UnknownActionError extends Error {
  override readonly name = 'UnknownActionError';
  readonly kind = 'unknown-action' as const;
  constructor(readonly action: string) {
    super(`There is no action ${action}`);
  }
}

/**
 * A whole-store verification is already running in this process: one at a time, so that auditors
 * cannot together hold the store's reads and the event loop. Says who started it and when.
 */
export class StoreVerificationRunningError extends Error {
  override readonly name = 'StoreVerificationRunningError';
  readonly kind = 'already-running' as const;
  constructor(
    readonly startedBy: { readonly id: string; readonly name: string },
    readonly startedAt: string,
  ) {
    super(`A whole-store verification started by ${startedBy.name} at ${startedAt} is still running; try again when it has finished`);
  }
}
