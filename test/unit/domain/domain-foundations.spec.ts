import { authorizeAction } from '../../../src/domain/access/policy';
import { isRole, ROLES } from '../../../src/domain/access/roles';
import {
  allPartiesCleared,
  allPartiesConfirmedLocations,
  allPartiesSigned,
  EMPTY_AGREEMENT,
  progressOf,
  sameLocations,
} from '../../../src/domain/agreements/agreement-context';
import type { AgreementEvent, Location } from '../../../src/domain/agreements/agreement-events';
import { addDays, calendarDate, isCalendarDate } from '../../../src/domain/agreements/calendar';
import {
  AccessDeniedError,
  ActionNotAllowedError,
  AgreementNotFoundError,
  BusinessRuleViolationError,
  CorruptStreamError,
  InvalidTextError,
} from '../../../src/domain/errors';
import {
  findWorkflow,
  latestWorkflowFor,
  NOTA_KESEPAHAMAN_V1,
  NOTA_KESEPAHAMAN_V2,
  PERJANJIAN_KERJA_SAMA_V2,
  PERJANJIAN_KERJA_SAMA_V1,
} from '../../../src/domain/workflows/workflow-registry';
import { BARITO_KUALA, DRAFT_HASH, drafted, KEMENDES, LOCATIONS, official, PATH } from '../../support/domain/agreement-fixtures';
import { replay } from '../../support/domain/decider-specification';

describe('the workflow registry', () => {
  it('finds a workflow by name and version, and nothing else', () => {
    expect(findWorkflow('nota-kesepahaman', 1)).toBe(NOTA_KESEPAHAMAN_V1);
    expect(findWorkflow('perjanjian-kerja-sama', 1)).toBe(PERJANJIAN_KERJA_SAMA_V1);
    expect(findWorkflow('nota-kesepahaman', 2)).toBe(NOTA_KESEPAHAMAN_V2);
    expect(findWorkflow('perjanjian-kerja-sama', 2)).toBe(PERJANJIAN_KERJA_SAMA_V2);
    expect(findWorkflow('nota-kesepahaman', 3)).toBeUndefined();
    expect(findWorkflow('perjanjian-kerja', 1)).toBeUndefined();
  });

  it('drafts each kind on its latest workflow, and says when a kind has none', () => {
    expect(latestWorkflowFor('NOTA_KESEPAHAMAN')).toBe(NOTA_KESEPAHAMAN_V2);
    expect(latestWorkflowFor('PERJANJIAN_KERJA_SAMA')).toBe(PERJANJIAN_KERJA_SAMA_V2);
    expect(() => latestWorkflowFor('SURAT_EDARAN' as never)).toThrow('No workflow for SURAT_EDARAN');
  });

  it('titles each workflow with its Indonesian name and abbreviation', () => {
    expect(NOTA_KESEPAHAMAN_V1.title).toBe('Nota Kesepahaman (MoU)');
    expect(PERJANJIAN_KERJA_SAMA_V1.title).toBe('Perjanjian Kerja Sama (PKS)');
  });
});

