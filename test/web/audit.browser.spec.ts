import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import type { AppConfig } from '../../src/infrastructure/config/app-config';
import { BATOLA, KEMENDES, SEED_CASE_OFFICIALS } from '../../scripts/seed-case/officials';
import {
  describeInBrowser,
  launchChromium,
  officialContext,
  screenshot,
  seriousAccessibilityViolations,
  signInWithToken,
  startWebService,
  watchConsole,
  type WebService,
} from '../support/browser';
import { expectStatus } from '../support/agreement-scenarios';
import { callerFor } from '../support/http-client';
import { tokenFor, type Official } from '../support/tokens';

/**
 * The auditor's page of an agreement in a real browser: the timeline, verification of an untouched
 * agreement and of one altered in the SQLite file, the state as of the submission, a diff, and an
 * export checked by the standalone offline verifier.
 */

jest.setTimeout(120_000);

const people = { ...SEED_CASE_OFFICIALS } satisfies Record<string, Official>;
type Person = keyof typeof people;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describeInBrowser('the auditor’s page of an agreement, in a real browser', () => {
  let service: WebService;
  let config: AppConfig;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;
  let complaints: string[];
  let reviewed: string;
  let tampered: string;

  /** Data set up over the API, through the other suites' callers: a GET without a body, a POST with one. */
  async function api(person: Person, path: string, body?: unknown) {
    const caller = await callerFor(service, people[person]);
    const response = body === undefined ? await caller.get(path) : await caller.post(path, body);
    expectStatus(response, body !== undefined && !path.includes('/actions/') ? 201 : 200);
    return response.json<{ id: string; revision: number; state: string }>();
  }

  /** An MoU drafted and its draft attached (revisions 0 and 1). */
  async function draftWithDocument(title: string): Promise<{ id: string; draft: string }> {
    const { id } = await api('blm', '/agreements', {
      kind: 'NOTA_KESEPAHAMAN',
      title,
      parties: [
        { agencyId: KEMENDES, name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
        { agencyId: BATOLA, name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2020-03-10', endDate: '2024-12-31' },
    });
    const draft = sha256(`naskah ${id}`);
    await api('blm', `/agreements/${id}/actions/attach-document`, { type: 'DRAFT', sha256: draft, name: 'naskah.pdf' });
    return { id, draft };
  }

  beforeAll(async () => {
    service = await startWebService();
    ({ config, baseUrl } = service);

    // Revisions: 0 drafted, 1 document, 2 submitted, 3 and 4 technical clearances.
    const first = await draftWithDocument('Pengembangan Desa Percontohan');
    reviewed = first.id;
    await api('blm', `/agreements/${reviewed}/actions/submit-for-review`, {});
    await api('program', `/agreements/${reviewed}/actions/approve-review`, { documentHash: first.draft });
    await api('bappeda', `/agreements/${reviewed}/actions/approve-review`, { documentHash: first.draft });

    // Another whose attached document's name is changed straight in the SQLite file, as an intruder would.
    tampered = (await draftWithDocument('Kerja sama yang diubah diam-diam')).id;
    const db = new Database(join(service.directory.path, 'events.db'));
    db.exec('DROP TRIGGER events_are_append_only_update');
    const stream = `agreement-${tampered}`;
    const row = db.prepare('SELECT data FROM events WHERE stream = ? AND revision = 1').get(stream) as { data: string };
    db.prepare('UPDATE events SET data = ? WHERE stream = ? AND revision = 1').run(
      JSON.stringify({ ...JSON.parse(row.data), name: 'naskah-palsu.pdf' }),
      stream,
    );
    db.close();

    browser = await launchChromium();
    const context = await officialContext(browser, baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    complaints = watchConsole(page);
    await signInWithToken(page, await tokenFor(config, people.itjen), people.itjen.name);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('finds the agreement, shows its timeline with who, for which agency, and the hashes', async () => {
    await page.goto('/#/perjanjian');
    await page.getByRole('link', { name: 'Pengembangan Desa Percontohan' }).click();
    // An auditor reads everything and is offered nothing to do.
    await page.getByText('Tidak ada langkah yang dapat Anda ambil saat ini.').waitFor();
    await page.getByRole('link', { name: 'Riwayat dan audit' }).click();
    const timeline = page.getByTestId('timeline');
    await timeline.locator('li').nth(4).waitFor();
    expect(await timeline.locator('li').count()).toBe(5);
    const submission = timeline.locator('[data-revision="2"]');
    expect(await submission.textContent()).toContain('Staf BLM Banjarmasin');
    await submission.locator('summary').click();
    expect(await submission.locator('dl.hashes code').nth(2).textContent()).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(page, 'audit-01-timeline');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('verifies the untouched agreement as valid', async () => {
    await page.getByRole('button', { name: 'Verifikasi', exact: true }).click();
    await page.getByTestId('verification').getByText('Sah: rantai hash utuh dan setiap langkah sah (5 peristiwa diperiksa).').waitFor();
  });

  it('replays the state as of the submission with the slider, and shows what changed since', async () => {
    const slider = page.getByRole('slider', { name: 'Keadaan pada revisi' });
    await slider.fill('2');
    await page.getByTestId('asof-revision').filter({ hasText: /^2$/ }).waitFor();
    await page
      .getByTestId('asof-state')
      .filter({ hasText: /^Dalam tinjauan$/ })
      .waitFor();
    // The chart follows the slider: the state the API replayed, and the path up to the submission.
    await page.locator('[data-testid="state-chart"][data-current-state="inReview"]').waitFor();
    expect(await page.locator('g.chart-edge.taken').evaluateAll((edges) => edges.map((edge) => edge.getAttribute('data-edge')))).toEqual([
      'new|AgreementDrafted|drafting',
      'drafting|SubmittedForReview|inReview',
    ]);
    expect(await page.getByTestId('asof-entry').textContent()).toContain('Staf BLM Banjarmasin');
    await slider.fill('1');
    await page
      .getByTestId('asof-state')
      .filter({ hasText: /^Penyusunan draf$/ })
      .waitFor();
    await page.locator('[data-testid="state-chart"][data-current-state="drafting"]').waitFor();
    // A moment after the last event replays everything; a revision chosen in the timeline moves the slider.
    // (The input takes the browser's local time: the context runs in WIB.)
    const localTime = (offsetMs: number) =>
      page.evaluate((offset) => {
        const at = new Date(Date.now() + offset);
        return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
      }, offsetMs);
    await page.locator('input[name="at"]').fill(await localTime(-86_400_000));
    await page.getByRole('button', { name: 'Putar ulang sampai saat itu' }).click();
    await page.getByText('Perjanjian ini belum ada pada saat itu.').waitFor();
    await page.locator('input[name="at"]').fill(await localTime(3_600_000));
    await page.getByRole('button', { name: 'Putar ulang sampai saat itu' }).click();
    await page.getByTestId('asof-revision').filter({ hasText: /^4$/ }).waitFor();
    await page.getByTestId('timeline').locator('[data-revision="3"]').getByRole('button', { name: 'Keadaan pada revisi ini' }).click();
    await page.getByTestId('asof-revision').filter({ hasText: /^3$/ }).waitFor();

    await page.locator('input[name="from"]').fill('2');
    await page.locator('input[name="to"]').fill('4');
    await page.getByRole('button', { name: 'Tampilkan perbedaan' }).click();
    await page
      .getByTestId('diff')
      .locator('tbody tr')
      .filter({ hasText: `progress.${KEMENDES}.cleared` })
      .waitFor();
    const changes = await page.getByTestId('diff').locator('tbody tr').allTextContents();
    expect(changes.some((change) => change.includes(`progress.${KEMENDES}.cleared`) && change.includes('TECHNICAL'))).toBe(true);
    await screenshot(page, 'audit-02-state-and-diff');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('exports a file that the standalone verifier accepts offline', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Unduh JSON' }).click();
    const file = join(service.directory.path, (await download).suggestedFilename());
    await (await download).saveAs(file);
    expect(file.endsWith(`agreement-${reviewed}.json`)).toBe(true);

    const checked = spawnSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'verify-export.mjs'), file], { encoding: 'utf8' });
    expect({ status: checked.status, out: checked.stdout }).toEqual({
      status: 0,
      out: expect.stringContaining(`OK agreement-${reviewed}: 5 events, hash chain intact`),
    });
  });

  it('lists who read this history: the audit of the audit', async () => {
    await page.reload();
    const reads = page.getByTestId('reads');
    await reads.locator('li').filter({ hasText: 'ekspor' }).waitFor();
    const lines = await reads.locator('li').allTextContents();
    for (const kind of ['riwayat', 'verifikasi', 'keadaan pada revisi', 'perbedaan', 'ekspor']) {
      expect(lines.some((line) => line.includes(people.itjen.name) && line.endsWith(kind))).toBe(true);
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('names the first invalid revision of the agreement altered in the SQLite file', async () => {
    await page.goto(`/#/perjanjian/${tampered}/riwayat`);
    await page.getByTestId('timeline').locator('li').nth(1).waitFor();
    await page.getByRole('button', { name: 'Verifikasi', exact: true }).click();
    const verdict = page.getByTestId('verification').locator('.verdict.invalid');
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(/^TIDAK SAH mulai revisi 1: /);
    await screenshot(page, 'audit-03-tampered');
    expect(complaints).toEqual([]);
  });

  it('finds the altered agreement in a verification of the whole store, with its first invalid revision', async () => {
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByRole('button', { name: 'Mulai verifikasi' }).click();
    await page.locator('[data-testid="store-verification"][data-phase="done"]').waitFor();
    expect(await page.getByTestId('store-verdict').textContent()).toMatch(/^TIDAK SAH: 1 aliran rusak/);
    const broken = page.getByTestId('store-broken').locator('li');
    expect(await broken.count()).toBe(1);
    expect(await broken.textContent()).toMatch(new RegExp(`^agreement-${tampered} · mulai revisi 1: `));
    await broken.getByRole('link').click();
    await page.waitForURL(new RegExp(`#/perjanjian/${tampered}/riwayat$`));
    await screenshot(page, 'audit-04-store');
  });
});
