import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The deployment files, checked offline (no Docker engine): `docker-compose config` validates and
 * resolves both compose files, and the resolved services are checked against what the README
 * promises. Without docker-compose those checks are skipped with a message, except in CI, where
 * they fail (`.ci/run` installs Debian's docker-compose).
 */
const ROOT = resolve(__dirname, '../..');
const SINGLE = 'docker/compose.yml';
const CLUSTER = 'docker/compose.cluster.yml';
/** Stands in for the operator's token secret, which the cluster file requires. */
const SECRET = 'compose-file-check-secret-0123456789abcdef';
/** Variables the files read: the developer's own values must not leak into the checks. */
const FILE_VARIABLES = ['AUTH_JWT_SECRET', 'POSTGRES_PASSWORD', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME', 'COMPOSE_PROFILES'];

interface Compose {
  readonly command: string;
  readonly args: readonly string[];
  readonly version: string;
}

interface Service {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile?: string };
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly depends_on?: Readonly<Record<string, { readonly condition?: string }>>;
  readonly healthcheck?: { readonly test?: readonly string[] | string; readonly disable?: boolean };
  readonly ports?: readonly (string | { readonly host_ip?: string; readonly published?: string | number; readonly target: number })[];
  readonly volumes?: readonly (string | { readonly source?: string; readonly target: string })[];
}

interface Project {
  readonly services: Readonly<Record<string, Service>>;
  readonly volumes?: Readonly<Record<string, { readonly name?: string } | null>>;
}

/** `docker-compose` (v1 from Debian, or v2), else the `docker compose` plugin; undefined if neither answers. */
function findCompose(): Compose | undefined {
  const candidates: [string, string[]][] = [
    ['docker-compose', []],
    ['docker', ['compose']],
  ];
  for (const [command, args] of candidates) {
    const result = spawnSync(command, [...args, 'version', '--short'], { encoding: 'utf8', timeout: 20_000 });
    if (result.status === 0) return { command, args, version: result.stdout.trim().replace(/^v/, '') };
  }
  return undefined;
}

const compose = findCompose();
if (!compose && !process.env.CI) {
  process.stderr.write('Skipping the compose file checks: docker-compose is not on the PATH (apt-get install docker-compose)\n');
}
const describeCompose = compose || process.env.CI ? describe : describe.skip;

function run(file: string, args: readonly string[], variables: Readonly<Record<string, string>>) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of FILE_VARIABLES) delete env[name];
  return spawnSync(compose!.command, [...compose!.args, '-f', file, ...args], {
    cwd: ROOT,
    env: { ...env, ...variables },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** `docker-compose config` as JSON: v2 prints it; v1 prints YAML, read with the PyYAML it runs on. */
function config(file: string, variables: Readonly<Record<string, string>> = {}): Project {
  const v1 = compose!.version.startsWith('1.');
  const result = run(file, v1 ? ['config'] : ['config', '--format', 'json'], variables);
  if (result.status !== 0) throw new Error(`docker-compose -f ${file} config failed:\n${result.stderr}${result.stdout}`);
  if (!v1) return JSON.parse(result.stdout) as Project;
  const json = spawnSync('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], {
    input: result.stdout,
    encoding: 'utf8',
  });
  if (json.status !== 0)
    throw new Error(`reading docker-compose v1 output needs python3 with PyYAML (Debian's docker-compose brings both): ${json.stderr}`);
  return JSON.parse(json.stdout) as Project;
}

function service(project: Project, name: string): Service {
  const found = project.services[name];
  if (!found) throw new Error(`no service ${name} (services: ${Object.keys(project.services).join(', ')})`);
  return found;
}

function env(svc: Service): Readonly<Record<string, string | null>> {
  return svc.environment ?? {};
}

function healthTest(svc: Service): string {
  const test = svc.healthcheck?.disable ? undefined : svc.healthcheck?.test;
  return typeof test === 'string' ? test : (test ?? []).join(' ');
}

/** Published ports as `host_ip:published:target` (`:published:target` without a host address). */
function ports(svc: Service): string[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port !== 'string') return `${port.host_ip ?? ''}:${port.published ?? ''}:${port.target}`;
    const parts = port.replace(/\/tcp$/, '').split(':');
    return parts.length === 3 ? parts.join(':') : `:${parts.join(':')}`;
  });
}

/** Volume mounts as `source:target`. */
function mounts(svc: Service): string[] {
  return (svc.volumes ?? []).map((volume) =>
    typeof volume === 'string' ? volume.split(':').slice(0, 2).join(':') : `${volume.source}:${volume.target}`,
  );
}

