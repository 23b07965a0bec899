import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startWebService, type WebService } from '../support/browser';
import { cast, draftMou } from '../support/agreement-scenarios';
import { temporaryDirectory, type TemporaryDirectory } from '../support/temporary-directory';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * What an operator gets in `docker/monitoring/`: alert rules that `promtool` accepts, a Grafana
 * dashboard and rules that query only series the service exports, and a real Prometheus (Debian's)
 * scraping a running service and loading the rules. Without Prometheus the Prometheus checks are
 * skipped with a message, except in CI (`.ci/run` installs Debian's `prometheus`).
 */

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const MONITORING = join(ROOT, 'docker', 'monitoring');
const RULES = join(MONITORING, 'alerts.yml');
const DASHBOARD = join(MONITORING, 'grafana', 'dashboards', 'sepakat.json');

const hasPrometheus = spawnSync('promtool', ['--version']).status === 0 && spawnSync('prometheus', ['--version']).status === 0;
if (!hasPrometheus && !process.env.CI)
  process.stderr.write('Skipping the Prometheus checks: promtool and prometheus are not on the PATH (apt-get install prometheus)\n');
const describePrometheus = hasPrometheus || process.env.CI ? describe : describe.skip;

/** The metric names a PromQL expression reads (functions, keywords and label names left out). */
function metricNames(expression: string): string[] {
  const withoutLabels = expression
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '');
  const words = withoutLabels.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  const keywords = new Set([
    'sum',
    'max',
    'min',
    'by',
    'rate',
    'increase',
    'histogram_quantile',
    'le',
    'route',
    'outcome',
    'action',
    'rule',
    'workflow',
    'projection',
    'status',
    'instance',
    'and',
    'or',
    'on',
  ]);
  return words.filter((word) => (!keywords.has(word) && /_/.test(word)) || word === 'up');
}

/** The families a series belongs to: a histogram's `_bucket`, `_sum` and `_count` are its own. */
function family(name: string): string {
  return name.replace(/_(bucket|sum|count)$/, '');
}

function expressionsOfRules(): string[] {
  return [...readFileSync(RULES, 'utf8').matchAll(/expr: (?:\|\n((?:\s{10}.*\n)+)|(.*))/g)].map((match) =>
    (match[1] ?? match[2] ?? '').trim(),
  );
}

function expressionsOfDashboard(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
  return dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}

describe('the Grafana dashboard and the alert rules', () => {
  let service: TestApp;
  let exported: Set<string>;

  beforeAll(async () => {
    service = await startTestApp();
    await draftMou(await cast(service));
    const exposition = (await service.app.inject({ method: 'GET', url: '/metrics' })).body;
    exported = new Set([...exposition.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
  });

  afterAll(async () => {
    await service.close();
  });

  it('query only series the service exports (and Prometheus’ own `up`)', () => {
    const queried = [...expressionsOfRules(), ...expressionsOfDashboard()];
    expect(queried.length).toBeGreaterThan(20);
    const names = new Set(queried.flatMap(metricNames));
    expect(names.size).toBeGreaterThan(10);
    const missing = [...names].filter((name) => name !== 'up' && !exported.has(family(name)) && !exported.has(name));
    expect({ missing }).toEqual({ missing: [] });
  });
});

describePrometheus('Prometheus with the alert rules, scraping a running service', () => {
  let service: WebService;
  let directory: TemporaryDirectory;
  let prometheus: ChildProcess | undefined;
  let api: string;

  async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
      server.on('error', reject);
    });
  }

  async function query<T>(path: string): Promise<T> {
    const response = await fetch(`${api}${path}`);
    const body = (await response.json()) as { status: string; data: T };
    expect(body.status).toBe('success');
    return body.data;
  }

  async function eventually<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await read().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`Prometheus: no ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  beforeAll(async () => {
    service = await startWebService();
    await draftMou(await cast(service));
    directory = await temporaryDirectory();
    const target = new URL(service.baseUrl).host;
    writeFileSync(
      directory.file('prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: [${JSON.stringify(RULES)}]`,
        'scrape_configs:',
        '  - job_name: sepakat',
        '    metrics_path: /metrics',
        `    static_configs: [{ targets: [${JSON.stringify(target)}] }]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}/api/v1`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${directory.file('prometheus.yml')}`,
        `--storage.tsdb.path=${directory.file('tsdb')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
  });

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await directory?.remove();
    await service?.close();
  });

  it('accepts the rules (promtool check rules)', () => {
    const checked = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect({ status: checked.status, out: checked.stdout }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS: 8 rules found') });
  });

  it('scrapes the service: the target is up and the series are stored', async () => {
    const targets = await eventually(
      () =>
        query<{ activeTargets: Array<{ health: string; labels: { job: string } }> }>('/targets').then((data) =>
          data.activeTargets[0]?.health === 'up' ? data : undefined,
        ),
      'healthy target',
    );
    expect(targets.activeTargets.map((active) => active.labels.job)).toEqual(['sepakat']);
    const up = await eventually(
      () =>
        query<{ result: Array<{ value: [number, string] }> }>('/query?query=sepakat_event_store_up').then((data) =>
          data.result.length > 0 ? data.result : undefined,
        ),
      'sepakat_event_store_up sample',
    );
    expect(up[0].value[1]).toBe('1');
    const commands = await query<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(
      '/query?query=sepakat_commands_total{outcome="accepted"}',
    );
    expect(commands.result.map((series) => series.metric.action).sort()).toEqual(['attach-document', 'draft']);
  });

  it('loads the alert rules, none firing on a healthy service', async () => {
    const rules = await eventually(
      () =>
        query<{ groups: Array<{ name: string; rules: Array<{ name: string; health: string; state: string }> }> }>('/rules').then((data) =>
          data.groups[0]?.rules.every((rule) => rule.health === 'ok') ? data : undefined,
        ),
      'evaluated rules',
    );
    expect(rules.groups.map((group) => group.name)).toEqual(['sepakat']);
    expect(rules.groups[0].rules.map((rule) => rule.name)).toEqual([
      'SepakatDown',
      'SepakatProjectionStuck',
      'SepakatProjectionLagging',
      'SepakatEventStoreDown',
      'SepakatHighErrorRate',
      'SepakatSlowAppends',
      'SepakatSchedulerFailing',
      'SepakatNotificationsDeadLettered',
    ]);
    expect(rules.groups[0].rules.filter((rule) => rule.state !== 'inactive')).toEqual([]);
  });
});
