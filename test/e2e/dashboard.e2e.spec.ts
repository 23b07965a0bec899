import { activeMou, cast, draftMou, expectStatus, reviewAndOpenSigning } from '../support/agreement-scenarios';
import { startTestApp, type TestApp } from '../support/test-app';

interface Summary {
  total: number;
  byState: Record<string, number>;
  byKind: Record<string, number>;
  byAgency: Record<string, number>;
  expiringWithin30Days: Array<{ id: string; endDate: string }>;
  expiringWithin90Days: Array<{ id: string; endDate: string }>;
  timeInReview: { count: number; averageSeconds: number | null; p50Seconds: number | null; p90Seconds: number | null };
  timeInSigning: { count: number; averageSeconds: number | null; p50Seconds: number | null; p90Seconds: number | null };
}

describe('GET /dashboard/summary', () => {
  let service: TestApp;
  let people: Awaited<ReturnType<typeof cast>>;

  beforeAll(async () => {
    // "Today" is 15 November 2024 (Asia/Jakarta): the MoUs of the scenarios end on 31 December 2024.
    service = await startTestApp({}, undefined, { clock: { now: () => new Date('2024-11-15T03:00:00Z') } });
    people = await cast(service);
  });

  afterAll(async () => {
    await service.close();
  });

  /** Seconds from the recording of `opens` to that of `closes` in the agreement's history. */
  async function secondsBetween(id: string, opens: string, closes: string): Promise<number> {
    const history = await people.auditor.get(`/agreements/${id}/history?limit=100`);
    expectStatus(history, 200);
    const items = history.json<{ items: Array<{ type: string; recordedAt: string }> }>().items;
    const at = (type: string) => {
      const found = items.filter((item) => item.type === type);
      expect(found).toHaveLength(1);
      return Date.parse(found[0].recordedAt);
    };
    return (at(closes) - at(opens)) / 1000;
  }

  it('counts by state, kind and agency, lists what expires soon, and measures review and signing', async () => {
    const { id: active } = await activeMou(people);
    const { id: signing, draftHash } = await draftMou(people);
    await reviewAndOpenSigning(people, signing, draftHash);
    const last = await people.kemendesDrafter.post('/agreements', {
      kind: 'NOTA_KESEPAHAMAN',
      title: 'Kerja sama yang masih disusun',
      parties: [
        { agencyId: 'kemendes-pdtt', name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
        { agencyId: 'pemkab-banjar', name: 'Pemkab Banjar', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2024-01-01', endDate: '2028-12-31' },
    });
    const at = last.headers['x-event-position'] as string;

    const response = await people.auditor.get(`/dashboard/summary?minPosition=${at}`);

    expectStatus(response, 200);
    const summary = response.json<Summary>();
    expect(summary).toMatchObject({
      total: 3,
      byState: { active: 1, signing: 1, drafting: 1 },
      byKind: { NOTA_KESEPAHAMAN: 3 },
      byAgency: { 'kemendes-pdtt': 3, 'pemkab-barito-kuala': 2, 'pemkab-banjar': 1 },
      expiringWithin30Days: [],
      expiringWithin90Days: [{ id: active, endDate: '2024-12-31' }],
    });
    // The figures, from when the store recorded each stretch's opening and closing event (the
    // store's time, which the Clock port does not set: times under control are tested with the read model).
    const inReview = [
      await secondsBetween(active, 'SubmittedForReview', 'ClearedForSigning'),
      await secondsBetween(signing, 'SubmittedForReview', 'ClearedForSigning'),
    ];
    const [shorter, longer] = [...inReview].sort((a, b) => a - b);
    expect(summary.timeInReview).toEqual({
      count: 2,
      averageSeconds: expect.closeTo((shorter + longer) / 2, 6),
      p50Seconds: shorter,
      p90Seconds: longer,
    });
    const inSigning = await secondsBetween(active, 'SigningOpened', 'AgreementExecuted');
    expect(summary.timeInSigning).toEqual({
      count: 1,
      averageSeconds: expect.closeTo(inSigning, 6),
      p50Seconds: inSigning,
      p90Seconds: inSigning,
    });

    const banjar = (await people.banjarCoordinator.get(`/dashboard/summary?minPosition=${at}`)).json<Summary>();
    expect(banjar).toMatchObject({ total: 1, byState: { drafting: 1 }, byAgency: { 'kemendes-pdtt': 1, 'pemkab-banjar': 1 } });
    expect(banjar.timeInReview).toEqual({ count: 0, averageSeconds: null, p50Seconds: null, p90Seconds: null });
  });
});
