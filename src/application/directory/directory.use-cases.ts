import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { actingAgencyIds, decideAgency, TIME_ZONE_NAMES, type Agency, type Directory } from '../../domain/directory/agency';
import { decideGrant, decideRevoke, type Delegation, type DelegationGrant } from '../../domain/directory/delegation';
import { AccessDeniedError, DirectoryEntryNotFoundError } from '../../domain/errors';
import { DirectoryRepository, type DirectoryChange } from './directory-repository';

/** An agency as the API shows it: its record, its time zone's name, and its units. */
export interface AgencyView extends Agency {
  readonly timeZoneName: string;
  readonly unitIds: readonly string[];
}

export interface DelegationView extends Delegation {
  /** Whether it is revoked; whether it holds today is the grantor's calendar's to say, and the API adds no clock here. */
  readonly revoked: boolean;
}

function agencyView(directory: Directory, agency: Agency): AgencyView {
  const unitIds = [...directory.values()]
    .filter((unit) => unit.parentId === agency.id)
    .map((unit) => unit.id)
    .sort();
  return { ...agency, timeZoneName: TIME_ZONE_NAMES[agency.timeZone], unitIds };
}

function delegationView(delegation: Delegation): DelegationView {
  return { ...delegation, revoked: delegation.revokedAt !== undefined };
}

export interface DirectoryResult<T> {
  readonly view: T;
  readonly change: DirectoryChange;
}

/** `POST /agencies` (register) and `PUT /agencies/:id` (change): ADMIN only. */
export class SaveAgencyCommand extends Command<DirectoryResult<AgencyView>> {
  constructor(
    readonly actor: Actor,
    readonly agency: Agency,
    readonly mode: 'register' | 'change',
  ) {
    super();
  }
}

@CommandHandler(SaveAgencyCommand)
export class SaveAgencyHandler implements ICommandHandler<SaveAgencyCommand> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ actor, agency, mode }: SaveAgencyCommand): Promise<DirectoryResult<AgencyView>> {
    if (mode === 'change' && !(await this.directory.directory()).has(agency.id) && actor.roles.includes('ADMIN')) {
      throw new DirectoryEntryNotFoundError('agency', agency.id);
    }
    const change = await this.directory.changeAgencies(actor, (directory) => decideAgency(directory, agency, actor, mode));
    const directory = await this.directory.directory();
    return { view: agencyView(directory, directory.get(agency.id)!), change };
  }
}

/** `POST /delegations`: an ADMIN, or a COORDINATOR of the granting agency. */
export class GrantDelegationCommand extends Command<DirectoryResult<DelegationView>> {
  constructor(
    readonly actor: Actor,
    readonly grant: DelegationGrant,
  ) {
    super();
  }
}

@CommandHandler(GrantDelegationCommand)
export class GrantDelegationHandler implements ICommandHandler<GrantDelegationCommand> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ actor, grant }: GrantDelegationCommand): Promise<DirectoryResult<DelegationView>> {
    const change = await this.directory.changeDelegations(actor, (directory, delegations) =>
      decideGrant(directory, delegations, grant, actor),
    );
    return { view: delegationView((await this.directory.delegations()).get(grant.id)!), change };
  }
}

/** `POST /delegations/:id/revoke`. */
export class RevokeDelegationCommand extends Command<DirectoryResult<DelegationView>> {
  constructor(
    readonly actor: Actor,
    readonly delegationId: string,
    readonly reason: string,
  ) {
    super();
  }
}

@CommandHandler(RevokeDelegationCommand)
export class RevokeDelegationHandler implements ICommandHandler<RevokeDelegationCommand> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ actor, delegationId, reason }: RevokeDelegationCommand): Promise<DirectoryResult<DelegationView>> {
    if (!(await this.directory.delegations()).has(delegationId)) throw new DirectoryEntryNotFoundError('delegation', delegationId);
    const change = await this.directory.changeDelegations(actor, (_directory, delegations) =>
      decideRevoke(delegations, delegationId, reason, actor),
    );
    return { view: delegationView((await this.directory.delegations()).get(delegationId)!), change };
  }
}

/** `GET /agencies`: every agency (the directory is public to every signed-in person), optionally the units of one. */
export class ListAgenciesQuery extends Query<AgencyView[]> {
  constructor(readonly parentId?: string) {
    super();
  }
}

