import type { Browser, Page } from 'playwright-core';
import { SEED_CASE_MOU_DRAFT, SEED_CASE_MOU_STEPS, seedCaseDirectory } from '../../scripts/seed-case/mou';
import { SEED_CASE_OFFICIALS } from '../../scripts/seed-case/officials';
import { expectStatus } from '../support/agreement-scenarios';
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
import { callerFor } from '../support/http-client';
import { tokenFor } from '../support/tokens';

/**
 * The workflow's state chart in a real browser: laid out by ELK from `GET /workflows/:name/:version`,
 * it follows the seed case's MoU live on the agreement's page (the highlighted state is the one the
 * service reports after every step, the arrow taken is the step's), and the page of a workflow
 * version shows the bare chart with every action's policy.
 */

jest.setTimeout(180_000);

const people = SEED_CASE_OFFICIALS;
type Person = keyof typeof people;

interface AgreementView {
  readonly id: string;
  readonly revision: number;
  readonly state: string;
  readonly detailedState: string;
}

describeInBrowser('the workflow’s state chart, in a real browser', () => {
  let service: WebService;
  let browser: Browser;
  let page: Page;
  let complaints: string[];
  let mouId: string;

  async function api<T>(person: Person, path: string, body?: unknown): Promise<T> {
    const caller = await callerFor(service, people[person]);
    const response = body === undefined ? await caller.get(path) : await caller.post(path, body);
    expectStatus(response, body !== undefined && !path.includes('/actions/') ? 201 : 200);
    return response.json<T>();
  }

  /** The chart's highlighted state, and the state the page says it drew. */
  async function highlighted(): Promise<{ current: string | null; drawn: string | null }> {
    const chart = page.getByTestId('state-chart');
    return {
      current: await chart.locator('g.chart-state.current').getAttribute('data-state'),
      drawn: await chart.getAttribute('data-current-state'),
    };
  }

  beforeAll(async () => {
    service = await startWebService();
    const directory = seedCaseDirectory();
    for (const agency of directory.agencies) await api('admin', '/agencies', agency);
    for (const delegation of directory.delegations) await api('admin', '/delegations', delegation);
    mouId = (await api<AgreementView>('blm', '/agreements', SEED_CASE_MOU_DRAFT)).id;

    browser = await launchChromium();
    const context = await officialContext(browser, service.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    complaints = watchConsole(page);
    await signInWithToken(page, await tokenFor(service.config, people.biroKs), people.biroKs.name);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('highlights the state the service reports after every step of the seed case, live, with the arrow taken and who took it', async () => {
    await page.goto(`/#/perjanjian/${mouId}`);
    await page.locator('[data-testid="state-chart"] svg').waitFor();
    expect(await highlighted()).toEqual({ current: 'drafting', drawn: 'drafting' });
    await page.getByRole('button', { name: 'Tampilkan jalur dan pelakunya' }).click();
    await page.locator('[data-testid="path-steps"] li[data-revision="0"]').waitFor();

    const seen: string[] = ['drafting'];
    for (const step of SEED_CASE_MOU_STEPS) {
      const before = await api<AgreementView>('biroKs', `/agreements/${mouId}`);
      // The step is taken elsewhere (over the API, as another official would); the open page follows it live.
      const taken = await (await callerFor(service, people[step.by])).post(`/agreements/${mouId}/actions/${step.action}`, step.body);
      expectStatus(taken, 200);
      const after = await api<AgreementView>('biroKs', `/agreements/${mouId}?minPosition=${String(taken.headers['x-event-position'])}`);
      await page.locator(`[data-testid="path-steps"] li[data-revision="${after.revision}"]`).waitFor();
      await page
        .locator(
          `[data-testid="state-chart"][data-current-state="${after.detailedState}"] g.chart-state.current[data-state="${after.detailedState}"]`,
        )
        .waitFor();
      expect(await highlighted()).toEqual({ current: after.detailedState, drawn: after.detailedState });
      seen.push(after.detailedState);

      // The last step's arrow is the one drawn as last; a step that moved the agreement left by an arrow
      // from the state it stood in.
      const last = page.locator('[data-testid="state-chart"] g.chart-edge.last');
      if (after.detailedState !== before.detailedState) {
        expect(await last.getAttribute('data-edge')).toMatch(new RegExp(`^${before.detailedState.replace('.', '\\.')}\\|[A-Za-z]+\\|`));
      }
      // Who took the step, for which agency: in the list of steps under the chart.
      const entry = page.locator(`[data-testid="path-steps"] li[data-revision="${after.revision}"]`);
      expect(await entry.textContent()).toContain(people[step.by].name);
    }
    // Every state the case went through is drawn as visited, and the service's last word is where it stands.
    expect([...new Set(seen)]).toEqual(['drafting', 'inReview', 'readyToSign', 'signing', 'executed', 'active']);
    for (const state of new Set(seen))
      expect(await page.locator(`g.chart-state[data-state="${state}"]`).getAttribute('class')).toMatch(/visited|current/);
    expect(await page.locator('g.chart-edge.taken').count()).toBeGreaterThanOrEqual(5);
    // Steps that stay in a state (approvals, registry numbers, reports) are marked inside it.
    expect(await page.locator('g[data-state="active"] text.chart-stay.taken').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'state-chart-agreement');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(complaints).toEqual([]);
  });

  it('shows each workflow version with its bare chart and every action with its roles and policy', async () => {
    await page.goto('/#/alur/nota-kesepahaman/2');
    await page.locator('[data-testid="state-chart"] svg').waitFor();
    const description = await api<{ actions: Array<{ name: string }>; states: Array<{ id: string; states: Array<{ id: string }> }> }>(
      'biroKs',
      '/workflows/nota-kesepahaman/2',
    );
    const drawn = await page.locator('g.chart-state').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-state')));
    const all = description.states.flatMap((state) => [state.id, ...state.states.map((child) => child.id)]);
    expect(drawn.sort()).toEqual(all.sort());
    // Nothing is highlighted on the bare chart.
    expect(await page.locator('g.chart-state.current, g.chart-edge.taken').count()).toBe(0);
    const rows = page.locator('[data-testid="workflow-actions"] tbody tr');
    expect(await rows.count()).toBe(description.actions.length);
    const sign = page.locator('[data-testid="workflow-actions"] tr[data-action="sign"]');
    expect(await sign.textContent()).toContain('Penanda tangan');
    expect(await sign.textContent()).toContain('pihak instansinya sendiri');
    // Every other version is a link away.
    await page
      .getByRole('link', { name: /Perjanjian Kerja Sama.* v1|v1/ })
      .first()
      .click();
    await page.waitForURL(/#\/alur\/[a-z-]+\/1$/);
    await page.locator('[data-testid="state-chart"] svg').waitFor();
    await screenshot(page, 'state-chart-workflow');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    expect(complaints).toEqual([]);
  });
});
