/**
 * Typed refusals of the domain. They carry no HTTP status: the API maps each kind to one
 * (400, 403, 404, 409, 422), so the domain stays free of transport concerns.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'invalid-text' | 'access-denied' | 'not-found' | 'invalid-state' | 'business-rule' | 'corrupt-stream';
}

/**
 * A text of the command breaks the text rules (`domain/text/text-rules.ts`): a control or
 * bidirectional formatting character, not NFC, blank, too long. Invalid input like a DTO's, so it
 * answers as one (400); `field` names the field, the message says what is wrong.
 */
export class InvalidTextError extends DomainError {
  override readonly name = 'InvalidTextError';
  readonly kind = 'invalid-text' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The actor may not take this action (role, or acting for another party, or read-only). */
export class AccessDeniedError extends DomainError {
  override readonly name = 'AccessDeniedError';
  readonly kind = 'access-denied' as const;
}

/** No such agreement, or none the actor may know of (existence must not leak). */
export class AgreementNotFoundError extends DomainError {
  override readonly name = 'AgreementNotFoundError';
  readonly kind = 'not-found' as const;
  constructor(readonly agreementId: string) {
    super(`Agreement ${agreementId} was not found`);
  }
}

/** Refuses with the business rule `name` unless `condition` holds: what every decision checks with. */
export function rule(condition: boolean, name: string, message: string): asserts condition {
  if (!condition) throw new BusinessRuleViolationError(name, message);
}

/** No such agency or delegation in the directory. */
export class DirectoryEntryNotFoundError extends DomainError {
  override readonly name = 'DirectoryEntryNotFoundError';
  readonly kind = 'not-found' as const;
  constructor(what: 'agency' | 'delegation', id: string) {
    super(`No ${what} ${id} is in the directory`);
  }
}

/** The action exists but the agreement's current state does not offer it. */
export class ActionNotAllowedError extends DomainError {
  override readonly name = 'ActionNotAllowedError';
  readonly kind = 'invalid-state' as const;
  constructor(
    readonly action: string,
    readonly state: string,
  ) {
    super(`${action} is not possible while the agreement is ${state}`);
  }
}

/** A rule of the domain fails: dates, parent term, document hash, quorum... `rule` names it. */
export class BusinessRuleViolationError extends DomainError {
  override readonly name = 'BusinessRuleViolationError';
  readonly kind = 'business-rule' as const;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** A stored event the pinned machine does not accept: a corrupt stream or an incompatible machine change. */
export class CorruptStreamError extends DomainError {
  override readonly name = 'CorruptStreamError';
  readonly kind = 'corrupt-stream' as const;
}
