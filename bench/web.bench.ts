/**
 * The web app's budgets (issue 15): what the first load costs in JavaScript and CSS (gzip, as the
 * built files are; budget 250 KB of JavaScript), and how long the inbox takes to become usable in
 * Debian's Chromium on loopback with 10,000 (and 100,000) agreements in the store (budget 1 s).
 *
 * The agreements are those of the read-side benchmark (bench/read-side.bench.ts): Kemendes PDTT is a
 * party to every one, so its coordinator's inbox is the largest there is. "Usable" is measured in
 * the page: from the navigation's start to the inbox drawn with its first page of items (Preact has
 * attached the handlers by then; the app sets a User Timing mark there), with the token already in
 * the tab's session. The baseline, in the same browser and run: loading `/favicon.svg` from the same
 * server (the browser's and the loopback's own cost of a navigation).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { WEB_ROOT } from '../src/api/web/web-app';
import { resolveEmbeddedSecret } from '../src/infrastructure/auth/embedded-secret';
import { mintEmbeddedToken } from '../src/infrastructure/auth/token-minter';
import { loadConfig } from '../src/infrastructure/config/app-config';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';
import { launchChromium } from '../test/support/browser';
import { temporaryDirectory } from '../test/support/temporary-directory';
import { seed, rebuild } from './read-side.bench';
import {
  appendLongAgreement,
  dashboardUnderLoad,
  signedInContext,
  FPS_BUDGET,
  LAYOUT_BUDGET_MS,
  LONG_AGREEMENT_EVENTS,
  TIMELINE_BUDGET_MS,
  untilMark,
  type DashboardUnderLoad,
} from './web-audit.bench';
import { markdownTable, nowMs, startChildServer } from './support';

/** The app's User Timing mark of the inbox drawn (web/src/pages/inbox.tsx). */
const INBOX_READY_MARK = 'sepakat:inbox-ready';

const SIZES = (process.env.BENCH_WEB_SIZES ?? '10000,100000').split(',').map(Number);
const LOADS = Number(process.env.BENCH_WEB_LOADS ?? 20);
const JS_BUDGET_KB = 250;
const INBOX_BUDGET_MS = 1000;

interface Bundle {
  readonly rows: string[][];
  readonly jsGzipKb: number;
}

