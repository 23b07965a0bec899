import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_ROOT } from '../../src/api/web/web-app';
import { createApp } from '../../src/bootstrap';
import type { AppOverrides } from '../../src/app.module';
import { loadConfig } from '../../src/infrastructure/config/app-config';
import { temporaryDirectory } from './temporary-directory';
import type { TestApp } from './test-app';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it): Playwright's own download is not reachable here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of every page the browser tests visit: test artifacts, never committed. */
export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'web');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine's network is closed: without these, Chromium keeps dialling Google's hosts.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser context of one official: its own storage, so its own session token. */
export async function officialContext(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
}

/**
 * Collects what the page complains about: script errors and Content-Security-Policy violations
 * (reported on the console). A test asserts the list stays empty.
 */
export function watchConsole(page: Page): string[] {
  const complaints: string[] = [];
  page.on('pageerror', (error) => complaints.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (
      message.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of (401|403|404|409|412|422)/.test(message.text())
    ) {
      complaints.push(`console: ${message.text()}`);
    }
  });
  return complaints;
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: unknown }>;
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Injected as a script element's text via the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<AxeViolation[]>(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
    .then((result) => result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => ({ target: node.target })) })))`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The whole service on a real port and a fresh data folder, serving the built web app: a
 * {@link TestApp} too, so the API helpers of the other suites (`callerFor`) set data up beside the browser.
 */
export interface WebService extends TestApp {
  readonly baseUrl: string;
}

/** Starts it (rate limiting off: a browser test makes many requests from one address). */
export async function startWebService(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<WebService> {
  if (!existsSync(join(WEB_ROOT, 'index.html')))
    throw new Error(`The web app is not built in ${WEB_ROOT}: run npm run build (npm ci runs it)`);
  const directory = await temporaryDirectory();
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    AUTH_RATE_LIMIT_PER_MINUTE: '0',
    SCHEDULER_INTERVAL_MS: '0',
    ...env,
    DATA_DIR: directory.path,
  });
  const app = await createApp(config, overrides);
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    config,
    baseUrl,
    directory,
    close: async () => {
      await app.close();
      await directory.remove();
    },
  };
}

/** Signs a page in as a user would: the token pasted on the sign-in page; waits for the official's name in the header. */
export async function signInWithToken(page: Page, token: string, name: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Token akses').fill(token);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByText(name, { exact: true }).waitFor();
}

/**
 * The browser suites follow the rule of the PostgreSQL and docker-compose tests: required when `CI`
 * is set (a missing Chromium fails the run: `.ci/run` installs it), skipped elsewhere with the
 * reason in the suite's name, so `npm test` on a machine without Chromium still says what it left out.
 */
export function describeInBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM) || process.env.CI) describe(name, suite);
  else describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`, suite);
}