/** `esdb://a:1,b:2?x=y` into its hosts and parameters (URL can't parse several hosts). */
function connectionString(value: string | null | undefined): { hosts: string[]; params: URLSearchParams } {
  const match = /^esdb:\/\/([^?/]+)\/?(?:\?(.*))?$/.exec(value ?? '');
  if (!match) throw new Error(`not an esdb:// connection string: ${value}`);
  return { hosts: match[1].split(','), params: new URLSearchParams(match[2] ?? '') };
}

/** The services built from the repository with docker/Dockerfile (the service's replicas). */
function builtServices(project: Project): [string, Service][] {
  return Object.entries(project.services).filter(([, svc]) => svc.build !== undefined);
}

function expectServiceImage(svc: Service): void {
  expect(svc.build).toEqual(expect.objectContaining({ context: ROOT, dockerfile: 'docker/Dockerfile' }));
  expect(env(svc).EVENT_STORE).toBe('eventstoredb');
  // Traffic only once ready: the store answers and the read model is within the bound of its head.
  expect(healthTest(svc)).toContain('/health/ready');
}

describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'docker/Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM\s/m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds in one stage and runs from another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/^RUN npm ci\b/m);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    expect(runtime).toMatch(/^COPY --from=build \S*\/node_modules /m);
    expect(runtime).not.toMatch(/apt-get install|g\+\+|npm (ci|install)/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/main\.js"\]$/m);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = [...runtime.matchAll(/^USER\s+(\S+)/gm)].map((match) => match[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('has a health check on GET /health/ready', () => {
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/health\/ready'/m);
  });

  it('leaves local state and build output out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.git', 'coverage', 'test', '.env']));
  });
});

