import { randomUUID } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { canReadAgreement } from '../../domain/access/policy';
import type { AgreementActionCommand } from '../../domain/agreements/agreement-commands';
import { decideAndApply } from '../../domain/agreements/agreement-decider';
import { actionsOf } from '../../domain/workflows/migrations';
import { AgreementNotFoundError, DomainError } from '../../domain/errors';
import { StaleRevisionError, UnknownActionError } from '../errors';
import { buildEventEnvelope } from '../event-store/event-envelope';
import { assertSameRequest, requestFingerprint } from '../event-store/request-fingerprint';
import { CLOCK, type Clock } from '../ports/clock.port';
import { REQUEST_CONTEXT, type RequestContext } from '../ports/request-context.port';
import { TRACING, UNTRACED, type Tracing } from '../ports/tracing.port';
import { StreamRevisionConflictError } from '../ports/event-store.port';
import { AgreementRepository, type LoadedAgreement } from './agreement-repository';
import { derivedUuid } from './agreement-stream';
import { DecisionFacts } from './decision-facts';
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
    /** Makes a retried request return the first result, and a reuse with another body a 422; scoped to the actor, agreement and action. */
    readonly idempotencyKey?: string,
    /**
     * With a key: the first result cannot have been recorded before this moment (the scheduler
     * knows: not before its deadline fell due), so the search for it reads the stream back only so
     * far rather than whole.
     */
    readonly keyRecordedSince?: Date,
  ) {
    super();
  }
}

@CommandHandler(PerformAgreementActionCommand)
export class PerformAgreementActionHandler implements ICommandHandler<PerformAgreementActionCommand> {
  constructor(
    private readonly agreements: AgreementRepository,
    private readonly facts: DecisionFacts,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(REQUEST_CONTEXT) private readonly request?: RequestContext,
    @Optional() @Inject(TRACING) private readonly tracing: Tracing = UNTRACED,
  ) {}

  execute(command: PerformAgreementActionCommand): Promise<AgreementCommandResult> {
    // The action is the caller's word until the workflow knows it: an attribute, never the span's name.
    const attributes = {
      'sepakat.action': command.action,
      'sepakat.agreement_id': command.agreementId,
      'sepakat.agency_id': command.actor.agencyId,
    };
    return this.tracing.span('command perform-action', attributes, () => this.perform(command));
  }

  private async perform(command: PerformAgreementActionCommand): Promise<AgreementCommandResult> {
    const { actor, agreementId, action, payload, idempotencyKey } = command;
    const commandId = idempotencyKey ? derivedUuid('agreement-action', actor.id, agreementId, action, idempotencyKey) : randomUUID();
    const fingerprint = idempotencyKey ? requestFingerprint(payload) : undefined;
    // The first attempt decides on the cached state without reading the stream; the append's
    // revision check catches a state another writer made stale, and a refusal is only given after
    // deciding again on what the stream holds. A lost race decides again on the stream too: with
    // If-Match, that decision is the 412 naming the revision that won. Every retry counts, so a
    // writer that keeps winning ends in a conflict, never in a loop. With a key, every attempt
    // first looks for the command in the stream: a racing retry may have landed meanwhile.
    let trustCache = true;
    for (let attempt = 1; ; attempt += 1) {
      const earlier = fingerprint && (await this.earlierAction(agreementId, actor, commandId, fingerprint, command.keyRecordedSince));
      if (earlier) return earlier;
      const agreement = await this.visibleAgreement(agreementId, actor, trustCache);
      try {
        return commandResult(await this.attempt(command, agreement, commandId, fingerprint));
      } catch (error) {
        const retry = error instanceof StreamRevisionConflictError || (trustCache && isRefusal(error));
        if (!retry || attempt >= MAX_ATTEMPTS) throw error;
        trustCache = false;
      }
    }
  }

  /** The first result of a command already stored under this key, after the caller's right to see it. */
  private async earlierAction(
    agreementId: string,
    actor: Actor,
    commandId: string,
    fingerprint: string,
    recordedSince?: Date,
  ): Promise<AgreementCommandResult | undefined> {
    const earlier = await this.agreements.resultOfCommand(agreementId, commandId, recordedSince);
    if (!earlier) return undefined;
    await this.visibleAgreement(agreementId, actor, false);
    assertSameRequest(earlier.metadata, fingerprint);
    return commandResult(earlier.agreement);
  }

  private async attempt(
    command: PerformAgreementActionCommand,
    agreement: LoadedAgreement,
    commandId: string,
    fingerprint: string | undefined,
  ): Promise<LoadedAgreement> {
    const { actor, action, payload, expectedRevision } = command;
    const { workflow } = agreement.state;
    const definition = actionsOf(workflow).find((candidate) => candidate.name === action);
    if (!definition) throw new UnknownActionError(action);
    if (expectedRevision !== undefined && expectedRevision !== agreement.revision) {
      throw new StaleRevisionError(expectedRevision, agreement.revision);
    }
    const now = this.clock.now();
    const domainCommand = { ...payload, type: definition.command } as AgreementActionCommand;
    const facts = await this.facts.forAction(actor, agreement, domainCommand, now);
    const decision = this.tracing.span(
      'decide',
      { 'sepakat.workflow': `${workflow.name}@${workflow.version}`, 'sepakat.revision': agreement.revision.toString() },
      () => decideAndApply(domainCommand, agreement.state, actor, facts),
    );
    const correlationId = this.request?.correlationId();
    const envelope = buildEventEnvelope({
      commandId,
      actor,
      workflow,
      occurredAt: now,
      ...(correlationId ? { correlationId } : {}),
      ...(fingerprint ? { requestFingerprint: fingerprint } : {}),
    });
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