/** The files the page loads before it can draw anything: its scripts, module preloads and styles. */
function firstLoad(): Bundle {
  const page = readFileSync(join(WEB_ROOT, 'index.html'), 'utf8');
  const files = [...page.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  const all = readdirSync(join(WEB_ROOT, 'assets')).filter((file) => /\.(js|css)$/.test(file));
  const kb = (bytes: number) => bytes / 1024;
  let jsGzipKb = 0;
  const rows = files.map((file) => {
    const bytes = readFileSync(join(WEB_ROOT, file));
    const gzip = kb(gzipSync(bytes, { level: 9 }).length);
    if (file.endsWith('.js')) jsGzipKb += gzip;
    return [file.replace(/-[A-Za-z0-9_-]{8}\./, '-….'), `${kb(bytes.length).toFixed(1)} KB`, `${gzip.toFixed(1)} KB`];
  });
  rows.push([`(${all.length} files built, ${files.length} on the first load)`, '', '']);
  return { rows, jsGzipKb };
}

interface Timing {
  readonly p50: number;
  readonly max: number;
}

function summary(values: number[]): Timing {
  values.sort((a, b) => a - b);
  return { p50: values[Math.floor(values.length / 2)], max: values.at(-1)! };
}

/**
 * Milliseconds from navigation start to a condition in the page. Cold: a fresh browser context
 * each time (nothing cached, as on a new machine). Warm: one context, a new tab each time (the
 * hashed assets in the HTTP cache, as every morning after the first).
 */
async function pageLoads(
  browser: Browser,
  url: string,
  token: string | undefined,
  ready: string | undefined,
  cold: boolean,
): Promise<Timing> {
  const times: number[] = [];
  const newContext = () => signedInContext(browser, token);
  const shared = cold ? undefined : await newContext();
  for (let i = 0; i < LOADS + 3; i += 1) {
    const context = shared ?? (await newContext());
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // The page's own clock, from its navigation's start: the app's User Timing mark, or the load event.
    const elapsed = ready
      ? await untilMark(page, ready)
      : await page.evaluate(
          () =>
            (
              globalThis as unknown as { performance: { getEntriesByType(type: string): Array<{ loadEventEnd: number }> } }
            ).performance.getEntriesByType('navigation')[0].loadEventEnd,
        );
    if (i >= 3) times.push(elapsed);
    await page.close();
    if (!shared) await context.close();
  }
  await shared?.close();
  return summary(times);
}

/** The audit page's User Timing marks (web/src/pages/audit.tsx). */
const TIMELINE_FIRST_MARK = 'sepakat:timeline-first';
const TIMELINE_READY_MARK = 'sepakat:timeline-ready';
const TIMELINE_LOADS = Number(process.env.BENCH_WEB_TIMELINE_LOADS ?? 5);
const CHART_SWITCHES = 7;

/** The timeline's marks in a warm tab: its first rows, and the whole history drawn. */
async function timelineLoads(
  browser: Browser,
  url: string,
  token: string,
): Promise<{ first: Timing; ready: Timing; rendered: number; total: number }> {
  const context = await signedInContext(browser, token);
  const first: number[] = [];
  const ready: number[] = [];
  let rendered = 0;
  let total = 0;
  try {
    for (let i = 0; i < TIMELINE_LOADS + 2; i += 1) {
      const page = await context.newPage();
      await page.goto(url);
      const drawnFirst = await untilMark(page, TIMELINE_FIRST_MARK);
      const drawnAll = await untilMark(page, TIMELINE_READY_MARK);
      if (i >= 2) {
        first.push(drawnFirst);
        ready.push(drawnAll);
      }
      rendered = Number(await page.getByTestId('timeline').getAttribute('data-rendered'));
      total = Number(await page.getByTestId('timeline').getAttribute('data-total'));
      await page.close();
    }
  } finally {
    await context.close();
  }
  return { first: summary(first), ready: summary(ready), rendered, total };
}

/** The chart's layout times: the first in a fresh tab, then switching versions and languages in it. */
async function chartLayouts(browser: Browser, baseUrl: string, token: string): Promise<{ engine: number; first: number; later: Timing }> {
  const context = await signedInContext(browser, token);
  const page = await context.newPage();
  const layouts = (count: number) =>
    page
      .waitForFunction((n) => performance.getEntriesByName('sepakat:chart-layout').length >= n, count, { timeout: 60_000 })
      .then(() => page.evaluate((n) => performance.getEntriesByName('sepakat:chart-layout')[n - 1].duration, count));
  page.on('pageerror', (error) => process.stderr.write(`chart page error: ${error.message}\n`));
  page.on('console', (message) => message.type() === 'error' && process.stderr.write(`chart page console: ${message.text()}\n`));
  try {
    await page.goto(`${baseUrl}/#/alur/nota-kesepahaman/2`);
    const first = await layouts(1);
    const engine = await page.evaluate(() => performance.getEntriesByName('sepakat:chart-engine')[0].duration);
    const later: number[] = [];
    // Layouts are cached per version and language: each step below lays out one not drawn before
    // (the other three versions in Indonesian, the one shown in English, then the rest in English).
    const show = async (hash: string) => {
      await page.evaluate((to) => ((globalThis as unknown as { location: { hash: string } }).location.hash = to), hash);
      later.push(await layouts(later.length + 2));
    };
    for (const version of ['perjanjian-kerja-sama/2', 'nota-kesepahaman/1', 'perjanjian-kerja-sama/1']) await show(`#/alur/${version}`);
    await page.locator('select').first().selectOption('en');
    later.push(await layouts(later.length + 2));
    for (const version of ['nota-kesepahaman/2', 'perjanjian-kerja-sama/2', 'nota-kesepahaman/1']) await show(`#/alur/${version}`);
    return { engine, first, later: summary(later) };
  } finally {
    await context.close();
  }
}

export async function benchWeb(): Promise<string> {
  const bundle = firstLoad();
  const out: string[] = [
    `First load (\`dist/web\`, gzip level 9): **${bundle.jsGzipKb.toFixed(1)} KB of JavaScript** against a budget of ${JS_BUDGET_KB} KB (${((bundle.jsGzipKb / JS_BUDGET_KB) * 100).toFixed(0)} % of it).`,
    '',
    markdownTable(['file', 'size', 'gzip'], bundle.rows),
    '',
  ];
  const browser = await launchChromium();
  const rows: string[][] = [];
  const auditRows: string[][] = [];
  const chartRows: string[][] = [];
  const dashboardRows: string[][] = [];
  const prepared: string[] = [];
  try {
    for (const size of SIZES) {
      const directory = await temporaryDirectory('sepakat-bench-web-');
      try {
        const started = nowMs();
        const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
        const seeded = await seed(store, size);
        const long = await appendLongAgreement(store);
        await rebuild(
          store,
          { kind: 'sqlite', filename: directory.file('read-models.db') },
          long.head > seeded.head ? long.head : seeded.head,
        );
        await store.close();
        const preparedSeconds = (nowMs() - started) / 1000;
        const server = await startChildServer('bench/servers/service-server.ts', [directory.path]);
        try {
          const config = loadConfig({ DATA_DIR: directory.path });
          const token = await mintEmbeddedToken(resolveEmbeddedSecret(undefined, directory.path), config.auth.claims, {
            sub: 'biro-ks',
            name: 'Biro Kerja Sama',
            agency: 'kemendes-pdtt',
            roles: ['COORDINATOR', 'SIGNATORY', 'RECORDS_OFFICER'],
            expiresIn: '1h',
          });
          const inboxResponse = await fetch(`${server.address}/inbox/counts`, { headers: { authorization: `Bearer ${token}` } });
          const { total } = (await inboxResponse.json()) as { total: number };
          let warmBaseline = 0;
          for (const cold of [true, false]) {
            const baseline = await pageLoads(browser, `${server.address}/favicon.svg`, undefined, undefined, cold);
            if (!cold) warmBaseline = baseline.p50;
            const inbox = await pageLoads(browser, `${server.address}/`, token, INBOX_READY_MARK, cold);
            rows.push([
              size.toLocaleString('en'),
              cold ? 'cold (new context)' : 'warm (new tab)',
              total.toLocaleString('en'),
              `${baseline.p50.toFixed(0)} / ${baseline.max.toFixed(0)} ms`,
              `${inbox.p50.toFixed(0)} / ${inbox.max.toFixed(0)} ms`,
              `${(inbox.p50 / baseline.p50).toFixed(1)}×`,
              `${((inbox.max / INBOX_BUDGET_MS) * 100).toFixed(0)} %`,
            ]);
          }
          prepared.push(`${size.toLocaleString('en')} agreements seeded and projected in ${preparedSeconds.toFixed(0)} s`);
          const auditor = await mintEmbeddedToken(resolveEmbeddedSecret(undefined, directory.path), config.auth.claims, {
            sub: 'itjen',
            name: 'Inspektorat Jenderal',
            agency: 'itjen-kemendes-pdtt',
            roles: ['AUDITOR'],
            expiresIn: '1h',
          });
          const timeline = await timelineLoads(browser, `${server.address}/#/perjanjian/${long.id}/riwayat`, auditor);
          auditRows.push([
            size.toLocaleString('en'),
            `${warmBaseline.toFixed(0)} ms`,
            `${timeline.first.p50.toFixed(0)} / ${timeline.first.max.toFixed(0)} ms`,
            `${timeline.ready.p50.toFixed(0)} / ${timeline.ready.max.toFixed(0)} ms`,
            `${(timeline.ready.p50 / warmBaseline).toFixed(1)}×`,
            `${((timeline.ready.max / TIMELINE_BUDGET_MS) * 100).toFixed(0)} %`,
            `${timeline.rendered} of ${timeline.total}`,
          ]);
          const layout = await chartLayouts(browser, server.address, token);
          chartRows.push([
            size.toLocaleString('en'),
            `${warmBaseline.toFixed(0)} ms`,
            `${layout.engine.toFixed(0)} ms`,
            `${layout.first.toFixed(0)} ms`,
            `${layout.later.p50.toFixed(0)} / ${layout.later.max.toFixed(0)} ms`,
            `${(layout.first / warmBaseline).toFixed(1)}×`,
            `${((Math.max(layout.first, layout.later.max) / LAYOUT_BUDGET_MS) * 100).toFixed(0)} %`,
          ]);
          const load: DashboardUnderLoad = await dashboardUnderLoad(browser, server.address, token);
          dashboardRows.push([
            size.toLocaleString('en'),
            `${load.idle.fps.toFixed(0)} fps, longest ${load.idle.longestFrameMs.toFixed(0)} ms`,
            `${load.sent} in 5 s (${load.achieved.toFixed(0)}/s)`,
            `${load.loaded.fps.toFixed(0)} fps, longest ${load.loaded.longestFrameMs.toFixed(0)} ms, ${(load.loaded.slowFrames * 100).toFixed(1)} % over 33 ms`,
            `${(load.loaded.fps / load.idle.fps).toFixed(2)}×`,
            `${load.shown} of ${load.sent}, all counted ${load.catchUpMs.toFixed(0)} ms after the last answer`,
            load.loaded.fps >= FPS_BUDGET ? 'met' : 'NOT met',
          ]);
        } finally {
          await server.stop();
        }
      } finally {
        await directory.remove();
      }
    }
  } finally {
    await browser.close();
  }
  out.push(
    `Inbox usable in Chromium (${LOADS} loads after 3 warm-up loads; p50 / max from navigation start to the app's \`sepakat:inbox-ready\` mark (the inbox drawn with its first page of items), signed in as a Kemendes coordinator, party to every agreement; budget ${INBOX_BUDGET_MS} ms; ${prepared.join('; ')}):`,
    '',
    markdownTable(
      [
        'agreements',
        'browser',
        'items waiting',
        'baseline: /favicon.svg loaded',
        'inbox usable',
        'inbox / baseline (p50)',
        'max, of the budget',
      ],
      rows,
    ),
    '',
    `The auditor's timeline of one agreement with ${LONG_AGREEMENT_EVENTS.toLocaleString('en')} events (issue 16), signed in as an auditor, warm tab, ${TIMELINE_LOADS} loads after 2 warm-up loads; p50 / max from navigation start to the first rows drawn, and to the whole history read (1,000 events a page) and drawn in the windowed list; budget ${TIMELINE_BUDGET_MS} ms; baseline the warm /favicon.svg navigation above:`,
    '',
    markdownTable(
      [
        'agreements',
        'baseline',
        'first rows drawn',
        'whole history drawn',
        'history / baseline (p50)',
        'max, of the budget',
        'rows in the DOM',
      ],
      auditRows,
    ),
    '',
    `The workflow's state chart laid out by ELK (the app's \`sepakat:chart-layout\` measure: labels measured and ELK's layered layout run; loading ELK and its warm-up layout are the \`sepakat:chart-engine\` measure, shown apart): the first layout in a fresh tab, then ${CHART_SWITCHES} layouts switching between the four workflow versions and languages in that tab; budget ${LAYOUT_BUDGET_MS} ms:`,
    '',
    markdownTable(
      [
        'agreements',
        'baseline',
        'ELK downloaded, started, warmed (once per tab)',
        'first layout',
        'later layouts p50 / max',
        'first / baseline',
        'worst, of the budget',
      ],
      chartRows,
    ),
    '',
    `The live dashboard (wall mode, 1920×1080) of the Kemendes coordinator while drafts are made over HTTP at 200 a second for 5 s (each an SSE change it receives); frames counted with requestAnimationFrame; baseline the same dashboard idle for 5 s just before; budget ≥ ${FPS_BUDGET} fps:`,
    '',
    markdownTable(
      ['agreements', 'idle (baseline)', 'changes made', 'under 200 changes/s', 'fps / idle', 'changes shown', 'budget'],
      dashboardRows,
    ),
  );
  return out.join('\n');
}
