import type { Browser, Page } from 'playwright-core';
import { SEED_CASE_OFFICIALS } from '../../scripts/seed-case/officials';
import { StoreVerificationRuns } from '../../src/application/audit/store-verification-runs';
import { draftMou, cast } from '../support/agreement-scenarios';
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
import { tokenFor } from '../support/tokens';

/**
 * The whole-store verification from the auditor's audit page, in a real browser: progress while it
 * runs (each event paced here so a person could follow it), cancelled from the page (the service
 * stops reading), run again to its verdict; and the audit of the audit across every agreement.
 * An official is not offered the page. (A store altered in the SQLite file: audit.browser.spec.ts.)
 */

jest.setTimeout(120_000);

const PACE_MS = 40;
/** While set, a run holds after this many events until it is cancelled: the first test cancels it mid-way, however fast the machine. */
const HOLD_AFTER = 5;

describeInBrowser('the whole-store verification on the auditor’s page, in a real browser', () => {
  let service: WebService;
  let browser: Browser;
  let page: Page;
  let complaints: string[];
  let holding = true;

  beforeAll(async () => {
    let paused = 0;
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    service = await startWebService(
      {},
      {
        storeVerificationPacing: {
          progressIntervalMs: 0,
          pauseEvery: 1,
          pause: async (signal) => {
            await sleep(PACE_MS);
            paused += 1;
            while (holding && paused >= HOLD_AFTER && !signal?.aborted) await sleep(20);
          },
        },
      },
    );
    const people = await cast(service);
    for (let n = 0; n < 10; n += 1) await draftMou(people);
    browser = await launchChromium();
    page = await (await officialContext(browser, service.baseUrl)).newPage();
    page.setDefaultTimeout(15_000);
    complaints = watchConsole(page);
    await signInWithToken(page, await tokenFor(service.config, SEED_CASE_OFFICIALS.itjen), SEED_CASE_OFFICIALS.itjen.name);
  });

  afterAll(async () => {
    await browser?.close();
    service?.app.getHttpServer().closeAllConnections();
    await service?.close();
  });

  const runs = () => service.app.get(StoreVerificationRuns);
  const checked = async () => Number((await page.getByTestId('store-events').textContent())?.replace(/\D/g, ''));

  it('shows progress while it runs, and cancelling it from the page stops the service reading', async () => {
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByRole('button', { name: 'Mulai verifikasi' }).click();
    await page.locator('[data-testid="store-verification"][data-phase="running"]').waitFor();
    for (let tries = 0; (await checked()) < 3 && tries < 200; tries += 1) await page.waitForTimeout(25);
    expect(await checked()).toBeGreaterThanOrEqual(3);
    expect(runs().running?.startedBy.id).toBe(SEED_CASE_OFFICIALS.itjen.sub);
    expect(Number(await page.locator('progress').getAttribute('value'))).toBeGreaterThan(0);
    await screenshot(page, 'store-audit-01-running');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Batalkan' }).click();
    await page.locator('[data-testid="store-verification"][data-phase="cancelled"]').waitFor();
    const atCancel = await checked();
    // The service lets go of the run (the next one may start), having read no further.
    for (let tries = 0; runs().running && tries < 100; tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(runs().running).toBeUndefined();
    expect(await checked()).toBe(atCancel);
  });

  it('runs again to its verdict: every agreement event checked, nothing broken', async () => {
    holding = false;
    await page.getByRole('button', { name: 'Mulai verifikasi' }).click();
    await page.locator('[data-testid="store-verification"][data-phase="done"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('store-verdict').textContent()).toMatch(/^Sah: 20 peristiwa dari 10 perjanjian/);
    expect(Number(await page.locator('progress').getAttribute('value'))).toBe(1);
  });

  it('lists both runs in the audit of the audit, across every agreement', async () => {
    await page.reload();
    const rows = page.getByTestId('all-reads').locator('tbody tr').filter({ hasText: 'verifikasi seluruh penyimpanan' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('seluruh penyimpanan');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(complaints.filter((line) => !/store-verification.*(ERR_ABORTED|aborted)/i.test(line))).toEqual([]);
  });

  it('is not offered to an official', async () => {
    const official = await (await officialContext(browser, service.baseUrl)).newPage();
    await signInWithToken(official, await tokenFor(service.config, SEED_CASE_OFFICIALS.biroKs), SEED_CASE_OFFICIALS.biroKs.name);
    expect(await official.getByRole('link', { name: 'Audit', exact: true }).count()).toBe(0);
    // Nor by its address: the page says whom it is for, and offers no button the API would refuse.
    await official.goto('/#/audit');
    await official.getByText('Halaman ini untuk auditor dan administrator.', { exact: false }).waitFor();
    expect(await official.getByRole('button', { name: 'Mulai verifikasi' }).count()).toBe(0);
  });
});
