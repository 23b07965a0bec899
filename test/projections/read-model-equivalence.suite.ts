import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  AgreementListFilter,
  AgreementReadModel,
  DashboardSummary,
  InboxViewer,
} from '../../src/application/ports/agreement-read-model.port';
import type { Role } from '../../src/domain/access/roles';
import { LIFECYCLE_STATES } from '../../src/domain/agreements/agreement-decider';
import { MemoryEventStore } from '../../src/infrastructure/event-store/memory/memory-event-store';
import { ProjectionRunner } from '../../src/infrastructure/projections/projection-runner';
import { agreementReadModelFor } from '../../src/infrastructure/read-models/agreement-read-models';
import type { CheckpointTables } from '../../src/infrastructure/read-models/read-model-database';
import { agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import type { AgreementsTablesV2 } from '../../src/projections/agreements/agreements.tables';
import { within } from '../support/async';
import { AGENCIES, randomAgreementLife, seededRandom, toNewEvents } from '../support/domain/random-agreements';
import { StartedInTest } from '../support/started';
import type { AgreementContext } from '../../src/domain/agreements/agreement-context';
import { searchDocument, searchWords } from '../../src/projections/agreements/search-text';

type Db = Kysely<AgreementsTablesV2 & CheckpointTables>;

export interface EquivalenceDatabase {
  readonly db: Db;
  dispose(): Promise<void>;
}

/** Every page of a paged read, in order. */
async function allPages<Item>(read: (after: string | undefined) => Promise<{ items: readonly Item[]; next?: string }>): Promise<Item[]> {
  const items: Item[] = [];
  let after: string | undefined;
  do {
    const page = await read(after);
    items.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return items;
}

const VIEWER_ROLES: Role[][] = [
  ['DRAFTER'],
  ['COORDINATOR'],
  ['REVIEWER'],
  ['LEGAL_REVIEWER'],
  ['SIGNATORY'],
  ['RECORDS_OFFICER'],
  ['IMPLEMENTER'],
  ['REVIEWER', 'LEGAL_REVIEWER'],
  ['DRAFTER', 'COORDINATOR'],
  ['COORDINATOR', 'SIGNATORY', 'RECORDS_OFFICER'],
  ['DRAFTER', 'COORDINATOR', 'REVIEWER', 'LEGAL_REVIEWER', 'SIGNATORY', 'RECORDS_OFFICER', 'IMPLEMENTER'],
];

/**
 * `agreements@v2` answers every read exactly as `agreements@v1` did, on the same events: v1's
 * inbox (every agreement of the agency read and asked what the caller may do), its recounted
 * dashboard and its lists are the reference; v2 reads work items, counters and indexes. The events
 * are the lives of a few hundred agreements decided by the real decider at random (seeded), so
 * that every lifecycle state, part-way reviews, signatures, numbers and locations all occur.
 */
/** Each comparison walks every viewer, filter and page of both versions: seconds alone, more on a loaded machine. */
const EXHAUSTIVE_COMPARISON_MS = 120_000;

export function readModelEquivalenceSuite(database: string, open: () => Promise<EquivalenceDatabase>): void {
  describe(`agreements@v2 against agreements@v1 on ${database}`, () => {
    const started = new StartedInTest();
    let target: EquivalenceDatabase;
    let store: MemoryEventStore;
    let v1: AgreementReadModel;
    let v2: AgreementReadModel;
    let states: Set<string>;

    beforeAll(async () => {
      target = await open();
      let now = new Date('2024-01-01T00:00:00Z');
      store = new MemoryEventStore(() => now);
      const random = seededRandom(20241202);
      let head = 0n;
      const clock = Date.parse('2024-01-01T00:00:00Z');
      for (let n = 0; n < 240; n++) {
        const id = randomUUID();
        const life = randomAgreementLife(id, random, new Date(clock + n * 97_000));
        const events = toNewEvents(id, life);
        for (const [index, event] of events.entries()) {
          // The store records each event at the moment the generated life took it.
          now = life[index].at;
          head = (await store.append(`agreement-${id}`, [event], { expectedRevision: index === 0 ? 'no_stream' : BigInt(index - 1) }))
            .position;
        }
      }
      const readers: AgreementReadModel[] = [];
      for (const version of [1, 2]) {
        const runner = started.track(new ProjectionRunner(store, target.db, agreementsProjectionVersion(version), { batchSize: 50 }));
        await runner.start();
        await within(runner.waitFor(head), 60_000, `agreements@v${version} to reach the head`);
        readers.push(agreementReadModelFor(target.db, runner));
      }
      [v1, v2] = readers as [AgreementReadModel, AgreementReadModel];
      states = new Set(
        (await allPages((after) => v1.list({}, { limit: 200, ...(after ? { after } : {}) }))).map((agreement) => agreement.state),
      );
    }, 120_000);

    afterAll(async () => {
      await started.stopAll();
      await store.close();
      await target.dispose();
    });

    it('has agreements in every lifecycle state to compare', () => {
      expect([...states].sort()).toEqual([...LIFECYCLE_STATES].sort());
    });

    it(
      'gives every agency and set of roles the same inbox, in the same order, page after page',
      async () => {
        let nonEmpty = 0;
        for (const { agencyId } of AGENCIES) {
          for (const roles of VIEWER_ROLES) {
            const viewer: InboxViewer = { agencyId, roles };
            const reference = (await v1.inbox(viewer, { limit: 10_000 })).items;
            const paged = await allPages((after) => v2.inbox(viewer, { limit: 7, ...(after ? { after } : {}) }));
            expect({ viewer, items: paged }).toEqual({ viewer, items: reference });
            expect(await v2.inboxCounts(viewer)).toEqual(await v1.inboxCounts(viewer));
            if (reference.length > 0) nonEmpty += 1;
          }
          expect(await v2.inbox({ agencyId, roles: [] }, { limit: 10 })).toEqual({ items: [] });
        }
        // The comparison is about something: most viewers have work waiting.
        expect(nonEmpty).toBeGreaterThan(AGENCIES.length * 5);
      },
      EXHAUSTIVE_COMPARISON_MS,
    );

    it(
      'lists the same agreements in the same order, for every agency and filter, page after page',
      async () => {
        const filters: AgreementListFilter[] = [
          {},
          { states: ['active'] },
          { states: ['inReview', 'signing'] },
          { kind: 'NOTA_KESEPAHAMAN' },
          { kind: 'PERJANJIAN_KERJA_SAMA' },
          { agencyId: 'pemkab-banjar' },
          { agencyId: 'pemkab-banjar', states: ['drafting'] },
        ];
        const viewers = [undefined, ...AGENCIES.map((agency) => agency.agencyId)];
        for (const visibleToAgency of viewers) {
          for (const filter of filters) {
            const full = { ...filter, ...(visibleToAgency ? { visibleToAgency } : {}) };
            const ids = async (model: AgreementReadModel, limit: number) =>
              (await allPages((after) => model.list(full, { limit, ...(after ? { after } : {}) }))).map((agreement) => agreement.id);
            expect({ full, ids: await ids(v2, 13) }).toEqual({ full, ids: await ids(v1, 200) });
          }
        }
        const [first] = (await v1.list({}, { limit: 1 })).items;
        expect((await v2.summariesOf([first.id, 'no-such-agreement'])).get(first.id)).toEqual(first);
      },
      EXHAUSTIVE_COMPARISON_MS,
    );

    it(
      'finds by full-text search exactly the agreements whose words begin with every word asked, for each viewer',
      async () => {
        const everything = await allPages((after) => v1.list({}, { limit: 200, ...(after ? { after } : {}) }));
        const words = new Map<string, Set<string>>();
        for (const summary of everything) {
          const detail = (await v1.get(summary.id))!;
          words.set(summary.id, new Set(searchDocument(detail.agreement as unknown as AgreementContext).split(' ')));
        }
        const matches = (id: string, query: string[]) => query.every((asked) => [...words.get(id)!].some((have) => have.startsWith(asked)));
        const queries = [
          'desa',
          'Désa percontohan',
          'PEMBERDAYAAN',
          'kawasan terpadu',
          'tabukan',
          'anjir',
          'kabupaten tapin',
          'pks',
          'pelatihan kewira',
          'transmigrasi',
        ];
        let found = 0;
        for (const q of queries) {
          for (const visibleToAgency of [undefined, 'pemkab-tapin', 'kemendes-pdtt']) {
            const filter = { q, ...(visibleToAgency ? { visibleToAgency } : {}) };
            const expected = everything
              .filter((summary) => matches(summary.id, searchWords(q)))
              .filter((summary) => !visibleToAgency || summary.parties.some((party) => party.agencyId === visibleToAgency))
              .map((summary) => summary.id)
              .sort();
            const got = (await allPages((after) => v2.list(filter, { limit: 9, ...(after ? { after } : {}) }))).map(
              (summary) => summary.id,
            );
            expect(new Set(got).size).toBe(got.length);
            expect({ filter, ids: [...got].sort() }).toEqual({ filter, ids: expected });
            found += got.length;
          }
        }
        expect(found).toBeGreaterThan(100);
      },
      EXHAUSTIVE_COMPARISON_MS,
    );

    it(
      'shows the same dashboard to auditors and to every agency, without recounting',
      async () => {
        const expectSame = (actual: DashboardSummary, expected: DashboardSummary) => {
          const { timeInReview, timeInSigning, ...counts } = actual;
          const { timeInReview: reviewExpected, timeInSigning: signingExpected, ...countsExpected } = expected;
          expect(counts).toEqual(countsExpected);
          for (const [got, want] of [
            [timeInReview, reviewExpected],
            [timeInSigning, signingExpected],
          ] as const) {
            expect(got.count).toBe(want.count);
            if (want.count === 0) {
              expect(got).toEqual(want);
              continue;
            }
            expect(got.averageSeconds).toBeCloseTo(want.averageSeconds!, 3);
            // The percentiles come from a histogram: within half a percent, never below.
            for (const percentile of ['p50Seconds', 'p90Seconds'] as const) {
              expect(got[percentile]!).toBeGreaterThanOrEqual(want[percentile]!);
              expect(got[percentile]!).toBeLessThanOrEqual(want[percentile]! * 1.005 + 1e-9);
            }
          }
        };
        for (const today of ['2024-03-01', '2025-06-15', '2027-01-01']) {
          const all = await v1.summary({}, today);
          expectSame(await v2.summary({}, today), all);
          for (const { agencyId } of AGENCIES)
            expectSame(await v2.summary({ visibleToAgency: agencyId }, today), await v1.summary({ visibleToAgency: agencyId }, today));
        }
        const all = await v2.summary({}, '2024-03-01');
        expect(all.total).toBe(240);
        expect(all.timeInReview.count).toBeGreaterThan(50);
      },
      EXHAUSTIVE_COMPARISON_MS,
    );
  });
}
