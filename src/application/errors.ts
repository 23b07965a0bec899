import {
  AccessDeniedError,
  ActionNotAllowedError,
  AgreementNotFoundError,
  BusinessRuleViolationError,
  CorruptStreamError,
  DomainError,
} from '../domain/errors';

export { AccessDeniedError, ActionNotAllowedError, AgreementNotFoundError, BusinessRuleViolationError, CorruptStreamError, DomainError };

/** The refusal kinds every layer above maps to a response; the API turns each into one status. */
export type RefusalKind = DomainError['kind'] | 'precondition-failed' | 'unknown-action' | 'not-ready';

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

/** The workflow the agreement follows has no action of that name. */
export class UnknownActionError extends Error {
  override readonly name = 'UnknownActionError';
  readonly kind = 'unknown-action' as const;
  constructor(readonly action: string) {
    super(`There is no action ${action}`);
  }
}
