import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { WEB_ROOT } from '../../src/api/web/web-app';
import { FileSignInCodes } from '../../src/infrastructure/auth/file-sign-in-codes';
import type { AppConfig } from '../../src/infrastructure/config/app-config';
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
import type { TemporaryDirectory } from '../support/temporary-directory';
import { expectStatus } from '../support/agreement-scenarios';
import { callerFor } from '../support/http-client';
import { tokenFor, type Official } from '../support/tokens';
import { BALILATFO, BATOLA, DINAS_PMD, KEMENDES, SEED_CASE_OFFICIALS } from '../../scripts/seed-case/officials';

/**
 * The officials' web app in a real browser (Debian's Chromium through playwright-core), against the
 * whole service on a real port and a fresh SQLite data folder: the motivating case walked through
 * by its officials, each in a browser context of their own with their own token, then the refusals
 * an official meets. Screenshots of each page land in test-artifacts/web/.
 */

const people = {
  ...SEED_CASE_OFFICIALS,
  outsider: { sub: 'bappenas-ks', name: 'Biro Kerja Sama Bappenas', agency: 'bappenas', roles: ['COORDINATOR', 'DRAFTER'] },
} satisfies Record<string, Official>;
type Person = keyof typeof people;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const DRAFT_PDF = Buffer.from('%PDF-1.4 Naskah Nota Kesepahaman desa percontohan, versi 1');
const DPRD_PDF = Buffer.from('%PDF-1.4 Keputusan DPRD Barito Kuala 12/2020');
const PKS_PDF = Buffer.from('%PDF-1.4 Naskah PKS Pendampingan Desa Percontohan');

jest.setTimeout(180_000);

