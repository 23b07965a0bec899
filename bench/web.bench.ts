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
  const files = [...page.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
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
  return { p50: values[Math.floor(values.length / 2)]!, max: values.at(-1)! };
}

/**
 * Milliseconds from navigation start to a condition in the page. Cold: a fresh browser context
 * each time (nothing cached, as on a new machine). Warm: one context, a new tab each time (the
 * hashed assets in the HTTP cache, as every morning after the first).
 */
async function pageLoads(browser: Browser, url: string, token: string | undefined, ready: string | undefined, cold: boolean): Promise<Timing> {
  const times: number[] = [];
  const newContext = async () => {
    const context = await browser.newContext({ locale: 'id-ID' });
    // Signed in already: the session the sign-in page would have stored in this tab.
    if (token) await context.addInitScript(`sessionStorage.setItem('sepakat.session', ${JSON.stringify(JSON.stringify({ token, expiresAt: null, mode: 'embedded' }))})`);
    return context;
  };
  const shared = cold ? undefined : await newContext();
  for (let i = 0; i < LOADS + 3; i += 1) {
    const context = shared ?? (await newContext());
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    // The page's own clock, from its navigation's start: the app's User Timing mark, or the load event.
    const elapsed = (await page.evaluate(
      ([mark]) => {
        const { performance } = globalThis as unknown as { performance: { getEntriesByName(name: string): Array<{ startTime: number }>; getEntriesByType(type: string): Array<{ loadEventEnd: number }> } };
        if (!mark) return performance.getEntriesByType('navigation')[0]!.loadEventEnd;
        return new Promise<number>((resolve) => {
          const check = () => {
            const found = performance.getEntriesByName(mark)[0];
            if (found) resolve(found.startTime);
            else setTimeout(check, 20);
          };
          check();
        });
      },
      [ready] as const,
    )) as number;
    if (i >= 3) times.push(elapsed);
    await page.close();
    if (!shared) await context.close();
  }
  await shared?.close();
  return summary(times);
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
  const prepared: string[] = [];
  try {
    for (const size of SIZES) {
      const directory = await temporaryDirectory('sepakat-bench-web-');
      try {
        const started = nowMs();
        const store = new SqliteEventStore({ filename: directory.file('events.db'), synchronous: 'normal' });
        const seeded = await seed(store, size);
        await rebuild(store, { kind: 'sqlite', filename: directory.file('read-models.db') }, seeded.head);
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
          for (const cold of [true, false]) {
            const baseline = await pageLoads(browser, `${server.address}/favicon.svg`, undefined, undefined, cold);
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
    markdownTable(['agreements', 'browser', 'items waiting', 'baseline: /favicon.svg loaded', 'inbox usable', 'inbox / baseline (p50)', 'max, of the budget'], rows),
  );
  return out.join('\n');
}
