import { join } from 'node:path';
import { ConfigurationError, loadConfig } from '../../../src/infrastructure/config/app-config';

describe('configuration from the environment', () => {
  it('defaults to the embedded SQLite store in ./data, power-loss safe, on 127.0.0.1:3000', () => {
    expect(loadConfig({}, '/srv/sepakat')).toEqual({
      eventStore: { kind: 'sqlite', filename: join('/srv/sepakat/data', 'events.db'), synchronous: 'full' },
      readModel: { kind: 'sqlite', filename: join('/srv/sepakat/data', 'read-models.db') },
      auth: {
        mode: 'embedded',
        secret: undefined,
        claims: { subject: 'sub', name: 'name', agency: 'agency', roles: 'roles' },
        rateLimitPerMinute: 1200,
      },
      dataDir: '/srv/sepakat/data',
      http: { host: '127.0.0.1', port: 3000, bodyLimitBytes: 65536, trustProxy: false },
      logLevel: 'log',
      logFormat: 'text',
      readiness: { maxLagMs: 2000 },
      tracing: { export: false },
      metrics: {},
      scheduler: { intervalMs: 60_000, reminderLeadDays: [90, 30, 7], stepOverdueDays: { review: 30, signing: 14 } },
      notifications: {
        pollMs: 1_000,
        maxAttempts: 10,
        retryBaseMs: 30_000,
        retryMaxMs: 3_600_000,
        concurrency: 64,
        perTarget: 8,
        webhookTimeoutMs: 10_000,
        allowLoopback: false,
        emailFrom: 'sepakat <sepakat@localhost>',
      },
    });
  });

  it('sends notifications as configured: email only with SMTP_URL, loopback webhooks only when allowed', () => {
    const base = { DATA_DIR: '/srv/sepakat/data' };
    expect(
      loadConfig({
        ...base,
        NOTIFICATION_POLL_MS: '0',
        NOTIFICATION_MAX_ATTEMPTS: '5',
        NOTIFICATION_CONCURRENCY: '4',
        NOTIFICATION_PER_TARGET: '16',
        WEBHOOK_ALLOW_LOOPBACK: 'true',
        SMTP_URL: 'smtp://mail.kemendesa.go.id:587',
        EMAIL_FROM: 'sepakat <sepakat@kemendesa.go.id>',
        PUBLIC_URL: 'https://sepakat.kemendesa.go.id',
      }).notifications,
    ).toMatchObject({
      pollMs: 0,
      maxAttempts: 5,
      concurrency: 4,
      // Never more per receiver than in all.
      perTarget: 4,
      allowLoopback: true,
      smtpUrl: 'smtp://mail.kemendesa.go.id:587',
      emailFrom: 'sepakat <sepakat@kemendesa.go.id>',
      publicUrl: 'https://sepakat.kemendesa.go.id',
    });
    for (const [name, value, message] of [
      ['SMTP_URL', 'http://mail.example.go.id', /SMTP_URL must be an SMTP URL/],
      ['WEBHOOK_ALLOW_LOOPBACK', 'yes', /WEBHOOK_ALLOW_LOOPBACK must be true or false/],
      ['NOTIFICATION_MAX_ATTEMPTS', '0', /NOTIFICATION_MAX_ATTEMPTS must be a whole number from 1 to 50/],
      ['WEBHOOK_TIMEOUT_MS', '10', /WEBHOOK_TIMEOUT_MS must be/],
      ['PUBLIC_URL', 'sepakat', /PUBLIC_URL must be/],
    ] as const) {
      expect(() => loadConfig({ ...base, [name]: value })).toThrow(message);
    }
  });

  it('runs the scheduler every SCHEDULER_INTERVAL_MS (0: not in this replica), and starts a shifted clock at CLOCK_START', () => {
    const base = { DATA_DIR: '/srv/sepakat/data' };
    expect(loadConfig({ ...base, SCHEDULER_INTERVAL_MS: '0' }).scheduler.intervalMs).toBe(0);
    expect(
      loadConfig({ ...base, SCHEDULER_INTERVAL_MS: '5000', SCHEDULER_REMINDER_DAYS: '60,14,1', STEP_OVERDUE_DAYS: 'signing=7' }).scheduler,
    ).toEqual({ intervalMs: 5000, reminderLeadDays: [60, 14, 1], stepOverdueDays: { review: 30, signing: 7 } });
    expect(loadConfig({ ...base, STEP_OVERDUE_DAYS: 'review=10,signing=5' }).scheduler.stepOverdueDays).toEqual({ review: 10, signing: 5 });
    for (const bad of ['review=0', 'review=30;signing=14', 'drafting=3', 'review=', 'review=9999']) {
      expect(() => loadConfig({ ...base, STEP_OVERDUE_DAYS: bad })).toThrow('STEP_OVERDUE_DAYS must give days (1 to 3650)');
    }
    for (const bad of ['0', '90,,7', '90;30', '-7', '4000', 'ninety']) {
      expect(() => loadConfig({ ...base, SCHEDULER_REMINDER_DAYS: bad })).toThrow(
        'SCHEDULER_REMINDER_DAYS must be up to ten whole numbers',
      );
    }
    expect(() => loadConfig({ ...base, SCHEDULER_INTERVAL_MS: '-1' })).toThrow('SCHEDULER_INTERVAL_MS must be a whole number');
    expect(() => loadConfig({ ...base, SCHEDULER_INTERVAL_MS: '86400001' })).toThrow('SCHEDULER_INTERVAL_MS must be a whole number');
    expect(loadConfig(base).clockStart).toBeUndefined();
    expect(loadConfig({ ...base, CLOCK_START: '2024-12-31T23:55:00+07:00' }).clockStart).toEqual(new Date('2024-12-31T16:55:00Z'));
    expect(loadConfig({ ...base, CLOCK_START: '2024-12-31T16:55:00Z' }).clockStart).toEqual(new Date('2024-12-31T16:55:00Z'));
    // Without its offset the instant would depend on the machine's zone.
    expect(() => loadConfig({ ...base, CLOCK_START: '2024-12-31T23:55:00' })).toThrow('CLOCK_START must be an instant with its offset');
    expect(() => loadConfig({ ...base, CLOCK_START: 'tomorrow' })).toThrow('CLOCK_START must be an instant with its offset');
    expect(() => loadConfig({ ...base, CLOCK_START: '2024-13-45T00:00:00Z' })).toThrow('CLOCK_START must be a real instant');
  });

  it('reads the operator’s settings: JSON logs in production, the readiness bound, the scrape token, the trusted proxies', () => {
    const base = { DATA_DIR: '/srv/sepakat/data' };
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ ...base, NODE_ENV: 'production', LOG_FORMAT: 'text' }).logFormat).toBe('text');
    expect(loadConfig({ ...base, HEALTH_READY_MAX_LAG_MS: '500' }).readiness).toEqual({ maxLagMs: 500 });
    expect(loadConfig({ ...base, METRICS_TOKEN: 'a-scrape-token-of-32-characters!' }).metrics).toEqual({
      token: 'a-scrape-token-of-32-characters!',
    });
    expect(loadConfig({ ...base, TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ ...base, TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).http.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ ...base, LOG_FORMAT: 'xml' })).toThrow(
      'LOG_FORMAT must be json (one JSON object a line) or text (readable lines)',
    );
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN must be at least 16 characters');
    expect(() => loadConfig({ ...base, HEALTH_READY_MAX_LAG_MS: '-1' })).toThrow(
      'HEALTH_READY_MAX_LAG_MS must be a whole number of milliseconds from 0 to 60000',
    );
    expect(() => loadConfig({ ...base, TRUST_PROXY: 'everyone' })).toThrow('TRUST_PROXY must be true, false, a number of proxy hops');
  });

  it('verifies tokens of an OIDC issuer when one is named, with configurable claim names', () => {
    const config = loadConfig({
      AUTH_OIDC_ISSUER: 'https://sso.example.go.id/realms/pemerintah',
      AUTH_OIDC_AUDIENCE: 'sepakat-api',
      AUTH_CLAIM_ROLES: 'realm_access.roles',
      AUTH_CLAIM_AGENCY: 'kode_instansi',
    });

    expect(config.auth).toEqual({
      mode: 'oidc',
      issuer: 'https://sso.example.go.id/realms/pemerintah',
      audience: 'sepakat-api',
      jwksUrl: undefined,
      jwksCooldownMs: 30000,
      clientId: undefined,
      scope: 'openid profile',
      claims: { subject: 'sub', name: 'name', agency: 'kode_instansi', roles: 'realm_access.roles' },
      rateLimitPerMinute: 1200,
    });
  });

  it("takes the web app's OIDC client id and scopes, and refuses scopes without openid", () => {
    const oidc = { AUTH_OIDC_ISSUER: 'https://sso.example.go.id/realms/pemerintah', AUTH_OIDC_AUDIENCE: 'sepakat-api' };

    expect(loadConfig({ ...oidc, AUTH_OIDC_CLIENT_ID: 'sepakat-web', AUTH_OIDC_SCOPE: 'profile openid email' }).auth).toMatchObject({
      clientId: 'sepakat-web',
      scope: 'profile openid email',
    });
    expect(() => loadConfig({ ...oidc, AUTH_OIDC_SCOPE: 'profile email' })).toThrow(
      /AUTH_OIDC_SCOPE must be space-separated scopes that include openid/,
    );
    expect(() => loadConfig({ ...oidc, AUTH_OIDC_SCOPE: 'openid  profile' })).toThrow(/AUTH_OIDC_SCOPE/);
    expect(() => loadConfig({ ...oidc, AUTH_OIDC_SCOPE: 'openidx' })).toThrow(/AUTH_OIDC_SCOPE/);
    expect(() => loadConfig({ ...oidc, AUTH_OIDC_CLIENT_ID: 'sepakat\u0000web' })).toThrow(
      /AUTH_OIDC_CLIENT_ID must be the public client id/,
    );
  });

  it('refuses an OIDC issuer without an audience, a short secret and a malformed issuer', () => {
    expect(() => loadConfig({ AUTH_OIDC_ISSUER: 'https://sso.example.go.id' })).toThrow(/AUTH_OIDC_AUDIENCE is required/);
    expect(() => loadConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/AUTH_JWT_SECRET must be at least 32 characters/);
    expect(() => loadConfig({ AUTH_OIDC_ISSUER: 'sso', AUTH_OIDC_AUDIENCE: 'x' })).toThrow(/AUTH_OIDC_ISSUER must be the issuer URL/);
    expect(() => loadConfig({ HTTP_BODY_LIMIT_BYTES: '12' })).toThrow(/HTTP_BODY_LIMIT_BYTES/);
  });

  it('uses EventStoreDB with a connection string, single node or cluster, and refuses it without one', () => {
    const single = loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false' }, '/srv');
    const cluster = loadConfig({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://admin:changeit@node1:2113,node2:2113,node3:2113?tls=true&nodePreference=leader',
    });

    expect(single.eventStore).toEqual({ kind: 'eventstoredb', connectionString: 'esdb://eventstore:2113?tls=false' });
    expect(single.readModel).toEqual({ kind: 'sqlite', filename: join('/srv/data', 'read-models.db') });
    expect(cluster.eventStore).toMatchObject({ kind: 'eventstoredb' });
    expect(
      loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb+discover://cluster.example:2113' }).eventStore,
    ).toMatchObject({
      kind: 'eventstoredb',
    });
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING is required with EVENT_STORE=eventstoredb/,
    );
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://node1:2113' })).toThrow(
      /EVENTSTORE_CONNECTION_STRING is required with EVENT_STORE=eventstoredb: esdb:\/\//,
    );
  });

  it('takes what is set, treating empty values as unset', () => {
    const config = loadConfig(
      { EVENT_STORE: 'memory', DATA_DIR: '/var/lib/sepakat', PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: '', SQLITE_SYNCHRONOUS: 'normal' },
      '/srv',
    );

    expect(config).toMatchObject({ eventStore: { kind: 'memory' }, dataDir: '/var/lib/sepakat', http: { host: '0.0.0.0', port: 8080 } });
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'normal' }).eventStore).toMatchObject({ synchronous: 'normal' });
    expect(config.readModel).toEqual({ kind: 'sqlite', filename: ':memory:' });
    expect(loadConfig({ READ_MODEL_URL: 'postgres://sepakat@db:5432/sepakat', READ_MODEL_SCHEMA: 'read_models' }).readModel).toEqual({
      kind: 'postgres',
      url: 'postgres://sepakat@db:5432/sepakat',
      schema: 'read_models',
    });
    expect(() => loadConfig({ READ_MODEL_URL: 'mysql://x' })).toThrow(/READ_MODEL_URL must be a PostgreSQL URL/);
  });

  it('refuses bad values with one clear line per variable', () => {
    const attempt = () => loadConfig({ EVENT_STORE: 'postgres', PORT: '70000', SQLITE_SYNCHRONOUS: 'off' });

    expect(attempt).toThrow(ConfigurationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigurationError).problems).toEqual([
        'EVENT_STORE must be one of sqlite, eventstoredb, memory (got "postgres")',
        'PORT must be a whole number from 0 to 65535 (got "70000")',
        expect.stringMatching(/^SQLITE_SYNCHRONOUS must be full .* \(got "off"\)$/),
      ]);
    }
    expect(() => loadConfig({ PORT: '80abc' })).toThrow('PORT must be a whole number from 0 to 65535 (got "80abc")');
  });
});
