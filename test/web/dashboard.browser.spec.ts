import type { Browser, Page } from 'playwright-core';
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
import { SseHub } from '../../src/api/events/sse-hub';
import { expectStatus } from '../support/agreement-scenarios';
import { callerFor } from '../support/http-client';
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
    await drafter
      .getByTestId('state')
      .filter({ hasText: /^Penyusunan draf$/ })
      .waitFor();
    await dashboard.getByTestId('recent').getByRole('link', { name: 'Kerja sama pelatihan aparatur desa' }).waitFor({ timeout: 1_000 });

    await dashboard.getByTestId('dashboard-total').filter({ hasText: /^1$/ }).waitFor();
    expect(await dashboard.getByTestId('by-agency').textContent()).toContain(KEMENDES);
    await dashboard.getByLabel('Mode layar dinding').check();
    // Large type: the page's class, and the charts drawn again at the wall's size.
    await dashboard.locator('html.wall').waitFor({ state: 'attached' });
    await dashboard.getByTestId('phase-chart').locator('canvas').waitFor();
    await dashboard.getByTestId('activity-chart').locator('canvas').waitFor();
    expect(await dashboard.getByTestId('phases').textContent()).toContain('Lama dalam tinjauan');
    await screenshot(dashboard, 'dashboard-01-wall');
    expect(await seriousAccessibilityViolations(dashboard)).toEqual([]);
    expect(complaints.flat()).toEqual([]);
  });

  it('after its connection drops, reconnects with Last-Event-ID and shows every change once: none lost, none repeated', async () => {
    const dashboard = await signedIn(SEED_CASE_OFFICIALS.itjen);
    await dashboard.goto('/#/dasbor');
    await dashboard.getByTestId('dashboard-live').filter({ hasText: 'Langsung' }).waitFor();
    const seen = async () => Number(await dashboard.getByTestId('recent-changes').getAttribute('data-changes-seen'));
    const drafter = await callerFor(service, SEED_CASE_OFFICIALS.blm);
    /** A draft over the API; its position is the id of the change the dashboard must show. */
    const draft = async (title: string) => {
      const response = await drafter.post('/agreements', {
        kind: 'NOTA_KESEPAHAMAN',
        title,
        parties: [
          { agencyId: KEMENDES, name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
          { agencyId: BATOLA, name: 'Pemkab Barito Kuala', role: 'PIHAK_KEDUA' },
        ],
        term: { startDate: '2026-01-01', endDate: '2026-12-31' },
      });
      expectStatus(response, 201);
      return String(response.headers['x-event-position']);
    };
    const row = (position: string) => dashboard.locator(`[data-testid="recent"] tr[data-position="${position}"]`);

    const before = await draft('Sebelum sambungan putus');
    await row(before).waitFor();
    expect(await seen()).toBe(1);

    // The service ends every stream (as a replica leaving the balancer does); changes go on meanwhile.
    expect(service.app.get(SseHub).disconnectAll()).toBeGreaterThanOrEqual(1);
    const during = [await draft('Selama terputus 1'), await draft('Selama terputus 2')];
    await dashboard.getByTestId('dashboard-live').filter({ hasText: 'Langsung' }).waitFor();
    const after = await draft('Sesudah tersambung lagi');
    await row(after).waitFor();

    for (const position of [before, ...during, after]) expect(await row(position).count()).toBe(1);
    const shown = await dashboard
      .locator('[data-testid="recent"] tr[data-position]')
      .evaluateAll((rows) => rows.map((tr) => tr.getAttribute('data-position')));
    expect(shown).toEqual([after, ...during.reverse(), before]);
    expect(await seen()).toBe(4);
    expect(complaints.flat().filter((line) => !/\/events\b.*(ERR_|net::)|EventSource/.test(line))).toEqual([]);
  });
});
