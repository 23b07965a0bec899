import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/bootstrap';
import { WEB_ROOT } from '../../src/api/web/web-app';
import { loadConfig, type AppConfig } from '../../src/infrastructure/config/app-config';
import { BATOLA, KEMENDES, SEED_CASE_OFFICIALS } from '../../scripts/seed-case/officials';
import { launchChromium, officialContext, screenshot, seriousAccessibilityViolations, watchConsole } from '../support/browser';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';
import { tokenFor, type Official } from '../support/tokens';

/** The live dashboard in one browser, following what an official does in another. */

jest.setTimeout(120_000);

describe('the live dashboard, in a real browser', () => {
  let directory: TemporaryDirectory;
  let config: AppConfig;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let browser: Browser;
  const complaints: string[][] = [];

  async function signedIn(official: Official): Promise<Page> {
    const page = await (await officialContext(browser, baseUrl)).newPage();
    page.setDefaultTimeout(15_000);
    complaints.push(watchConsole(page));
    await page.goto('/');
    await page.getByLabel('Token akses').fill(await tokenFor(config, official));
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByText(official.name, { exact: true }).waitFor();
    return page;
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`The web app is not built in ${WEB_ROOT}: run npm run build (npm ci runs it)`);
    directory = await temporaryDirectory();
    config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: directory.path, AUTH_RATE_LIMIT_PER_MINUTE: '0' });
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await directory?.remove();
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