describe('roles', () => {
  it('knows the roles of DOMAIN.md and nothing else', () => {
    for (const role of ROLES) expect(isRole(role)).toBe(true);
    expect(isRole('SUPERUSER')).toBe(false);
    expect(isRole('reviewer')).toBe(false);
    expect(isRole(1)).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});

describe('policy', () => {
  it('does not let an administrator’s read access turn a non-party official into a reader who is told “read-only”', () => {
    // ADMIN beside an acting role: not read-only, and not a party, so the agreement does not exist for them.
    expect(
      authorizeAction({ roles: ['COORDINATOR'], party: 'any' }, official('kominfo', 'ADMIN', 'COORDINATOR'), [KEMENDES, BARITO_KUALA]),
    ).toEqual({
      allowed: false,
      reason: 'not-a-party',
    });
  });
});

describe('domain errors', () => {
  it('name themselves and say what happened', () => {
    const cases: Array<[Error, string, string]> = [
      [new AccessDeniedError('Nope'), 'AccessDeniedError', 'Nope'],
      [new AgreementNotFoundError('a-1'), 'AgreementNotFoundError', 'Agreement a-1 was not found'],
      [new ActionNotAllowedError('sign', 'drafting'), 'ActionNotAllowedError', 'sign is not possible while the agreement is drafting'],
      [new BusinessRuleViolationError('date', 'Bad date'), 'BusinessRuleViolationError', 'Bad date'],
      [new CorruptStreamError('Broken'), 'CorruptStreamError', 'Broken'],
      [new InvalidTextError('title', 'Too long'), 'InvalidTextError', 'Too long'],
    ];
    for (const [error, name, message] of cases) {
      expect(error.name).toBe(name);
      expect(error.message).toBe(message);
      expect(String(error)).toBe(`${name}: ${message}`);
    }
  });
});

describe('calendar dates', () => {
  it('are exactly YYYY-MM-DD and real', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('x2024-02-28')).toBe(false);
    expect(isCalendarDate('2024-02-28x')).toBe(false);
    expect(isCalendarDate('2024-2-28')).toBe(false);
  });

  it('add days across months and years, as dates', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('are taken in the agreements’ time zone, each zone its own', () => {
    // 23:30 UTC on 31 December is already 1 January in Jakarta (UTC+7) and Jayapura (UTC+9).
    const instant = new Date('2024-12-31T16:30:00Z');
    expect(calendarDate(instant)).toBe('2024-12-31');
    expect(calendarDate(new Date('2024-12-31T17:30:00Z'))).toBe('2025-01-01');
    expect(calendarDate(instant, 'Asia/Jayapura')).toBe('2025-01-01');
    expect(calendarDate(instant, 'Asia/Jakarta')).toBe('2024-12-31');
    expect(calendarDate(instant, 'UTC')).toBe('2024-12-31');
  });
});

describe('the agreement context', () => {
  it('starts empty, with no parties and nothing cleared, signed or confirmed', () => {
    expect(EMPTY_AGREEMENT).toEqual({
      agreementId: '',
      kind: undefined,
      title: '',
      parties: [],
      term: undefined,
      documents: [],
      version: 0,
      progress: {},
    });
    expect(progressOf(EMPTY_AGREEMENT, KEMENDES)).toEqual({ cleared: [], locationsConfirmed: false });
    // With no parties, "every party has..." must not hold.
    expect(allPartiesCleared(EMPTY_AGREEMENT)).toBe(false);
    expect(allPartiesSigned(EMPTY_AGREEMENT)).toBe(false);
    expect(allPartiesConfirmedLocations(EMPTY_AGREEMENT)).toBe(false);
  });

  it('starts each party of a draft with nothing done, and records no purpose or parent it was not given', () => {
    const { context } = replay([drafted]).snapshot;
    expect(context.progress).toStrictEqual({
      [KEMENDES]: { cleared: [], locationsConfirmed: false },
      [BARITO_KUALA]: { cleared: [], locationsConfirmed: false },
    });
    expect(Object.keys(context)).not.toContain('purpose');
    expect(Object.keys(context)).not.toContain('parentId');
    expect(replay([{ ...drafted, purpose: 'Desa mandiri' } as AgreementEvent]).snapshot.context.purpose).toBe('Desa mandiri');
  });

  it('keeps the draft under review when another kind of document is attached', () => {
    const { context } = replay([
      ...PATH.drafting,
      { type: 'DocumentAttached', documentType: 'KAK', sha256: 'd'.repeat(64), name: 'kak.pdf' },
    ]).snapshot;
    expect(context.draftHash).toBe(DRAFT_HASH);
    expect(context.documents.map((document) => document.documentType)).toEqual(['DRAFT', 'KAK']);
  });

  it('records no delegation on a signature given in the signatory’s own capacity', () => {
    const { context } = replay([
      ...PATH.signing,
      { type: 'PartySigned', agencyId: KEMENDES, documentHash: 'a'.repeat(64), signatoryName: 'Menteri', capacity: 'ORIGINAL' },
    ]).snapshot;
    expect(Object.keys(context.progress[KEMENDES].signature!)).not.toContain('delegationRef');
  });

  describe('compares locations place by place', () => {
    const base: Location = { province: 'Kalimantan Selatan', regency: 'Barito Kuala', district: 'Tabukan' };
    it.each<[string, Location[], Location[], boolean]>([
      ['the same places', LOCATIONS, LOCATIONS.map((location) => ({ ...location })), true],
      [
        'the same place with its keys in another order',
        [base],
        [{ district: 'Tabukan', regency: 'Barito Kuala', province: 'Kalimantan Selatan' }],
        true,
      ],
      ['one place fewer', LOCATIONS, LOCATIONS.slice(0, 1), false],
      ['the same places in another order', LOCATIONS, [...LOCATIONS].reverse(), false],
      ['another district', [base], [{ ...base, district: 'Alalak' }], false],
      ['an area named on one side only', [base], [{ ...base, area: 'KTM Cahaya Baru' }], false],
      ['villages named on one side only', [base], [{ ...base, villages: ['Karang Bunga'] }], false],
      ['other villages', [{ ...base, villages: ['Karang Bunga'] }], [{ ...base, villages: ['Tabukan Raya'] }], false],
      ['a difference in the second place only', LOCATIONS, [LOCATIONS[0], { ...LOCATIONS[1], area: 'KTM Lain' }], false],
    ])('%s', (_case, a, b, same) => {
      expect(sameLocations(a, b)).toBe(same);
      expect(sameLocations(b, a)).toBe(same);
    });
  });
});

describe('the machine’s guards on locations', () => {
  it('fixes the locations once: a second fixing is a corrupt stream', () => {
    const fixed: AgreementEvent[] = [
      ...PATH.active,
      { type: 'LocationsProposed', locations: LOCATIONS },
      { type: 'LocationsConfirmed', agencyId: KEMENDES },
      { type: 'LocationsConfirmed', agencyId: BARITO_KUALA },
      { type: 'LocationsFixed', locations: LOCATIONS },
    ];
    expect(replay(fixed).snapshot.context.fixedLocations).toEqual(LOCATIONS);
    expect(() => replay([...fixed, { type: 'LocationsFixed', locations: LOCATIONS }])).toThrow(CorruptStreamError);
  });
});
