import type { Actor } from '../../domain/access/actor';
import { authorizeAction } from '../../domain/access/policy';
import { isRole } from '../../domain/access/roles';
import { evolve, initialState, type AgreementState } from '../../domain/agreements/agreement-decider';
import type { AgreementEvent, PartySigned } from '../../domain/agreements/agreement-events';
import { checkDelegation } from '../../domain/directory/delegation';
import { actionsOf } from '../../domain/workflows/migrations';
import type { DirectoryHistory } from '../directory/directory-stream';
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
 * `LocationsFixed`) must come from the same command as the event before them. A signature under a
 * recorded delegation must be one the delegation allowed at that moment.
 */
export class AgreementVerifier {
  private readonly chain: HashChainVerifier;
  private state: AgreementState | undefined;
  private previousCommandId: unknown;
  private broken: ChainBreak | undefined;
  private checked = 0;

  constructor(
    readonly stream: string,
    /** The directory's history, to check signatures under delegation at their moment; absent offline. */
    private readonly directory?: DirectoryHistory,
  ) {
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
    return this.broken
      ? { valid: false, checkedEvents: this.checked, firstInvalid: this.broken }
      : { valid: true, checkedEvents: this.checked };
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
      const allowed = authorizeAction(
        workflow.draftPolicy,
        actor,
        event.parties.map((party) => party.agencyId),
      ).allowed;
      return allowed ? undefined : `${actor.name} (${actor.roles.join(', ')}, ${actor.agencyId}) could not draft it`;
    }
    const action = actionsOf(workflow).find((candidate) => candidate.produces === event.type);
    if (!action) {
      return metadata.commandId !== undefined && metadata.commandId === this.previousCommandId
        ? undefined
        : `${event.type} is derived from another event and must come from the same command`;
    }
    const parties = snapshot.context.parties.map((party) => party.agencyId);
    const decision = authorizeAction(
      action.policy,
      actor,
      parties,
      'agencyId' in event && action.policy.party === 'own' ? event.agencyId : undefined,
    );
    if (!decision.allowed)
      return `${actor.name} (${actor.roles.join(', ')}, ${actor.agencyId}) was not allowed to ${action.name} (${decision.reason})`;
    if (event.type === 'PartySigned' && event.delegation) return this.delegationRefusal(event, actor, metadata);
    return undefined;
  }

  /**
   * A signature under a recorded delegation is checked again against the directory as it stood
   * at the moment of signing: the delegation held then, for this agreement and signatory, and the
   * event quotes it faithfully. Without the directory's history (an offline check) this is skipped.
   */
  private delegationRefusal(event: PartySigned, actor: Actor, metadata: JsonObject): string | undefined {
    if (!this.directory) return undefined;
    // The envelope's business time, an ISO string; anything else is no instant (an invalid date).
    const at = new Date(typeof metadata.occurredAt === 'string' ? metadata.occurredAt : Number.NaN);
    const { directory, delegations } = this.directory.asOf(at);
    const { context } = this.state!.snapshot;
    const quoted = event.delegation!;
    try {
      const recorded = checkDelegation(
        delegations.get(quoted.delegationId),
        { agreementId: context.agreementId, kind: context.kind!, partyAgencyId: event.agencyId, actor, at },
        directory,
        quoted.delegationId,
      );
      const same =
        recorded.referenceNumber === quoted.referenceNumber &&
        recorded.letterSha256 === quoted.letterSha256 &&
        recorded.grantor.agencyId === quoted.grantor.agencyId &&
        recorded.grantor.position === quoted.grantor.position;
      return same ? undefined : `the signature quotes delegation ${quoted.delegationId} otherwise than it was recorded`;
    } catch (error) {
      return `the delegation did not hold when signing: ${(error as Error).message}`;
    }
  }
}

function actorOf(metadata: JsonObject): Actor | undefined {
  const actor = metadata.actor as { id?: unknown; name?: unknown; agencyId?: unknown; roles?: unknown } | undefined;
  if (!actor || typeof actor.id !== 'string' || typeof actor.agencyId !== 'string' || !Array.isArray(actor.roles)) return undefined;
  return {
    id: actor.id,
    name: typeof actor.name === 'string' ? actor.name : actor.id,
    agencyId: actor.agencyId,
    roles: actor.roles.filter(isRole),
  };
}

/** Verifies a whole stream read in revision order. */
export function verifyAgreementStream(
  stream: string,
  events: Iterable<VerifiableEvent>,
  directory?: DirectoryHistory,
): AgreementVerification {
  const verifier = new AgreementVerifier(stream, directory);
  for (const event of events) if (!verifier.push(event)) break;
  return verifier.result();
}
