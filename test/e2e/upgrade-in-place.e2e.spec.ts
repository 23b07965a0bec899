import Database from 'better-sqlite3';
import { agreementsProjectionVersion } from '../../src/projections/agreements/agreements.projection';
import { activeMou, cast, draftMou, expectStatus, reviewAndOpenSigning } from '../support/agreement-scenarios';
import { eventually } from '../support/async';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';
import { startTestApp, type TestApp } from '../support/test-app';
import { gated } from '../projections/projection-versions.suite';

type People = Awaited<ReturnType<typeof cast>>;

interface Summary {
  total: number;
  byState: Record<string, number>;
  timeInReview: { count: number; averageSeconds: number | null; p90Seconds: number | null };
  timeInSigning: { count: number; averageSeconds: number | null; p90Seconds: number | null };
}

/** What users see: every agreement (all pages), three inboxes and the dashboard, as one comparable value. */
async function whatUsersSee(people: People, at = '0') {
  const ids: string[] = [];
  let next: string | undefined;
  do {
    const page = await people.auditor.get(`/agreements?limit=3&minPosition=${at}${next ? `&after=${next}` : ''}`);
    expectStatus(page, 200);
    const body = page.json<{ items: Array<{ id: string; state: string; revision: number }>; next?: string }>();
    ids.push(...body.items.map((item) => `${item.id} ${item.state} ${item.revision}`));
    next = body.next;
  } while (next);
  const inbox = async (caller: People[keyof People]) => (await caller.get(`/inbox?minPosition=${at}`)).json<unknown[]>();
  const summary = (await people.auditor.get(`/dashboard/summary?minPosition=${at}`)).json<Summary>();
  // The 90th percentile comes from a histogram in v2: the same within half a percent.
  const round = (phase: Summary['timeInReview']) => ({
    count: phase.count,
    averageSeconds: phase.averageSeconds === null ? null : Math.round(phase.averageSeconds * 1000),
  });
  return {
    ids,
    inboxes: {
      baritoReviewer: await inbox(people.baritoReviewer),
      kemendesDrafter: await inbox(people.kemendesDrafter),
      kemendesRecords: await inbox(people.kemendesRecords),
    },
    summary: { ...summary, timeInReview: round(summary.timeInReview), timeInSigning: round(summary.timeInSigning) },
  };
}

const servingOf = async (service: TestApp) => {
  const health = await service.app.inject({ method: 'GET', url: '/health' });
  return health.json<{ info: { projections: { projection: string; rebuilding?: { projection: string } } } }>().info.projections;
};

/**
 * A data folder written by the release before agreements@v2 (agreements@v1 only) is opened by this
 * release: v1 keeps answering while v2 rebuilds beside it, commands go on, and once v2 has caught
 * up it answers the same, with every row once.
 */
describe('upgrading a data folder in place, from agreements@v1 to agreements@v2', () => {
  let directory: TemporaryDirectory;

  beforeAll(async () => {
    directory = await temporaryDirectory();
  });

  afterAll(async () => {
    await directory.remove();
  });

  it('serves from v1 while v2 rebuilds, switches with nothing lost or doubled, and stays on v2', async () => {
    const previous = await startTestApp({}, directory, { agreementsProjectionVersions: [agreementsProjectionVersion(1)] });
    let people = await cast(previous);
    await activeMou(people);
    await activeMou(people);
    for (let n = 0; n < 4; n++) await draftMou(people);
    const inReview = await draftMou(people);
    expectStatus(await people.kemendesDrafter.act(inReview.id, 'submit-for-review'), 200);
    const signing = await draftMou(people);
    await reviewAndOpenSigning(people, signing.id, signing.draftHash);
    // The last command's effect, read once the projection has applied it.
    const settled = await people.kemendesCoordinator.act(signing.id, 'sign', { documentHash: signing.draftHash, signatoryName: 'Sekjen' });
    expect(settled.statusCode).toBe(403);
    let before = await whatUsersSee(people);
    for (let tries = 0; before.ids.length < 8 && tries < 100; tries++) before = await whatUsersSee(people);
    expect(before.ids).toHaveLength(8);
    await previous.close();

    const v2 = gated(2);
    const upgraded = await startTestApp({}, directory, { agreementsProjectionVersions: [agreementsProjectionVersion(1), v2.projection] });
    try {
      people = await cast(upgraded);
      expect(await servingOf(upgraded)).toMatchObject({ projection: 'agreements@v1', rebuilding: { projection: 'agreements@v2' } });
      // No downtime: v1 answers as before, and takes new commands while v2 is held back.
      expect(await whatUsersSee(people)).toEqual(before);
      const fresh = await draftMou(people);
      const submitted = await people.kemendesDrafter.act(fresh.id, 'submit-for-review');
      expectStatus(submitted, 200);
      const at = submitted.headers['x-event-position'] as string;
      const onV1 = await whatUsersSee(people, at);
      expect(onV1.ids).toHaveLength(9);

      // Reads go on while v2 rebuilds and takes over.
      const statuses: number[] = [];
      let reading = true;
      const reader = (async () => {
        while (reading) {
          statuses.push((await people.kemendesDrafter.get('/inbox')).statusCode);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      v2.open();
      let serving = '';
      const poll = setInterval(() => void servingOf(upgraded).then((status) => (serving = status.projection)), 20);
      try {
        await eventually(() => serving === 'agreements@v2', 'the switch to v2', 20_000);
      } finally {
        clearInterval(poll);
        reading = false;
        await reader;
      }
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set([200]));
      expect(await servingOf(upgraded)).not.toHaveProperty('rebuilding');

      expect(await whatUsersSee(people, at)).toEqual(onV1);
    } finally {
      await upgraded.close();
    }

    // Every agreement and party row once in v2, as in v1 (whose tables are kept for a replica still on the old release).
    const file = new Database(upgraded.config.readModel.kind === 'sqlite' ? upgraded.config.readModel.filename : '', { readonly: true });
    try {
      const count = (sql: string) => (file.prepare(sql).get() as { n: number }).n;
      for (const table of ['agreements', 'agreement_parties', 'agreement_phases']) {
        expect({ table, v2: count(`select count(*) as n from ${table}_v2`) }).toEqual({
          table,
          v2: count(`select count(*) as n from ${table}_v1`),
        });
      }
      expect(count('select count(distinct id) as n from agreements_v2')).toBe(9);
    } finally {
      file.close();
    }

    const restarted = await startTestApp({}, directory);
    try {
      expect(await servingOf(restarted)).toEqual(expect.objectContaining({ projection: 'agreements@v2' }));
      expect(await servingOf(restarted)).not.toHaveProperty('rebuilding');
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