describeCompose('docker compose files (docker-compose config)', () => {
  beforeAll(() => {
    if (!compose)
      throw new Error(
        'docker-compose is required in CI to check docker/compose*.yml, and it is not on the PATH (apt-get install docker-compose)',
      );
  });

  describe(SINGLE, () => {
    let project: Project;
    beforeAll(() => {
      // Nothing set: `docker compose -f docker/compose.yml up eventstore` must not need any variable.
      project = config(SINGLE);
    }, 60_000);

    it('runs EventStoreDB alone, insecure, without server-side projections', () => {
      const eventstore = service(project, 'eventstore');
      expect(eventstore.image).toMatch(/kurrentdb|eventstore/);
      expect(eventstore.depends_on).toBeUndefined();
      expect(env(eventstore)).toEqual(expect.objectContaining({ KURRENTDB_INSECURE: 'true', KURRENTDB_RUN_PROJECTIONS: 'None' }));
      expect(ports(eventstore)).toContain('127.0.0.1:2113:2113');
      expect(mounts(eventstore)).toEqual(
        expect.arrayContaining([expect.stringMatching(/:\/var\/lib\/kurrentdb$/), expect.stringMatching(/:\/var\/log\/kurrentdb$/)]),
      );
      expect(healthTest(eventstore)).toContain('/health/live');
    });

    it('runs PostgreSQL for the read models, checked with pg_isready', () => {
      const postgres = service(project, 'postgres');
      expect(postgres.image).toMatch(/^postgres:/);
      expect(healthTest(postgres)).toContain('pg_isready');
      expect(mounts(postgres)).toEqual([expect.stringMatching(/:\/var\/lib\/postgresql$/)]);
    });

    it('runs the service image on EventStoreDB and PostgreSQL once both are healthy', () => {
      const sepakat = service(project, 'sepakat');
      expectServiceImage(sepakat);
      expect(env(sepakat).EVENTSTORE_CONNECTION_STRING).toBe('esdb://eventstore:2113?tls=false');
      expect(env(sepakat).READ_MODEL_URL).toMatch(/^postgres:\/\/sepakat:[^@]*@postgres:5432\/sepakat$/);
      expect(sepakat.depends_on).toEqual({
        eventstore: expect.objectContaining({ condition: 'service_healthy' }),
        postgres: expect.objectContaining({ condition: 'service_healthy' }),
      });
      expect(ports(sepakat)).toContain(':3000:3000');
      expect(mounts(sepakat)).toContain('sepakat-data:/var/lib/sepakat');
    });

    it('passes AUTH_JWT_SECRET through when set, and lets the service generate one when not', () => {
      expect(env(service(project, 'sepakat')).AUTH_JWT_SECRET ?? '').toBe('');
      expect(env(service(config(SINGLE, { AUTH_JWT_SECRET: SECRET }), 'sepakat')).AUTH_JWT_SECRET).toBe(SECRET);
    }, 60_000);
  });

  describe(CLUSTER, () => {
    let project: Project;
    beforeAll(() => {
      project = config(CLUSTER, { AUTH_JWT_SECRET: SECRET });
    }, 60_000);

    const nodes = ['node1', 'node2', 'node3'];

    it('runs a three-node cluster that finds itself through gossip seeds, each node with its own volumes', () => {
      const volumes = new Set<string>();
      for (const name of nodes) {
        const node = service(project, name);
        expect(node.image).toMatch(/kurrentdb|eventstore/);
        expect(env(node)).toEqual(
          expect.objectContaining({
            KURRENTDB_INSECURE: 'true',
            KURRENTDB_CLUSTER_SIZE: '3',
            KURRENTDB_DISCOVER_VIA_DNS: 'false',
            KURRENTDB_RUN_PROJECTIONS: 'None',
            KURRENTDB_NODE_HOST_ADVERTISE_AS: name,
            KURRENTDB_REPLICATION_HOST_ADVERTISE_AS: name,
          }),
        );
        const seeds = (env(node).KURRENTDB_GOSSIP_SEED ?? '').split(',').sort();
        expect(seeds).toEqual(nodes.filter((other) => other !== name).map((other) => `${other}:2113`));
        expect(healthTest(node)).toContain('/health/live');
        for (const mount of mounts(node)) volumes.add(mount.split(':')[0]);
      }
      expect(volumes.size).toBe(2 * nodes.length);
    });

    it('runs two replicas of the service on the cluster, sharing one read-model database', () => {
      const replicas = builtServices(project);
      expect(replicas.map(([name]) => name).sort()).toEqual(['sepakat-1', 'sepakat-2']);
      for (const [, replica] of replicas) {
        expectServiceImage(replica);
        const { hosts, params } = connectionString(env(replica).EVENTSTORE_CONNECTION_STRING);
        expect(hosts).toEqual(nodes.map((node) => `${node}:2113`));
        expect(params.get('tls')).toBe('false');
        expect(params.get('nodePreference')).toBe('leader');
        expect(Object.keys(replica.depends_on ?? {}).sort()).toEqual([...nodes, 'postgres']);
        for (const dependency of Object.values(replica.depends_on ?? {})) expect(dependency.condition).toBe('service_healthy');
        expect(env(replica).AUTH_JWT_SECRET).toBe(SECRET);
      }
      const urls = new Set(replicas.map(([, replica]) => env(replica).READ_MODEL_URL));
      expect(urls.size).toBe(1);
      expect([...urls][0]).toMatch(/@postgres:5432\//);
      expect(healthTest(service(project, 'postgres'))).toContain('pg_isready');
      // Reached only from the host itself: everyone else goes through the balancer (whose one hop the replicas trust).
      expect(replicas.flatMap(([, replica]) => ports(replica)).sort()).toEqual(['127.0.0.1:3001:3000', '127.0.0.1:3002:3000']);
    });

    it('puts an nginx balancer in front of both replicas, with the live feed unbuffered, and the replicas trusting it', () => {
      const balancer = service(project, 'balancer');
      expect(balancer.image).toMatch(/^nginx:/);
      expect(ports(balancer)).toEqual([':3000:80']);
      expect(mounts(balancer)).toEqual([expect.stringMatching(/docker\/nginx\/sepakat\.conf:\/etc\/nginx\/conf\.d\/default\.conf/)]);
      expect(balancer.depends_on).toEqual({
        'sepakat-1': expect.objectContaining({ condition: 'service_healthy' }),
        'sepakat-2': expect.objectContaining({ condition: 'service_healthy' }),
      });
      const conf = readFileSync(join(ROOT, 'docker/nginx/sepakat.conf'), 'utf8');
      expect(conf).toMatch(/upstream sepakat \{[^}]*server sepakat-1:3000[^}]*server sepakat-2:3000/);
      const events = /location = \/events \{([^}]*)\}/.exec(conf)?.[1] ?? '';
      expect(events).toContain('proxy_buffering off;');
      expect(events).toMatch(/proxy_read_timeout 1h;/);
      // The address nginx saw, never a client's own header; the replicas trust that one hop only.
      expect(conf).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
      expect(conf).toMatch(/location = \/metrics \{\s*return 404;/);
      for (const [, replica] of builtServices(project)) expect(env(replica).TRUST_PROXY).toBe('1');
    });

    it('keeps its volumes apart from those of compose.yml', () => {
      const single = config(SINGLE);
      const names = (p: Project) => Object.values(p.volumes ?? {}).map((volume) => volume?.name);
      const clusterNames = names(project);
      expect(clusterNames.every((name) => typeof name === 'string')).toBe(true);
      expect(clusterNames.filter((name) => names(single).includes(name))).toEqual([]);
    }, 60_000);

    it('refuses to start without AUTH_JWT_SECRET, which both replicas must share', () => {
      const result = run(CLUSTER, ['config', '-q'], {});
      expect(result.status).not.toBe(0);
      expect(`${result.stderr}${result.stdout}`).toContain('AUTH_JWT_SECRET');
    }, 60_000);
  });
});
