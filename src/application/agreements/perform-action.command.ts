import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import type { AgreementActionCommand } from '../../domain/agreements/agreement-commands';
import { decideAndApply } from '../../domain/agreements/agreement-decider';
import { AgreementNotFoundError, DomainError } from '../../domain/errors';
import { StaleRevisionError, UnknownActionError } from '../errors';
import { buildEventEnvelope } from '../event-store/event-envelope';
import { CLOCK, type Clock } from '../ports/clock.port';
import { StreamRevisionConflictError } from '../ports/event-store.port';
import { AgreementRepository, type LoadedAgreement } from './agreement-repository';
import { derivedUuid } from './agreement-stream';
import { commandResult, type AgreementCommandResult } from './agreement-view';

/** How often a command decides again after losing a race to another writer of the same agreement. */
const MAX_ATTEMPTS = 5;

/** Perform one of the workflow's actions (`POST /agreements/:id/actions/:action`). */
export class PerformAgreementActionCommand extends Command<AgreementCommandResult> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly action: string,
    /** The validated body of the action. */
    readonly payload: Record<string, unknown>,
    /** `If-Match`: the revision the caller saw; a different current revision is refused (412). */
    readonly expectedRevision?: bigint,
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}

@CommandHandler(PerformAgreementActionCommand)
export class PerformAgreementActionHandler implements ICommandHandler<PerformAgreementActionCommand> {
  constructor(
    private readonly agreements: AgreementRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: PerformAgreementActionCommand): Promise<AgreementCommandResult> {
    const { actor, agreementId, action, idempotencyKey } = command;
    const commandId = idempotencyKey ? derivedUuid('agreement-action', actor.id, agreementId, action, idempotencyKey) : randomUUID();
    if (idempotencyKey) {
      const earlier = await this.agreements.resultOfCommand(agreementId, commandId);
      if (earlier) {
        await this.visibleAgreement(agreementId, actor, false);
        return commandResult(earlier);
      }
    }
    // The first attempt decides on the cached state without reading the stream; the append's
    // revision check catches a state another writer made stale, and a refusal is only given after
    // deciding again on what the stream holds. A lost race decides again on the stream too: with
    // If-Match, that decision is the 412 naming the revision that won. Every retry counts, so a
    // writer that keeps winning ends in a conflict, never in a loop.
    let trustCache = true;
    for (let attempt = 1; ; attempt += 1) {
      const agreement = await this.visibleAgreement(agreementId, actor, trustCache);
      try {
        return commandResult(await this.attempt(command, agreement, commandId));
      } catch (error) {
        const retry = error instanceof StreamRevisionConflictError || (trustCache && isRefusal(error));
        if (!retry || attempt >= MAX_ATTEMPTS) throw error;
        trustCache = false;
      }
    }
  }

  private async attempt(command: PerformAgreementActionCommand, agreement: LoadedAgreement, commandId: string): Promise<LoadedAgreement> {
    const { actor, action, payload, expectedRevision } = command;
    const { workflow } = agreement.state;
    const definition = workflow.actions.find((candidate) => candidate.name === action);
    if (!definition) throw new UnknownActionError(action);
    if (expectedRevision !== undefined && expectedRevision !== agreement.revision) {
      throw new StaleRevisionError(expectedRevision, agreement.revision);
    }
    const now = this.clock.now();
    const parent = await this.agreements.describeParent(agreement.state.snapshot.context.parentId);
    const domainCommand = { ...payload, type: definition.command } as AgreementActionCommand;
    const decision = decideAndApply(domainCommand, agreement.state, actor, { now, parent });
    const envelope = buildEventEnvelope({ commandId, actor, workflow, occurredAt: now });
    return this.agreements.append(agreement.id, agreement, decision, envelope);
  }

  /** Officials of other agencies get "not found", so that existence does not leak. */
  private async visibleAgreement(agreementId: string, actor: Actor, trustCache: boolean): Promise<LoadedAgreement> {
    const agreement = await this.agreements.load(agreementId, { trustCache });
    const parties = agreement?.state.snapshot.context.parties.map((party) => party.agencyId) ?? [];
    if (!agreement || !canReadAgreement(actor, parties)) throw new AgreementNotFoundError(agreementId);
    return agreement;
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof DomainError || error instanceof StaleRevisionError || error instanceof UnknownActionError;
}