@QueryHandler(ListAgenciesQuery)
export class ListAgenciesHandler implements IQueryHandler<ListAgenciesQuery> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ parentId }: ListAgenciesQuery): Promise<AgencyView[]> {
    const directory = await this.directory.directory();
    return [...directory.values()]
      .filter((agency) => parentId === undefined || agency.parentId === parentId)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((agency) => agencyView(directory, agency));
  }
}

export class GetAgencyQuery extends Query<AgencyView> {
  constructor(readonly agencyId: string) {
    super();
  }
}

@QueryHandler(GetAgencyQuery)
export class GetAgencyHandler implements IQueryHandler<GetAgencyQuery> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ agencyId }: GetAgencyQuery): Promise<AgencyView> {
    const directory = await this.directory.directory();
    const agency = directory.get(agencyId);
    if (!agency) throw new DirectoryEntryNotFoundError('agency', agencyId);
    return agencyView(directory, agency);
  }
}

/**
 * Who may see a delegation: auditors and administrators all of them; an official those granted by
 * or to their agency or an agency it is a unit of (a signatory finds the one to sign under).
 */
function mayRead(actor: Actor, directory: Directory, delegation: Delegation): boolean {
  if (actor.roles.includes('AUDITOR') || actor.roles.includes('ADMIN')) return true;
  const own = actingAgencyIds(directory, actor.agencyId);
  return own.includes(delegation.grantor.agencyId) || own.includes(delegation.grantee.agencyId);
}

/** `GET /delegations`: those the caller may see, optionally of one agency (as grantor or grantee). */
export class ListDelegationsQuery extends Query<DelegationView[]> {
  constructor(
    readonly actor: Actor,
    readonly agencyId?: string,
  ) {
    super();
  }
}

@QueryHandler(ListDelegationsQuery)
export class ListDelegationsHandler implements IQueryHandler<ListDelegationsQuery> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ actor, agencyId }: ListDelegationsQuery): Promise<DelegationView[]> {
    const [directory, delegations] = [await this.directory.directory(), await this.directory.delegations()];
    return [...delegations.values()]
      .filter((d) => mayRead(actor, directory, d))
      .filter((d) => agencyId === undefined || d.grantor.agencyId === agencyId || d.grantee.agencyId === agencyId)
      .map(delegationView);
  }
}

export class GetDelegationQuery extends Query<DelegationView> {
  constructor(
    readonly actor: Actor,
    readonly delegationId: string,
  ) {
    super();
  }
}

@QueryHandler(GetDelegationQuery)
export class GetDelegationHandler implements IQueryHandler<GetDelegationQuery> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ actor, delegationId }: GetDelegationQuery): Promise<DelegationView> {
    const delegation = (await this.directory.delegations()).get(delegationId);
    // One not shown to the caller reads as one not recorded.
    if (!delegation || !mayRead(actor, await this.directory.directory(), delegation))
      throw new DirectoryEntryNotFoundError('delegation', delegationId);
    return delegationView(delegation);
  }
}

/** `GET /directory/verify`: the directory streams' hash chains; for auditors and administrators. */
export class VerifyDirectoryQuery extends Query<
  Array<{ stream: string; valid: boolean; checkedEvents: number; firstInvalid?: { revision: number; reason: string } }>
> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(VerifyDirectoryQuery)
export class VerifyDirectoryHandler implements IQueryHandler<VerifyDirectoryQuery> {
  constructor(private readonly directory: DirectoryRepository) {}

  async execute({ actor }: VerifyDirectoryQuery) {
    if (!actor.roles.includes('AUDITOR') && !actor.roles.includes('ADMIN'))
      throw new AccessDeniedError('Verifying the directory needs AUDITOR or ADMIN');
    return (await this.directory.verify()).map(({ stream, valid, checkedEvents, firstInvalid }) => ({
      stream,
      valid,
      checkedEvents,
      ...(firstInvalid ? { firstInvalid: { revision: Number(firstInvalid.revision), reason: firstInvalid.reason } } : {}),
    }));
  }
}

export const DIRECTORY_PROVIDERS = [
  SaveAgencyHandler,
  GrantDelegationHandler,
  RevokeDelegationHandler,
  ListAgenciesHandler,
  GetAgencyHandler,
  ListDelegationsHandler,
  GetDelegationHandler,
  VerifyDirectoryHandler,
];
