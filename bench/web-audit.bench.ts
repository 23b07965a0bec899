/**
 * The auditor's and the dashboard's budgets in the web app (issue 16), measured in Debian's Chromium
 * against the service holding the read-side benchmark's 10,000 or 100,000 agreements:
 *
 * - the timeline of one agreement with 10,000 events: from the navigation's start to its first rows
 *   drawn, and to the whole history loaded (10 pages of 1,000) and drawn, windowed (budget 1 s);
 * - the workflow's state chart laid out by ELK (budget 200 ms): the first layout in a fresh tab
 *   (ELK's first run) and a later one, as the app's User Timing measure reports it;
 * - the dashboard while 200 changes a second arrive for 5 s (drafts over HTTP, each one an SSE
 *   change for the Kemendes coordinator watching): frames per second drawn (budget ≥ 30), the longest
 *   frame, the changes shown against those made, against the same dashboard idle for 5 s.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { derivedUuid, toNewEvent } from '../src/application/agreements/agreement-stream';
import { buildEventEnvelope } from '../src/application/event-store/event-envelope';
import type { Actor } from '../src/domain/access/actor';
import type { AgreementEvent } from '../src/domain/agreements/agreement-events';
import type { SqliteEventStore } from '../src/infrastructure/event-store/sqlite/sqlite-event-store';

export const LONG_AGREEMENT_EVENTS = Number(process.env.BENCH_WEB_TIMELINE_EVENTS ?? 10_000);
export const TIMELINE_BUDGET_MS = 1000;
export const LAYOUT_BUDGET_MS = 200;
export const FPS_BUDGET = 30;
const CHANGES_PER_SECOND = 200;
const LOAD_SECONDS = 5;

const DRAFTER: Actor = { id: 'biro-ks', name: 'Biro Kerja Sama', agencyId: 'kemendes-pdtt', roles: ['COORDINATOR'] };
const REVIEWER: Actor = { id: 'pemkab-reviewer', name: 'Bappeda', agencyId: 'pemkab-000', roles: ['REVIEWER'] };

/**
 * One MoU with `events` events, appended straight into the store: drafted, then rounds of a new
 * draft attached, submitted, and sent back with changes requested, as a long negotiation would.
 */
export async function appendLongAgreement(store: SqliteEventStore, events = LONG_AGREEMENT_EVENTS): Promise<{ id: string; head: bigint }> {
  const id = derivedUuid('bench-web-long-agreement', String(events));
  const start = Date.parse('2024-01-01T00:00:00Z');
  const drafted: AgreementEvent = {
    type: 'AgreementDrafted',
    agreementId: id,
    kind: 'NOTA_KESEPAHAMAN',
    title: 'Perundingan panjang: 10.000 peristiwa',
    parties: [
      { agencyId: 'kemendes-pdtt', name: 'Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi', role: 'PIHAK_KESATU' },
      { agencyId: 'pemkab-000', name: 'Pemerintah Kabupaten Nomor 0', role: 'PIHAK_KEDUA' },
    ],
    term: { startDate: '2024-01-01', endDate: '2028-12-31' },
  } as unknown as AgreementEvent;
  const life: Array<{ event: AgreementEvent; actor: Actor }> = [{ event: drafted, actor: DRAFTER }];
  for (let round = 0; life.length < events; round += 1) {
    const sha256 = derivedUuid('draft', String(round)).replaceAll('-', '').padEnd(64, '0');
    life.push({ event: { type: 'DocumentAttached', documentType: 'DRAFT', sha256, name: `naskah-${round}.pdf` }, actor: DRAFTER });
    life.push({ event: { type: 'SubmittedForReview', documentHash: sha256 }, actor: DRAFTER });
    life.push({
      event: { type: 'ChangesRequested', agencyId: 'pemkab-000', reason: `Putaran ${round}: pasal 4 perlu diperjelas` },
      actor: REVIEWER,
    });
  }
  const stream = `agreement-${id}`;
  let head = 0n;
  const batch = 1000;
  for (let from = 0; from < events; from += batch) {
    const slice = life.slice(from, Math.min(from + batch, events)).map(({ event, actor }, offset) => {
      const index = from + offset;
      const commandId = derivedUuid(id, `step-${index}`);
      const envelope = buildEventEnvelope({
        commandId,
        actor,
        workflow: { name: 'nota-kesepahaman', version: 2 },
        occurredAt: new Date(start + index * 60_000),
      });
      return toNewEvent(event, derivedUuid(commandId, '0'), envelope);
    });
    head = (await store.append(stream, slice, { expectedRevision: from === 0 ? 'no_stream' : BigInt(from - 1) })).position;
  }
  return { id, head };
}

/** A browser context whose tabs start signed in: the session the sign-in page would have stored. */
export async function signedInContext(
  browser: Browser,
  token: string | undefined,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'id-ID', ...options });
  if (token)
    await context.addInitScript(
      `sessionStorage.setItem('sepakat.session', ${JSON.stringify(JSON.stringify({ token, expiresAt: null, mode: 'embedded' }))})`,
    );
  return context;
}

