import { Injectable } from '@nestjs/common';
import type { Actor } from '../../domain/access/actor';
import type { AgreementActionCommand } from '../../domain/agreements/agreement-commands';
import type { DecisionContext } from '../../domain/agreements/decision-context';
import { actingAgencyIds } from '../../domain/directory/agency';
import { DirectoryRepository } from '../directory/directory-repository';
import { AgreementRepository, type LoadedAgreement } from './agreement-repository';

/**
 * Gathers what a decision needs from other streams, so that the domain never queries: the parent
 * MoU, the agencies of the actor and the parties with what they are units of, and the delegation
 * a signature names.
 */
@Injectable()
export class DecisionFacts {
  constructor(
    private readonly agreements: AgreementRepository,
    private readonly directory: DirectoryRepository,
  ) {}

  async forDraft(
    actor: Actor,
    draft: { readonly parentId?: string; readonly parties: readonly { readonly agencyId: string }[] },
    now: Date,
  ): Promise<DecisionContext> {
    const directory = await this.directory.agenciesAround([actor.agencyId, ...draft.parties.map((party) => party.agencyId)]);
    const parent = await this.agreements.describeParent(draft.parentId, actor, actingAgencyIds(directory, actor.agencyId));
    return { now, parent, directory };
  }

  async forAction(actor: Actor, agreement: LoadedAgreement, command: AgreementActionCommand, now: Date): Promise<DecisionContext> {
    const { context } = agreement.state.snapshot;
    const reference = command.type === 'SignAgreement' ? (command.delegationId ?? command.delegationRef) : undefined;
    const delegation = typeof reference === 'string' ? await this.directory.delegationNamed(reference, actor.agencyId) : undefined;
    // The grantor's agency (and its time zone) may lie outside the parties' hierarchy: it is read with them.
    const named = [actor.agencyId, ...context.parties.map((party) => party.agencyId), ...(delegation ? [delegation.grantor.agencyId] : [])];
    const directory = await this.directory.agenciesAround(named);
    const parent = await this.agreements.describeParent(context.parentId, actor, actingAgencyIds(directory, actor.agencyId));
    return { now, parent, directory, ...(delegation === undefined ? {} : { delegation }) };
  }
}