describeInBrowser('the web app for officials, in a real browser', () => {
  let service: WebService;
  let directory: TemporaryDirectory;
  let config: AppConfig;
  let baseUrl: string;
  let browser: Browser;
  const contexts = new Map<Person, { context: BrowserContext; page: Page; complaints: string[] }>();
  const accessibility: Array<{ page: string; violations: unknown[] }> = [];
  let mouId: string;

  beforeAll(async () => {
    service = await startWebService();
    ({ config, baseUrl, directory } = service);
    browser = await launchChromium();
    await recordDirectory();
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  /** Data set up over the API (not what these tests are about), through the other suites' callers. */
  async function api(person: Person, method: 'GET' | 'POST', path: string, body?: unknown) {
    const caller = await callerFor(service, people[person]);
    const response = method === 'GET' ? await caller.get(path) : await caller.post(path, body);
    expectStatus(response, method === 'POST' && !path.includes('/actions/') ? 201 : 200);
    return response.json<Record<string, unknown>>();
  }

  /** An MoU drafted over the API (the browser is not what such a test is about), between two agencies of the case. */
  function draftOverApi(person: Person, title: string, [first, second]: [string, string]) {
    return api(person, 'POST', '/agreements', {
      kind: 'NOTA_KESEPAHAMAN',
      title,
      parties: [
        { agencyId: first, name: first, role: 'PIHAK_KESATU' },
        { agencyId: second, name: second, role: 'PIHAK_KEDUA' },
      ],
      term: { startDate: '2021-01-01', endDate: '2022-12-31' },
    });
  }

  async function recordDirectory() {
    const seed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'scripts', 'seed-case', 'directory.json'), 'utf8')) as {
      agencies: object[];
      delegations: object[];
    };
    for (const agency of seed.agencies) await api('admin', 'POST', '/agencies', agency);
    const validUntil = `${new Date().getFullYear() + 1}-12-31`;
    for (const delegation of seed.delegations) await api('admin', 'POST', '/delegations', { ...delegation, validUntil });
  }

  /** The official's page, signed in by pasting their token on the sign-in page, as `npm run token` prints it. */
  async function pageOf(person: Person, viewport?: { width: number; height: number }): Promise<Page> {
    const existing = contexts.get(person);
    if (existing) return existing.page;
    const context = await officialContext(browser, baseUrl, viewport);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const complaints = watchConsole(page);
    contexts.set(person, { context, page, complaints });
    await signInWithToken(page, await tokenFor(config, people[person]), people[person].name);
    return page;
  }

  async function open(person: Person, id: string): Promise<Page> {
    const page = await pageOf(person);
    const url = `${baseUrl}/#/perjanjian/${id}`;
    // The same address again: reload, so the page shows the agreement as it stands now.
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await page.locator('h1').first().waitFor();
    await page.getByRole('heading', { name: 'Yang dapat Anda lakukan sekarang' }).waitFor();
    return page;
  }

  /** Waits until the page shows the agreement in `state` (the page reloads it after each answer). */
  async function expectState(page: Page, state: string): Promise<void> {
    await page
      .getByTestId('state')
      .filter({ hasText: new RegExp(`^${state}$`) })
      .waitFor();
  }

  /** Opens an action's form on the agreement page, fills it, sends it and waits for the answer. */
  async function act(person: Person, id: string, actionLabel: string, fill?: (form: Locator) => Promise<void>): Promise<Page> {
    const page = await open(person, id);
    await page.getByRole('button', { name: actionLabel, exact: true }).click();
    const form = page.locator('form.action-form');
    await form.waitFor();
    await fill?.(form);
    await form.getByRole('button', { name: `Kirim: ${actionLabel}` }).click();
    await page.getByText(`${actionLabel}: berhasil.`).waitFor();
    return page;
  }

  async function chooseFile(form: Locator, field: string, name: string, bytes: Buffer) {
    await form.locator(`input[type=file][name="${field}-file"]`).setInputFiles({ name, mimeType: 'application/pdf', buffer: bytes });
    await form
      .getByTestId(`${field}-hash`)
      .filter({ hasText: sha256(bytes) })
      .waitFor();
  }

  async function checkAccessibility(page: Page, name: string) {
    await screenshot(page, name);
    accessibility.push({ page: name, violations: await seriousAccessibilityViolations(page) });
  }

  it('serves the app at / with a strict Content-Security-Policy, and no secret in the bundle', async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.status).toBe(200);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).not.toContain('unsafe-eval');
    const page = await response.text();
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const secret = readFileSync(
      join(
        directory.path,
        readdirSync(directory.path).find((file) => /secret/.test(file))!,
      ),
      'utf8',
    ).trim();
    for (const file of readdirSync(join(WEB_ROOT, 'assets'))) {
      const text = readFileSync(join(WEB_ROOT, 'assets', file), 'utf8');
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./);
    }
  });

  it('signs an official in with a pasted token and refuses a bad one plainly', async () => {
    const context = await officialContext(browser, baseUrl);
    const page = await context.newPage();
    await page.goto('/');
    await checkAccessibility(page, '01-sign-in');
    await page.getByLabel('Token akses').fill('not-a-token');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByText('Token ditolak: tidak sah atau sudah kedaluwarsa.').waitFor();
    const stored = await page.evaluate<{ local: string[]; session: string[] }>(
      '({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) })',
    );
    expect(stored.session).not.toContain('sepakat.session');
    await context.close();
  });

  it('signs an official in once with a one-time link, which then leaves the address bar and works no more', async () => {
    const now = new Date();
    const code = new FileSignInCodes(directory.path).issue(
      { ...people.biroKs, roles: [...people.biroKs.roles], tokenExpiresIn: '8h' },
      { now, expiresAt: new Date(now.getTime() + 10 * 60_000) },
    );
    const first = await officialContext(browser, baseUrl);
    const page = await first.newPage();
    await page.goto(`/#/masuk?kode=${code}`);
    await page.getByText(people.biroKs.name, { exact: true }).waitFor();
    expect(page.url()).not.toContain(code);
    expect(await page.evaluate("Object.keys(localStorage).filter((key) => key.includes('session'))")).toEqual([]);
    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByText('Anda sudah keluar.').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('sepakat.session')")).toBeNull();
    await first.close();

    const second = await officialContext(browser, baseUrl);
    const again = await second.newPage();
    await again.goto(`/#/masuk?kode=${code}`);
    await again.getByText('Tautan masuk ini tidak dikenal, sudah dipakai, atau kedaluwarsa.', { exact: false }).waitFor();
    await screenshot(again, '01b-sign-in-link-used');
    await second.close();
  });

  it('walks the MoU of the motivating case from drafting to active, with both locations fixed', async () => {
    // Drafting, by BLM Banjarmasin.
    const blm = await pageOf('blm');
    await checkAccessibility(blm, '02-inbox-empty');
    await blm.getByRole('link', { name: 'Buat draf' }).click();
    await blm.getByRole('heading', { name: 'Buat draf perjanjian' }).waitFor();
    await blm.getByLabel('Judul').fill('Pengembangan Desa Percontohan di Kabupaten Barito Kuala');
    await blm.locator('input[name="party-0-agency"]').fill(KEMENDES);
    await blm.locator('input[name="party-1-agency"]').fill(BATOLA);
    await blm.getByTestId('party-1').getByLabel('Membebani APBD: perlu persetujuan DPRD').check();
    await blm.getByLabel('Tanggal mulai').fill('2020-03-10');
    await blm.getByLabel('Tanggal berakhir').fill('2024-12-31');
    await blm.getByLabel('Masa pemberitahuan (hari)').fill('90');
    await checkAccessibility(blm, '03-draft-form');
    await blm.getByRole('button', { name: 'Simpan draf' }).click();
    await blm.waitForURL(/#\/perjanjian\/[0-9a-f-]{36}(\?|$)/);
    mouId = /perjanjian\/([0-9a-f-]{36})/.exec(blm.url())![1]!;
    await blm.getByTestId('state').filter({ hasText: 'Penyusunan draf' }).waitFor();

    await act('blm', mouId, 'Lampirkan dokumen', async (form) => {
      await form.locator('select[name="type"]').selectOption('DRAFT');
      await chooseFile(form, 'attach-document-sha256', 'naskah-nk-desa-percontohan.pdf', DRAFT_PDF);
      expect(await form.locator('input[name="name"]').inputValue()).toBe('naskah-nk-desa-percontohan.pdf');
    });
    const submitted = await act('blm', mouId, 'Ajukan untuk ditinjau');
    await expectState(submitted, 'Dalam tinjauan');

    // Review: each party's technical, then legal tier; the document is picked from the agreement's own.
    const draftHash = sha256(DRAFT_PDF);
    for (const reviewer of ['program', 'bappeda', 'biroHukum', 'hukumSetda'] as const) {
      const page = await act(reviewer, mouId, 'Setujui tinjauan', (form) =>
        form
          .locator('select[name="approve-review-documentHash"]')
          .selectOption(draftHash)
          .then(() => undefined),
      );
      if (reviewer === 'program') await checkAccessibility(page, '04-agreement-in-review');
    }

    // The regency's DPRD decision, then signing.
    await act('setdaKs', mouId, 'Catat persetujuan DPRD', async (form) => {
      await form.locator('input[name="number"]').fill('12/DPRD-BATOLA/II/2020');
      await form.locator('input[name="date"]').fill('2020-02-20');
      await chooseFile(form, 'record-dprd-approval-documentHash', 'keputusan-dprd-12-2020.pdf', DPRD_PDF);
    });
    const opened = await act('biroKs', mouId, 'Buka penandatanganan');
    await expectState(opened, 'Penandatanganan');

    // A reviewer cannot sign: the page offers them nothing at this step.
    const reviewerPage = await open('program', mouId);
    expect(await reviewerPage.getByRole('button', { name: 'Tanda tangani', exact: true }).count()).toBe(0);
    await reviewerPage.getByText('Tidak ada langkah yang dapat Anda ambil saat ini.').waitFor();

    const sekjen = await open('sekjen', mouId);
    await sekjen.getByRole('button', { name: 'Tanda tangani', exact: true }).click();
    await checkAccessibility(sekjen, '05-sign-form');
    await sekjen.getByRole('button', { name: 'Batal' }).click();
    await act('sekjen', mouId, 'Tanda tangani', async (form) => {
      await form.locator(`select[name="sign-documentHash"]`).selectOption(draftHash);
      await form.locator('input[name="signatoryName"]').fill('Anwar Sanusi');
      await form.locator('select[name="capacity"]').selectOption('ON_BEHALF');
      await form.locator('input[name="delegationId"]').fill('kepmen-45-2020');
    });
    const executed = await act('bupati', mouId, 'Tanda tangani', async (form) => {
      await form.locator('select[name="sign-documentHash"]').selectOption(draftHash);
      await form.locator('input[name="signatoryName"]').fill('Hj. Noormiliyani AS');
    });
    await expectState(executed, 'Sudah ditandatangani');

    const active = await act('biroKs', mouId, 'Berlakukan', (form) => form.locator('input[name="effectiveDate"]').fill('2020-03-10'));
    await expectState(active, 'Berlaku');

    await act('biroKs', mouId, 'Usulkan lokasi', async (form) => {
      const row = (index: number, part: string) => form.locator(`input[name="propose-locations-locations-${index}-${part}"]`);
      await row(0, 'province').fill('Kalimantan Selatan');
      await row(0, 'regency').fill('Barito Kuala');
      await row(0, 'district').fill('Anjir Pasar');
      await form.getByRole('button', { name: 'Tambah lokasi' }).click();
      await row(1, 'province').fill('Kalimantan Selatan');
      await row(1, 'regency').fill('Barito Kuala');
      await row(1, 'district').fill('Tabukan');
      await row(1, 'area').fill('KTM Cahaya Baru');
    });
    await act('biroKs', mouId, 'Konfirmasi lokasi');
    const fixed = await act('setdaKs', mouId, 'Konfirmasi lokasi');
    const locations = await fixed.getByTestId('fixed-locations').locator('li').allTextContents();
    expect(locations).toEqual([
      'Anjir Pasar, Barito Kuala, Kalimantan Selatan',
      'KTM Cahaya Baru, Tabukan, Barito Kuala, Kalimantan Selatan',
    ]);
    const progress = await fixed.getByTestId('parties').locator('tbody tr').allTextContents();
    expect(progress).toHaveLength(2);
    for (const row of progress) expect(row).not.toContain('belum');
    // The dates that move it, in Kemendes's zone: both have passed on this machine's clock (the scheduler is off here).
    expect(await fixed.getByTestId('deadline-notice').textContent()).toBe('2 Oktober 2024 (WIB) (sudah jatuh tempo)');
    expect(await fixed.getByTestId('deadline-expiry').textContent()).toBe('1 Januari 2025 (WIB) (sudah jatuh tempo)');
    await checkAccessibility(fixed, '06-agreement-active');

    const replayed = await api('biroKs', 'GET', `/agreements/${mouId}`);
    expect(replayed.state).toBe('active');
  });

  it('drafts a PKS under the MoU with the parent picker, and brings it into force', async () => {
    const balilatfo = await pageOf('balilatfo');
    await balilatfo.getByRole('link', { name: 'Buat draf' }).click();
    await balilatfo.getByLabel('Perjanjian Kerja Sama (PKS)').check();
    await balilatfo.getByLabel('Nota kesepahaman induk').selectOption(mouId);
    await balilatfo.getByLabel('Judul').fill('Pendampingan Desa Percontohan');
    await balilatfo.locator('input[name="party-0-agency"]').fill(BALILATFO);
    await balilatfo.locator('input[name="party-1-agency"]').fill(DINAS_PMD);
    await balilatfo.getByLabel('Tanggal mulai').fill('2020-03-10');
    await balilatfo.getByLabel('Tanggal berakhir').fill('2024-12-31');
    await balilatfo.getByRole('button', { name: 'Simpan draf' }).click();
    await balilatfo.waitForURL(/#\/perjanjian\/[0-9a-f-]{36}(\?|$)/);
    const pksId = /perjanjian\/([0-9a-f-]{36})/.exec(balilatfo.url())![1];
    await balilatfo.getByRole('heading', { name: 'Nota kesepahaman induk' }).waitFor();
    await balilatfo.getByTestId('parent').getByText('Pengembangan Desa Percontohan di Kabupaten Barito Kuala', { exact: false }).waitFor();

    await act('balilatfo', pksId, 'Lampirkan dokumen', async (form) => {
      await form.locator('select[name="type"]').selectOption('DRAFT');
      await chooseFile(form, 'attach-document-sha256', 'naskah-pks.pdf', PKS_PDF);
    });
    await act('balilatfo', pksId, 'Ajukan untuk ditinjau');
    const pksHash = sha256(PKS_PDF);
    for (const reviewer of ['balilatfoReview', 'pmdReview'] as const) {
      for (let tier = 0; tier < 2; tier += 1) {
        await act(reviewer, pksId, 'Setujui tinjauan', (form) =>
          form
            .locator('select[name="approve-review-documentHash"]')
            .selectOption(pksHash)
            .then(() => undefined),
        );
      }
    }
    await act('balilatfo', pksId, 'Buka penandatanganan');
    await act('kaBalilatfo', pksId, 'Tanda tangani', async (form) => {
      await form.locator('select[name="sign-documentHash"]').selectOption(pksHash);
      await form.locator('input[name="signatoryName"]').fill('Kepala Balilatfo');
    });
    await act('kadisPmd', pksId, 'Tanda tangani', async (form) => {
      await form.locator('select[name="sign-documentHash"]').selectOption(pksHash);
      await form.locator('input[name="signatoryName"]').fill('Kepala Dinas PMD Barito Kuala');
      await form.locator('select[name="capacity"]').selectOption('DELEGATED');
      await form.locator('input[name="delegationId"]').fill('sk-bupati-180-12-2020');
    });
    const active = await act('balilatfo', pksId, 'Berlakukan', (form) => form.locator('input[name="effectiveDate"]').fill('2020-03-10'));
    await expectState(active, 'Berlaku');

    const mou = await open('biroKs', mouId);
    await mou.getByTestId('children').getByRole('link', { name: 'Pendampingan Desa Percontohan' }).waitFor();
  });

  it('keeps an agreement from a third agency: it is neither listed nor shown', async () => {
    const outsider = await pageOf('outsider');
    await outsider.goto('/#/perjanjian');
    await outsider.getByText('Tidak ada perjanjian yang cocok.').waitFor();
    await checkAccessibility(outsider, '07-agreements-empty');
    await outsider.goto(`/#/perjanjian/${mouId}`);
    await outsider.getByText('Perjanjian ini tidak ada atau bukan untuk instansi Anda.').waitFor();
    await screenshot(outsider, '08-agreement-not-found');
  });

  it('tells an official whose form went stale that someone acted first, with the new state', async () => {
    const drafted = await draftOverApi('blm', 'Uji formulir usang', [KEMENDES, BATOLA]);
    const id = String(drafted.id);
    const hash = sha256(Buffer.from(`stale ${id}`));
    await api('blm', 'POST', `/agreements/${id}/actions/attach-document`, { type: 'DRAFT', sha256: hash, name: 'naskah.pdf' });
    await api('blm', 'POST', `/agreements/${id}/actions/submit-for-review`, {});

    // Ditjen PDP opens the form at this revision; Bappeda clears first, in another browser.
    const program = await open('program', id);
    await program.getByRole('button', { name: 'Setujui tinjauan', exact: true }).click();
    const form = program.locator('form.action-form');
    await form.locator('select[name="approve-review-documentHash"]').selectOption(hash);
    await act('bappeda', id, 'Setujui tinjauan', (other) =>
      other
        .locator('select[name="approve-review-documentHash"]')
        .selectOption(hash)
        .then(() => undefined),
    );
    const revisionAfterBappeda = (await api('bappeda', 'GET', `/agreements/${id}`)).revision;

    // The page saw the change arrive live, and the form still carries the revision decided on.
    await program.getByText('Perjanjian ini baru saja berubah.').waitFor();
    await form.getByRole('button', { name: 'Kirim: Setujui tinjauan' }).click();
    await program.getByText('Orang lain sudah bertindak lebih dulu: perjanjian sudah berubah.', { exact: false }).first().waitFor();
    await program.getByText('Orang lain sudah bertindak lebih dulu.', { exact: false }).first().waitFor();
    await screenshot(program, '09-stale-form');
    // Refused, so nothing appended: the agreement stands where Bappeda's clearance left it.
    expect((await api('program', 'GET', `/agreements/${id}`)).revision).toBe(revisionAfterBappeda);
  });

  it('shows a refusal in plain Indonesian with the rule that refused it', async () => {
    const page = await open('biroKs', mouId);
    await page.getByRole('button', { name: 'Perpanjang', exact: true }).click();
    const form = page.locator('form.action-form');
    await form.locator('input[name="newEndDate"]').fill('2019-01-01');
    await form.getByRole('button', { name: 'Kirim: Perpanjang' }).click();
    const alert = form.getByRole('alert');
    await alert.getByText('Perpanjangan harus memundurkan tanggal berakhir.', { exact: false }).waitFor();
    expect(await alert.textContent()).toContain('renewal-extends');
    await checkAccessibility(page, '10-refusal');
  });

  it('updates the inbox and its badge live when a step starts waiting for the official', async () => {
    const setda = await pageOf('setdaKs');
    await setda.goto('/#/');
    await setda.getByRole('heading', { name: 'Kotak masuk' }).waitFor();
    const badge = setda.getByTestId('inbox-badge');
    await badge.waitFor();
    const before = Number(await badge.textContent());
    const drafted = await draftOverApi('setdaKs', 'Kerja sama pelatihan aparatur desa', [BATOLA, KEMENDES]);
    const row = setda.getByTestId('inbox').getByRole('link', { name: 'Kerja sama pelatihan aparatur desa' });
    await row.waitFor();
    await setda
      .getByTestId('inbox-badge')
      .filter({ hasText: new RegExp(`^${before + 1}$`) })
      .waitFor();
    const line = await setda
      .getByTestId('inbox')
      .locator('tbody tr')
      .filter({ hasText: 'Kerja sama pelatihan aparatur desa' })
      .textContent();
    expect(line).toContain('WITA');
    expect(drafted.state).toBe('drafting');
    await checkAccessibility(setda, '11-inbox');
  });

  it('speaks English when asked, and holds at tablet width', async () => {
    const context = await officialContext(browser, baseUrl, { width: 768, height: 1024 });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Token akses').fill(await tokenFor(config, people.biroKs));
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByLabel('Bahasa').selectOption('en');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.goto(`/#/perjanjian/${mouId}`);
    await page.getByRole('heading', { name: 'What you can do now' }).waitFor();
    await expectState(page, 'In force');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await checkAccessibility(page, '12-agreement-tablet-en');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate("document.activeElement?.textContent ?? ''");
    expect(focused).toBe('Skip to content');
    await context.close();
  });

  it('meets no serious or critical accessibility violation, and no page complained', () => {
    expect(accessibility.length).toBeGreaterThanOrEqual(8);
    expect(accessibility.filter((entry) => entry.violations.length > 0)).toEqual([]);
    for (const [person, { complaints }] of contexts) expect({ person, complaints }).toEqual({ person, complaints: [] });
  });
});
