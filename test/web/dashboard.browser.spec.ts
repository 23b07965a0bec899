import type { Browser, Page } from 'playwright-core';
import { BATOLA, KEMENDES, SEED_CASE_OFFICIALS } from '../../scripts/seed-case/officials';
import { describeInBrowser, launchChromium, officialContext, screenshot, seriousAccessibilityViolations, signInWithToken, startWebService, watchConsole, type WebService } from '../support/browser';
import { tokenFor, type Official } from '../support/tokens';

/** The live dashboard in one browser, following what an official does in another. */

jest.setTimeout(120_000);

describeInBrowser('the live dashboard, in a real browser', () => {
  let service: WebService;
  let browser: Browser;
  const complaints: string[][] = [];

  async function signedIn(official: Official): Promise<Page> {
    const page = await (await officialContext(browser, service.baseUrl)).newPage();
    page.setDefaultTimeout(15_000);
    complaints.push(watchConsole(page));
    await signInWithToken(page, await tokenFor(service.config, official), official.name);
    return page;
  }

  beforeAll(async () => {
    service = await startWebService();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('shows a draft made in another browser within a second, with the counts that follow', async () => {
    const dashboard = await signedIn(SEED_CASE_OFFICIALS.itjen);
    await dashboard.getByRole('link', { name: 'Dasbor' }).click();
    await dashboard.getByTestId('dashboard-total').filter({ hasText: /^0$/ }).waitFor();
    await dashboard.getByTestId('dashboard-live').filter({ hasText: 'Langsung' }).waitFor();
    expect(await seriousAccessibilityViolations(dashboard)).toEqual([]);

    const drafter = await signedIn(SEED_CASE_OFFICIALS.blm);
    await drafter.getByRole('link', { name: 'Buat draf' }).click();
    await drafter.getByLabel('Judul').fill('Kerja sama pelatihan aparatur desa');
    await drafter.locator('input[name="party-1-agency"]').fill(BATOLA);
    await drafter.locator('input[name="party-0-name"]').fill('Kemendes PDTT');
    await drafter.locator('input[name="party-1-name"]').fill('Pemkab Barito Kuala');
    await drafter.getByLabel('Tanggal mulai').fill('2026-01-01');
    await drafter.getByLabel('Tanggal berakhir').fill('2026-12-31');
    await drafter.getByRole('button', { name: 'Simpan draf' }).click();
    // The draft is stored once its page shows it; from then the dashboard has a second.
    await drafter.getByTestId('state').filter({ hasText: /^Penyusunan draf$/ }).waitFor();
    await dashboard.getByTestId('recent').getByRole('link', { name: 'Kerja sama pelatihan aparatur desa' }).waitFor({ timeout: 1_000 });

    await dashboard.getByTestId('dashboard-total').filter({ hasText: /^1$/ }).waitFor();
    expect(await dashboard.getByTestId('by-agency').textContent()).toContain(KEMENDES);
    await dashboard.getByLabel('Mode layar dinding').check();
    expect(await dashboard.evaluate('document.documentElement.classList.contains("wall")')).toBe(true);
    await screenshot(dashboard, 'dashboard-01-wall');
    expect(await seriousAccessibilityViolations(dashboard)).toEqual([]);
    expect(complaints.flat()).toEqual([]);
  });
});
