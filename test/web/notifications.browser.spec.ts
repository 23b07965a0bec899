import type { Browser, Page } from 'playwright-core';
import { cast, draftMou } from '../support/agreement-scenarios';
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
import { officials } from '../support/domain/officials';
import { verifySignature, WebhookReceiver } from '../support/notification-receivers';
import { tokenFor } from '../support/tokens';

jest.setTimeout(120_000);

/**
 * A coordinator keeps the agency's webhooks from the web app: adds one (and sees its secret once),
 * watches its deliveries arrive, is told plainly why an email recipient cannot be added on a service
 * without SMTP; an auditor reads the same page without the forms; a reviewer is not offered it.
 */
describeInBrowser('the notifications page, in a real browser', () => {
  let service: WebService;
  let browser: Browser;
  let page: Page;
  let complaints: string[];
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    service = await startWebService({ WEBHOOK_ALLOW_LOOPBACK: 'true', NOTIFICATION_POLL_MS: '20' });
    browser = await launchChromium();
    page = await (await officialContext(browser, service.baseUrl)).newPage();
    page.setDefaultTimeout(15_000);
    complaints = watchConsole(page);
  });

  afterAll(async () => {
    await browser?.close();
    service?.app.getHttpServer().closeAllConnections();
    await service?.close();
    await receiver?.stop();
  });

  it('lets a coordinator add a webhook, shows its secret once, and lists the signed deliveries', async () => {
    const coordinator = officials.kemendesCoordinator;
    await signInWithToken(page, await tokenFor(service.config, coordinator), coordinator.name);
    await page.getByRole('link', { name: 'Notifikasi' }).click();
    await page.getByRole('heading', { name: `Notifikasi ${coordinator.agency}` }).waitFor();
    await page.getByText('Belum ada webhook.').waitFor();

    // A plain-http address elsewhere is refused, in the official's words, with the service's reason.
    await page.getByLabel('Alamat (https)').fill('http://arsip.example.go.id/hook');
    await page.getByRole('button', { name: 'Tambah webhook' }).click();
    await page.getByRole('alert').getByText('url must use https').waitFor();

    await page.getByLabel('Alamat (https)').fill(receiver.url('/arsip'));
    await page.getByLabel('Keterangan').fill('Sistem arsip Biro Hukum');
    await page.getByRole('button', { name: 'Tambah webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret').locator('code').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await page.getByTestId('webhook-row').getByText('Semua peristiwa').waitFor();

    // Something happens to one of the agency's agreements: the delivery arrives, signed, and is listed.
    const people = await cast(service);
    await draftMou(people);
    for (let tries = 0; receiver.at('/arsip').length < 2 && tries < 100; tries += 1)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.at('/arsip').every((delivery) => verifySignature(secret, delivery))).toBe(true);
    await page.reload();
    await page.getByTestId('delivery-status').filter({ hasText: 'Terkirim' }).first().waitFor();
    expect(await page.getByTestId('delivery-row').count()).toBe(2);
    // The secret is never shown again.
    expect(await page.content()).not.toContain(secret);

    // No SMTP on this service: the page says so plainly.
    await page.getByLabel('Alamat surel').fill('kerjasama@kemendesa.go.id');
    await page.getByLabel('Nama').fill('Biro Kerja Sama');
    await page.getByLabel('Koordinator').check();
    await page.getByRole('button', { name: 'Tambah penerima' }).click();
    await page.getByRole('alert').getByText('Layanan ini belum dapat mengirim surel').waitFor();
    await screenshot(page, 'notifications-coordinator');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // The one 400 is the refusal of the plain-http address above, which the page showed.
    expect(complaints.filter((complaint) => !complaint.includes('status of 400'))).toEqual([]);
    expect(complaints.filter((complaint) => complaint.includes('status of 400'))).toHaveLength(1);
  });

  it('shows an auditor the same settings without the forms, and offers a reviewer no such page', async () => {
    const auditorPage = await (await officialContext(browser, service.baseUrl)).newPage();
    await signInWithToken(auditorPage, await tokenFor(service.config, officials.auditor), officials.auditor.name);
    await auditorPage.goto('/#/notifikasi');
    await auditorPage.getByLabel('Instansi').fill(officials.kemendesCoordinator.agency);
    await auditorPage.getByRole('button', { name: 'Tampilkan' }).click();
    await auditorPage.getByTestId('webhook-row').waitFor();
    expect(await auditorPage.getByRole('button', { name: 'Tambah webhook' }).count()).toBe(0);
    expect(await auditorPage.getByRole('button', { name: 'Hapus' }).count()).toBe(0);

    const reviewerPage = await (await officialContext(browser, service.baseUrl)).newPage();
    await signInWithToken(reviewerPage, await tokenFor(service.config, officials.kemendesReviewer), officials.kemendesReviewer.name);
    expect(await reviewerPage.getByRole('link', { name: 'Notifikasi' }).count()).toBe(0);
  });
});
