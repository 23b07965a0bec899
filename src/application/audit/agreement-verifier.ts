import type { Actor } from '../../domain/access/actor';
import { authorizeAction } from '../../domain/access/policy';
import { isRole } from '../../domain/access/roles';
import { evolve, initialState, type AgreementState } from '../../domain/agreements/agreement-decider';
import type { AgreementEvent } from '../../domain/agreements/agreement-events';
import { pinnedWorkflow, toDomainEvent } from '../agreements/agreement-stream';
import { HashChainVerifier, type ChainBreak, type ChainVerification, type VerifiableEvent } from '../event-store/hash-chain';
import type { JsonObject } from '../event-store/json';

export type AgreementVerification = ChainVerification;

/**
 * Checks one agreement's stream, event by event, without trusting anything the service keeps
 * besides the log: the hash chain is intact, every event is a transition the pinned workflow
 * version accepts in the state the earlier events led to, and every event's actor held a role and
 * agency its action's policy allowed. Events the service derives from another (the last clearance's
 * `ClearedForSigning`, the last signature's `AgreementExecuted`, the last confirmation's
 * `LocationsFixed`) must come from the same command as the event before them.
 */
export class AgreementVerifier {
  private readonly chain: HashChainVerifier;
  private state: AgreementState | undefined;
  private previousCommandId: unknown;
  private broken: ChainBreak | undefined;
  private checked = 0;

  constructor(readonly stream: string) {
    this.chain = new HashChainVerifier(stream);
  }

  /** Returns false once the stream is found broken (at this event or before). */
  push(event: VerifiableEvent): boolean {
    if (this.broken) return false;
    if (!this.chain.push(event)) {
      this.broken = this.chain.result().firstInvalid;
      return false;
    }
    const reason = this.replay(event);
    if (reason) {
      this.broken = { revision: event.revision, reason };
      return false;
    }
    this.checked += 1;
    return true;
  }

  result(): AgreementVerification {
    return this.broken ? { valid: false, checkedEvents: this.checked, firstInvalid: this.broken } : { valid: true, checkedEvents: this.checked };
  }

  /** Folds the event; returns why it is not a legal transition by a permitted actor, if it is not. */
  private replay(recorded: VerifiableEvent): string | undefined {
    const { metadata } = recorded;
    if (!this.state) {
      const workflow = pinnedWorkflow(recorded);
      if (!workflow) return `the first event pins an unknown workflow ${JSON.stringify(metadata.workflow)}`;
      this.state = initialState(workflow);
    }
    const event = toDomainEvent(recorded);
    const refusal = this.policyRefusal(event, metadata);
    if (refusal) return refusal;
    try {
      this.state = evolve(this.state, event);
    } catch (error) {
      return `not a legal transition: ${(error as Error).message}`;
    }
    this.previousCommandId = metadata.commandId;
    return undefined;
  }

  private policyRefusal(event: AgreementEvent, metadata: JsonObject): string | undefined {
    const { workflow, snapshot } = this.state!;
    const actor = actorOf(metadata);
    if (!actor) return 'the event names no actor';
    if (event.type === 'AgreementDrafted') {
      const allowed = authorizeAction(workflow.draftPolicy, actor, event.parties.map((party) => party.agencyId)).allowed;
      return allowed ? undefined : `${actor.name} (${actor.roles.join(', ')}, ${actor.agencyId}) could not draft it`;
    }
    const action = workflow.actions.find((candidate) => candidate.produces === event.type);
    if (!action) {
      return metadata.commandId !== undefined && metadata.commandId === this.previousCommandId
        ? undefined
        : `${event.type} is derived from another event and must come from the same command`;
    }
    const parties = snapshot.context.parties.map((party) => party.agencyId);
    const decision = authorizeAction(action.policy, actor, parties, 'agencyId' in event && action.policy.party === 'own' ? event.agencyId : undefined);
    return decision.allowed
      ? undefined
      : `${actor.name} (${actor.roles.join(', ')}, ${actor.agencyId}) was not allowed to ${action.name} (${decision.reason})`;
  }
}

function actorOf(metadata: JsonObject): Actor | undefined {
  const actor = metadata.actor as { id?: unknown; name?: unknown; agencyId?: unknown; roles?: unknown } | undefined;
  if (!actor || typeof actor.id !== 'string' || typeof actor.agencyId !== 'string' || !Array.isArray(actor.roles)) return undefined;
  return { id: actor.id, name: String(actor.name ?? actor.id), agencyId: actor.agencyId, roles: actor.roles.filter(isRole) };
}

/** Verifies a whole stream read in revision order. */
export function verifyAgreementStream(stream: string, events: Iterable<VerifiableEvent>): AgreementVerification {
  const verifier = new AgreementVerifier(stream);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.result();
}