/** Milliseconds from the navigation's start to a User Timing mark or measure, read in the page. */
export async function untilMark(page: Page, name: string, timeoutMs = 60_000): Promise<number> {
  return await page.evaluate(
    ([mark, timeout]) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const check = () => {
          const found = performance.getEntriesByName(mark)[0];
          if (found) resolve(found.entryType === 'measure' ? found.duration : found.startTime);
          else if (performance.now() - started > timeout) reject(new Error(`no ${mark} within ${timeout} ms`));
          else setTimeout(check, 10);
        };
        check();
      }),
    [name, timeoutMs] as const,
  );
}

export interface FrameRate {
  readonly fps: number;
  readonly longestFrameMs: number;
  /** Share of frames that took longer than 1/30 s. */
  readonly slowFrames: number;
}

/** Counts the page's animation frames for `seconds` while `during` runs (what the screen would show). */
export async function frameRate(page: Page, seconds: number, during: () => Promise<void> = async () => {}): Promise<FrameRate> {
  const counting = page.evaluate(
    (duration) =>
      new Promise<{ frames: number[] }>((resolve) => {
        const frames: number[] = [];
        const end = performance.now() + duration * 1000;
        const { requestAnimationFrame } = globalThis as unknown as { requestAnimationFrame: (callback: (now: number) => void) => void };
        const tick = (now: number) => {
          frames.push(now);
          if (now < end) requestAnimationFrame(tick);
          else resolve({ frames });
        };
        requestAnimationFrame(tick);
      }),
    seconds,
  );
  await during();
  const { frames } = await counting;
  const gaps = frames.slice(1).map((time, index) => time - frames[index]);
  const span = (frames.at(-1)! - frames[0]) / 1000;
  return {
    fps: (frames.length - 1) / span,
    longestFrameMs: Math.max(...gaps),
    slowFrames: gaps.filter((gap) => gap > 1000 / 30).length / gaps.length,
  };
}

/** Drafts at a steady rate over HTTP (Kemendes is party to each, so each reaches the dashboard). */
export async function draftAtRate(
  baseUrl: string,
  token: string,
  perSecond: number,
  seconds: number,
): Promise<{ sent: number; lastPosition: bigint; achieved: number }> {
  const total = perSecond * seconds;
  const started = performance.now();
  let sent = 0;
  let lastPosition = 0n;
  const inFlight = new Set<Promise<void>>();
  for (let n = 0; n < total; n += 1) {
    const due = started + (n * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = fetch(`${baseUrl}/agreements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'NOTA_KESEPAHAMAN',
        title: `Beban dasbor ${n}`,
        parties: [
          { agencyId: 'kemendes-pdtt', name: 'Kemendes PDTT', role: 'PIHAK_KESATU' },
          { agencyId: `pemkab-${String(n % 300).padStart(3, '0')}`, name: `Pemkab ${n % 300}`, role: 'PIHAK_KEDUA' },
        ],
        term: { startDate: '2026-01-01', endDate: '2027-12-31' },
      }),
    }).then(async (response) => {
      if (response.status !== 201) throw new Error(`draft answered ${response.status}: ${await response.text()}`);
      const position = BigInt(response.headers.get('x-event-position') ?? '0');
      if (position > lastPosition) lastPosition = position;
      sent += 1;
    });
    const tracked = request.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= 32) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { sent, lastPosition, achieved: sent / ((performance.now() - started) / 1000) };
}

export interface DashboardUnderLoad {
  readonly idle: FrameRate;
  readonly loaded: FrameRate;
  readonly sent: number;
  readonly achieved: number;
  readonly shown: number;
  /** From the last draft's acknowledgement to the dashboard having counted every change. */
  readonly catchUpMs: number;
}

export async function dashboardUnderLoad(browser: Browser, baseUrl: string, token: string): Promise<DashboardUnderLoad> {
  const context = await signedInContext(browser, token, { viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/#/dasbor`);
    await page.getByTestId('dashboard-live').filter({ hasText: 'Langsung' }).waitFor({ timeout: 60_000 });
    await page.getByTestId('phase-chart').locator('canvas').waitFor();
    await page.getByLabel('Mode layar dinding').check();
    await page.waitForTimeout(1000);
    const idle = await frameRate(page, LOAD_SECONDS);
    const seenBefore = Number(await page.getByTestId('recent-changes').getAttribute('data-changes-seen'));
    let result: Awaited<ReturnType<typeof draftAtRate>> | undefined;
    const loaded = await frameRate(page, LOAD_SECONDS, async () => {
      result = await draftAtRate(baseUrl, token, CHANGES_PER_SECOND, LOAD_SECONDS);
    });
    const acknowledged = performance.now();
    const expected = seenBefore + result!.sent;
    await page.waitForFunction(
      (count) => {
        const { document } = globalThis as unknown as {
          document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
        };
        return Number(document.querySelector('[data-testid="recent-changes"]')?.getAttribute('data-changes-seen')) >= count;
      },
      expected,
      { timeout: 60_000, polling: 10 },
    );
    const catchUpMs = performance.now() - acknowledged;
    const shown = Number(await page.getByTestId('recent-changes').getAttribute('data-changes-seen')) - seenBefore;
    return { idle, loaded, sent: result!.sent, achieved: result!.achieved, shown, catchUpMs };
  } finally {
    await context.close();
  }
}
