import { randomUUID } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import type { DraftAgreement } from '../../domain/agreements/agreement-commands';
import { decideDraft, evolve, initialState } from '../../domain/agreements/agreement-decider';
import { latestWorkflowFor } from '../../domain/workflows/workflow-registry';
import { buildEventEnvelope } from '../event-store/event-envelope';
import { assertSameRequest, requestFingerprint } from '../event-store/request-fingerprint';
import { CLOCK, type Clock } from '../ports/clock.port';
import { REQUEST_CONTEXT, type RequestContext } from '../ports/request-context.port';
import { TRACING, UNTRACED, type Tracing } from '../ports/tracing.port';
import { StreamRevisionConflictError } from '../ports/event-store.port';
import { AgreementRepository } from './agreement-repository';
import { derivedUuid } from './agreement-stream';
import { DecisionFacts } from './decision-facts';
import { commandResult, type AgreementCommandResult } from './agreement-view';

export type DraftAgreementInput = Omit<DraftAgreement, 'type' | 'agreementId'>;

/** Draft a new agreement on the latest workflow version of its kind. */
export class DraftAgreementCommand extends Command<AgreementCommandResult> {
  constructor(
    readonly actor: Actor,
    readonly draft: DraftAgreementInput,
    /** Makes a retried request return the first result, and a reuse with another body a 422; scoped to the actor. */
    readonly idempotencyKey?: string,
  ) {
    super();
  }
}

@CommandHandler(DraftAgreementCommand)
export class DraftAgreementHandler implements ICommandHandler<DraftAgreementCommand> {
  constructor(
    private readonly agreements: AgreementRepository,
    private readonly facts: DecisionFacts,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(REQUEST_CONTEXT) private readonly request?: RequestContext,
    @Optional() @Inject(TRACING) private readonly tracing: Tracing = UNTRACED,
  ) {}

  execute(command: DraftAgreementCommand): Promise<AgreementCommandResult> {
    const attributes = { 'sepakat.kind': command.draft.kind, 'sepakat.agency_id': command.actor.agencyId };
    return this.tracing.span('command draft-agreement', attributes, () => this.draft(command));
  }

  private async draft({ actor, draft, idempotencyKey }: DraftAgreementCommand): Promise<AgreementCommandResult> {
    // With a key, the agreement id and the event ids derive from it: a retry lands on the same
    // stream, where the first draft answers it (the same body) or refuses it (another body).
    const commandId = idempotencyKey ? derivedUuid('draft-agreement', actor.id, idempotencyKey) : randomUUID();
    const agreementId = idempotencyKey ? derivedUuid('agreement', actor.id, idempotencyKey) : randomUUID();
    const fingerprint = idempotencyKey ? requestFingerprint(draft) : undefined;
    const earlier = fingerprint && (await this.earlierDraft(agreementId, commandId, fingerprint));
    if (earlier) return earlier;
    const workflow = latestWorkflowFor(draft.kind);
    const now = this.clock.now();
    const facts = await this.facts.forDraft(actor, draft, now);
    const events = this.tracing.span('decide', { 'sepakat.workflow': `${workflow.name}@${workflow.version}` }, () =>
      decideDraft({ ...draft, type: 'DraftAgreement', agreementId }, workflow, actor, facts),
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
    try {
      const created = await this.agreements.append(
        agreementId,
        {},
        { events, next: events.reduce(evolve, initialState(workflow)) },
        envelope,
      );
      return commandResult(created);
    } catch (error) {
      // A retry racing the first request with another body: its events' ids differ, so the stream
      // the first one created is a conflict here; answer as the retry would have been answered.
      const raced =
        fingerprint && error instanceof StreamRevisionConflictError && (await this.earlierDraft(agreementId, commandId, fingerprint));
      if (raced) return raced;
      throw error;
    }
  }

  private async earlierDraft(agreementId: string, commandId: string, fingerprint: string): Promise<AgreementCommandResult | undefined> {
    const earlier = await this.agreements.resultOfCommand(agreementId, commandId);
    if (!earlier) return undefined;
    assertSameRequest(earlier.metadata, fingerprint);
    return commandResult(earlier.agreement);
  }
}
