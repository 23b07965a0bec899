import type { Actor } from '../access/actor';
import { AccessDeniedError, InvalidTextError, rule } from '../errors';
import { checkText, TEXT_RULES } from '../text/text-rules';

/**
 * The directory of agencies (DOMAIN.md): who each agency is, what it is a unit of, and the time
 * zone its dates are kept in. It is one aggregate, so that the rules across agencies (a parent
 * exists, no agency is its own ancestor) hold at every change.
 */
export const AGENCY_LEVELS = [
  'KEMENTERIAN',
  'LEMBAGA',
  'PEMERINTAH_PROVINSI',
  'PEMERINTAH_KABUPATEN_KOTA',
  'DINAS_ATAU_UNIT',
  'PERGURUAN_TINGGI',
  'PIHAK_KETIGA',
] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/** Indonesia's three time zones: WIB, WITA, WIT. */
export const AGENCY_TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type AgencyTimeZone = (typeof AGENCY_TIME_ZONES)[number];
export const TIME_ZONE_NAMES: Readonly<Record<AgencyTimeZone, string>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** Levels of regional government (pemerintah daerah), whose budget a DPRD approves. */
const REGIONAL_LEVELS: ReadonlySet<AgencyLevel> = new Set(['PEMERINTAH_PROVINSI', 'PEMERINTAH_KABUPATEN_KOTA']);

export interface Agency {
  readonly id: string;
  readonly name: string;
  readonly level: AgencyLevel;
  /** The agency this one is a unit of (Balilatfo of Kemendes PDTT, Dinas PMD of Pemkab Barito Kuala). */
  readonly parentId?: string;
  readonly timeZone: AgencyTimeZone;
}

export interface AgencyRegistered {
  readonly type: 'AgencyRegistered';
  readonly agency: Agency;
}
/** The agency's whole record after the change (its id never changes). */
export interface AgencyChanged {
  readonly type: 'AgencyChanged';
  readonly agency: Agency;
}
export type DirectoryEvent = AgencyRegistered | AgencyChanged;

/** The directory folded from its events: every agency by id. */
export type Directory = ReadonlyMap<string, Agency>;

export const EMPTY_DIRECTORY: Directory = new Map();

export function evolveDirectory(directory: Directory, event: DirectoryEvent): Directory {
  const next = new Map(directory);
  next.set(event.agency.id, event.agency);
  return next;
}

/** The agency and every agency it is a unit of, nearest first; empty for an agency the directory does not know. */
export function agencyChain(directory: Directory, agencyId: string): Agency[] {
  const chain: Agency[] = [];
  for (
    let agency = directory.get(agencyId);
    agency && !chain.includes(agency);
    agency = agency.parentId === undefined ? undefined : directory.get(agency.parentId)
  ) {
    chain.push(agency);
  }
  return chain;
}

/** The ids an official of `agencyId` acts within: their agency and the agencies it is a unit of. */
export function actingAgencyIds(directory: Directory, agencyId: string): string[] {
  const chain = agencyChain(directory, agencyId).map((agency) => agency.id);
  return chain.length > 0 ? chain : [agencyId];
}

/** Whether the agency is regional government or a unit of one (a dinas of a regency). */
export function isRegional(directory: Directory, agencyId: string): boolean {
  return agencyChain(directory, agencyId).some((agency) => REGIONAL_LEVELS.has(agency.level));
}

/** Only administrators manage the directory; an auditor never changes anything, whatever else they hold. */
export function assertDirectoryAdmin(actor: Actor): void {
  if (actor.roles.includes('AUDITOR') || !actor.roles.includes('ADMIN'))
    throw new AccessDeniedError('Only an ADMIN manages the directory of agencies');
}

/** The form of an agency id, as parties and officials' tokens name agencies. */
export const AGENCY_ID = /^[a-z0-9][a-z0-9._-]{1,63}$/;

function checkAgency(directory: Directory, agency: Agency): Agency {
  checkText('id', agency.id, TEXT_RULES.agencyId);
  checkText('name', agency.name, TEXT_RULES.partyName);
  if (!(AGENCY_LEVELS as readonly string[]).includes(agency.level))
    throw new InvalidTextError('level', `level must be one of ${AGENCY_LEVELS.join(', ')}`);
  if (!(AGENCY_TIME_ZONES as readonly string[]).includes(agency.timeZone)) {
    throw new InvalidTextError('timeZone', `timeZone must be one of ${AGENCY_TIME_ZONES.join(', ')}`);
  }
  rule(
    AGENCY_ID.test(agency.id),
    'agency-id',
    'An agency id is 2 to 64 lower-case letters, digits, dots, dashes or underscores (kemendes-pdtt)',
  );
  if (agency.parentId !== undefined) {
    checkText('parentId', agency.parentId, TEXT_RULES.agencyId);
    rule(directory.has(agency.parentId), 'agency-parent', `The parent agency ${agency.parentId} is not in the directory`);
    // Walking up from the parent must never reach the agency itself.
    rule(
      !agencyChain(directory, agency.parentId).some((ancestor) => ancestor.id === agency.id),
      'agency-cycle',
      'An agency cannot be a unit of itself or of its own units',
    );
  }
  rule(
    agency.level !== 'DINAS_ATAU_UNIT' || agency.parentId !== undefined,
    'unit-parent',
    'A dinas or unit names the agency it is a unit of',
  );
  return {
    id: agency.id,
    name: agency.name,
    level: agency.level,
    ...(agency.parentId === undefined ? {} : { parentId: agency.parentId }),
    timeZone: agency.timeZone,
  };
}

/** Registers a new agency, or (`replace`) changes a known one's record. Repeating what the directory already holds records nothing. */
export function decideAgency(directory: Directory, agency: Agency, actor: Actor, mode: 'register' | 'change'): DirectoryEvent[] {
  assertDirectoryAdmin(actor);
  const checked = checkAgency(directory, agency);
  const known = directory.get(checked.id);
  if (mode === 'register') {
    rule(!known, 'agency-exists', `The agency ${checked.id} is already in the directory`);
    return [{ type: 'AgencyRegistered', agency: checked }];
  }
  rule(!!known, 'agency-unknown', `The agency ${checked.id} is not in the directory`);
  if (JSON.stringify(known) === JSON.stringify(checked)) return [];
  return [{ type: 'AgencyChanged', agency: checked }];
}
