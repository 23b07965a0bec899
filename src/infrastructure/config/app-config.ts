import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { ESDB_CONNECTION_STRING, ESDB_CONNECTION_STRING_EXAMPLE } from '../event-store/eventstoredb/connection-string';
import type { SqliteSynchronous } from '../event-store/sqlite/sqlite-event-store';
import { tracingRequested, type TracingConfig } from '../tracing/tracing-config';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';

const EVENT_STORES = ['sqlite', 'eventstoredb', 'memory'] as const;
const SYNCHRONOUS: readonly SqliteSynchronous[] = ['full', 'normal'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
/** Scope tokens (RFC 6749 §3.3) separated by single spaces, `openid` one of them (OpenID Connect Core §3.1.2.1). */
const OIDC_SCOPE = /^(?=(.* )?openid( |$))[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/;

export type EventStoreKind = (typeof EVENT_STORES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where events are stored, resolved from the environment. */
export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly filename: string; readonly synchronous: SqliteSynchronous }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string }
  | { readonly kind: 'memory' };

/** Names of the token claims that carry the actor; dotted paths reach nested claims (`realm_access.roles`). */
export interface ClaimNames {
  readonly subject: string;
  readonly name: string;
  readonly agency: string;
  readonly roles: string;
}

/**
 * How bearer tokens are verified: the embedded HS256 secret (from `AUTH_JWT_SECRET`, or generated
 * into `DATA_DIR` on first start), or an OIDC issuer's JWKS (RS256/ES256).
 */
export type AuthConfig = {
  readonly claims: ClaimNames;
  /** Requests per minute on token-checked routes, per official (token subject), or per client address before a valid token; 0 switches limiting off. */
  readonly rateLimitPerMinute: number;
} & (
  | { readonly mode: 'embedded'; readonly secret: string | undefined }
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly audience: string;
      readonly jwksUrl: string | undefined;
      /** The least time between two fetches of the JWKS when a token names an unknown key (`kid`). */
      readonly jwksCooldownMs: number;
      /** The web app's public client id at the issuer; unset, the API still works but the browser cannot sign in. */
      readonly clientId: string | undefined;
      /** Scopes the web app asks the issuer for (space-separated, `openid` among them). */
      readonly scope: string;
    }
);

/** Where the read models live: a SQLite file of their own (default), in memory (with the memory store), or PostgreSQL. */
export type ReadModelConfig =
  { readonly kind: 'sqlite'; readonly filename: string } | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

export interface AppConfig {
  readonly eventStore: EventStoreConfig;
  readonly readModel: ReadModelConfig;
  readonly auth: AuthConfig;
  /** Absolute path of the folder that holds the embedded databases and generated secrets. */
  readonly dataDir: string;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    /** Fastify's `trustProxy`: whose `X-Forwarded-*` headers name the client (false: nobody's). */
    readonly trustProxy: boolean | number | string[];
  };
  /** `GET /health/ready`: how long the read model may take to reach the store's head before the replica is not ready. */
  readonly readiness: { readonly maxLagMs: number };
  /** `GET /metrics`: open to anyone who can reach the port, or only with `Authorization: Bearer <token>`. */
  readonly metrics: { readonly token?: string };
  readonly logLevel: LogLevel;
  /** `json`: one JSON object a line (pino), for production; `text`: Nest's readable lines, for development. */
  readonly logFormat: 'json' | 'text';
  /** Whether spans are exported, as the standard OTEL_* variables ask (README "Traces"). */
  readonly tracing: TracingConfig;
  /** Key material of the page cursors' HMAC; unset: derived from the embedded token secret. */
  readonly cursorSecret?: string;
  /**
   * The deadline scheduler: how often a pass looks for what is due (0: never, in this replica), and
   * how many days before the notice deadline and the expiry the parties are reminded.
   */
  readonly scheduler: {
    readonly intervalMs: number;
    readonly reminderLeadDays: readonly number[];
    /** How many days a review and a signing may wait before they are overdue. */
    readonly stepOverdueDays: { readonly review: number; readonly signing: number };
  };
  /** `CLOCK_START`: the service's clock starts at this instant and runs on from it (demos, rehearsals). */
  readonly clockStart?: Date;
  /** Webhooks and email: how the outbox is sent (README, "Notifications"). */
  readonly notifications: {
    readonly pollMs: number;
    readonly maxAttempts: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    readonly concurrency: number;
    readonly perTarget: number;
    readonly webhookTimeoutMs: number;
    readonly allowLoopback: boolean;
    /** Unset: no email is sent, and no recipient can be added. */
    readonly smtpUrl?: string;
    readonly emailFrom: string;
    readonly publicUrl?: string;
  };
}

/** An instant with an explicit offset (`Z` or `+07:00`): a shifted clock must not depend on the machine's zone. */
const CLOCK_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The environment variables the service reads, with their defaults and rules. */
class EnvironmentVariables {
  @IsIn(EVENT_STORES, { message: `EVENT_STORE must be one of ${EVENT_STORES.join(', ')}` })
  EVENT_STORE: string = 'sqlite';

  @ValidateIf((env: EnvironmentVariables) => env.EVENT_STORE === 'eventstoredb' || env.EVENTSTORE_CONNECTION_STRING !== undefined)
  @Matches(ESDB_CONNECTION_STRING, {
    message: `EVENTSTORE_CONNECTION_STRING is required with EVENT_STORE=eventstoredb: ${ESDB_CONNECTION_STRING_EXAMPLE}`,
  })
  EVENTSTORE_CONNECTION_STRING?: string = undefined;

  @IsString()
  @IsNotEmpty({ message: 'DATA_DIR must name a folder' })
  DATA_DIR: string = './data';

  @Transform(toWholeNumber)
  @IsInt({ message: 'PORT must be a whole number from 0 to 65535' })
  @Min(0, { message: 'PORT must be a whole number from 0 to 65535' })
  @Max(65535, { message: 'PORT must be a whole number from 0 to 65535' })
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty({ message: 'HOST must name an interface address, e.g. 127.0.0.1 or 0.0.0.0' })
  HOST: string = '127.0.0.1';

  @IsIn(SYNCHRONOUS, {
    message: 'SQLITE_SYNCHRONOUS must be full (power-loss safe, the default) or normal (faster, may lose the last commits on power loss)',
  })
  SQLITE_SYNCHRONOUS: string = 'full';

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: string = 'log';

  @IsOptional()
  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json (one JSON object a line) or text (readable lines)' })
  LOG_FORMAT?: string = undefined;

  @IsOptional()
  @IsString()
  NODE_ENV?: string = undefined;

  @Transform(toWholeNumber)
  @IsInt({ message: 'HTTP_BODY_LIMIT_BYTES must be a whole number of bytes from 1024 to 10485760' })
  @Min(1024, { message: 'HTTP_BODY_LIMIT_BYTES must be a whole number of bytes from 1024 to 10485760' })
  @Max(10 * 1024 * 1024, { message: 'HTTP_BODY_LIMIT_BYTES must be a whole number of bytes from 1024 to 10485760' })
  HTTP_BODY_LIMIT_BYTES: number = 64 * 1024;

  @Transform(toWholeNumber)
  @IsInt({ message: 'HEALTH_READY_MAX_LAG_MS must be a whole number of milliseconds from 0 to 60000' })
  @Min(0, { message: 'HEALTH_READY_MAX_LAG_MS must be a whole number of milliseconds from 0 to 60000' })
  @Max(60_000, { message: 'HEALTH_READY_MAX_LAG_MS must be a whole number of milliseconds from 0 to 60000' })
  HEALTH_READY_MAX_LAG_MS: number = 2000;

  @IsOptional()
  @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges',
  })
  TRUST_PROXY?: string = undefined;

  @ValidateIf((env: EnvironmentVariables) => env.METRICS_TOKEN !== undefined)
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters (it is the scraper’s password)' })
  METRICS_TOKEN?: string = undefined;

  @IsOptional()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (leave it unset to have one generated)' })
  AUTH_JWT_SECRET?: string = undefined;

  @IsOptional()
  @MinLength(32, {
    message: 'CURSOR_SECRET must be at least 32 characters (leave it unset to derive the cursor key from the token secret)',
  })
  CURSOR_SECRET?: string = undefined;

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['https', 'http'], require_protocol: true },
    { message: 'AUTH_OIDC_ISSUER must be the issuer URL, e.g. https://sso.example.go.id/realms/pemerintah' },
  )
  AUTH_OIDC_ISSUER?: string = undefined;

  @ValidateIf((env: EnvironmentVariables) => env.AUTH_OIDC_ISSUER !== undefined)
  @IsNotEmpty({ message: 'AUTH_OIDC_AUDIENCE is required with AUTH_OIDC_ISSUER: the audience (client id) tokens must be issued for' })
  AUTH_OIDC_AUDIENCE?: string = undefined;

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['https', 'http'], require_protocol: true },
    { message: 'AUTH_OIDC_JWKS_URL must be a URL (leave it unset to discover it from the issuer)' },
  )
  AUTH_OIDC_JWKS_URL?: string = undefined;

  @Transform(toWholeNumber)
  @IsInt({ message: 'AUTH_OIDC_JWKS_COOLDOWN_MS must be a whole number of milliseconds from 0 to 600000' })
  @Min(0, { message: 'AUTH_OIDC_JWKS_COOLDOWN_MS must be a whole number of milliseconds from 0 to 600000' })
  @Max(600_000, { message: 'AUTH_OIDC_JWKS_COOLDOWN_MS must be a whole number of milliseconds from 0 to 600000' })
  AUTH_OIDC_JWKS_COOLDOWN_MS: number = 30_000;

  @IsOptional()
  @Matches(/^[\x20-\x7e]+$/, { message: 'AUTH_OIDC_CLIENT_ID must be the public client id of the web app at the issuer (printable ASCII)' })
  AUTH_OIDC_CLIENT_ID?: string = undefined;

  @Matches(OIDC_SCOPE, { message: 'AUTH_OIDC_SCOPE must be space-separated scopes that include openid, e.g. "openid profile"' })
  AUTH_OIDC_SCOPE: string = 'openid profile';

  @IsNotEmpty() AUTH_CLAIM_SUBJECT: string = 'sub';
  @IsNotEmpty() AUTH_CLAIM_NAME: string = 'name';
  @IsNotEmpty() AUTH_CLAIM_AGENCY: string = 'agency';
  @IsNotEmpty() AUTH_CLAIM_ROLES: string = 'roles';

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['postgres', 'postgresql'], require_protocol: true },
    { message: 'READ_MODEL_URL must be a PostgreSQL URL, e.g. postgres://user@host:5432/sepakat (leave it unset for SQLite in DATA_DIR)' },
  )
  READ_MODEL_URL?: string = undefined;

  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'READ_MODEL_SCHEMA must be a lower-case PostgreSQL schema name' })
  READ_MODEL_SCHEMA?: string = undefined;

  @Transform(toWholeNumber)
  @IsInt({ message: 'AUTH_RATE_LIMIT_PER_MINUTE must be a whole number (0 switches rate limiting off)' })
  @Min(0, { message: 'AUTH_RATE_LIMIT_PER_MINUTE must be a whole number (0 switches rate limiting off)' })
  AUTH_RATE_LIMIT_PER_MINUTE: number = 1200;

  @Transform(toWholeNumber)
  @IsInt({ message: 'SCHEDULER_INTERVAL_MS must be a whole number of milliseconds from 0 (off) to 86400000' })
  @Min(0, { message: 'SCHEDULER_INTERVAL_MS must be a whole number of milliseconds from 0 (off) to 86400000' })
  @Max(86_400_000, { message: 'SCHEDULER_INTERVAL_MS must be a whole number of milliseconds from 0 (off) to 86400000' })
  SCHEDULER_INTERVAL_MS: number = 60_000;

  @Matches(/^\d{1,4}(,\d{1,4}){0,9}$/, {
    message: 'SCHEDULER_REMINDER_DAYS must be up to ten whole numbers of days from 1 to 3650, comma-separated, e.g. 90,30,7',
  })
  SCHEDULER_REMINDER_DAYS: string = '90,30,7';

  @Matches(/^(review|signing)=\d{1,4}(,(review|signing)=\d{1,4})?$/, {
    message: 'STEP_OVERDUE_DAYS must give days (1 to 3650) for review and signing, e.g. review=30,signing=14',
  })
  STEP_OVERDUE_DAYS: string = 'review=30,signing=14';

  @Transform(toWholeNumber)
  @IsInt({ message: 'NOTIFICATION_POLL_MS must be a whole number of milliseconds from 0 (off) to 600000' })
  @Min(0, { message: 'NOTIFICATION_POLL_MS must be a whole number of milliseconds from 0 (off) to 600000' })
  @Max(600_000, { message: 'NOTIFICATION_POLL_MS must be a whole number of milliseconds from 0 (off) to 600000' })
  NOTIFICATION_POLL_MS: number = 1_000;

  @Transform(toWholeNumber)
  @IsInt({ message: 'NOTIFICATION_MAX_ATTEMPTS must be a whole number from 1 to 50' })
  @Min(1, { message: 'NOTIFICATION_MAX_ATTEMPTS must be a whole number from 1 to 50' })
  @Max(50, { message: 'NOTIFICATION_MAX_ATTEMPTS must be a whole number from 1 to 50' })
  NOTIFICATION_MAX_ATTEMPTS: number = 10;

  @Transform(toWholeNumber)
  @IsInt({ message: 'NOTIFICATION_RETRY_BASE_MS must be a whole number of milliseconds from 1 to 3600000' })
  @Min(1, { message: 'NOTIFICATION_RETRY_BASE_MS must be a whole number of milliseconds from 1 to 3600000' })
  @Max(3_600_000, { message: 'NOTIFICATION_RETRY_BASE_MS must be a whole number of milliseconds from 1 to 3600000' })
  NOTIFICATION_RETRY_BASE_MS: number = 30_000;

  @Transform(toWholeNumber)
  @IsInt({ message: 'NOTIFICATION_RETRY_MAX_MS must be a whole number of milliseconds from 1 to 86400000' })
  @Min(1, { message: 'NOTIFICATION_RETRY_MAX_MS must be a whole number of milliseconds from 1 to 86400000' })
  @Max(86_400_000, { message: 'NOTIFICATION_RETRY_MAX_MS must be a whole number of milliseconds from 1 to 86400000' })
  NOTIFICATION_RETRY_MAX_MS: number = 3_600_000;

  @Transform(toWholeNumber)
  @IsInt({ message: 'NOTIFICATION_CONCURRENCY must be a whole number from 1 to 1024' })
  @Min(1, { message: 'NOTIFICATION_CONCURRENCY must be a whole number from 1 to 1024' })
  @Max(1024, { message: 'NOTIFICATION_CONCURRENCY must be a whole number from 1 to 1024' })
  NOTIFICATION_CONCURRENCY: number = 64;

  @Transform(toWholeNumber)
  @IsInt({ message: 'NOTIFICATION_PER_TARGET must be a whole number from 1 to 1024' })
  @Min(1, { message: 'NOTIFICATION_PER_TARGET must be a whole number from 1 to 1024' })
  @Max(1024, { message: 'NOTIFICATION_PER_TARGET must be a whole number from 1 to 1024' })
  NOTIFICATION_PER_TARGET: number = 8;

  @Transform(toWholeNumber)
  @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000' })
  @Min(100, { message: 'WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000' })
  @Max(120_000, { message: 'WEBHOOK_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000' })
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  @IsIn(['true', 'false'], { message: 'WEBHOOK_ALLOW_LOOPBACK must be true or false (true only for tests and local receivers)' })
  WEBHOOK_ALLOW_LOOPBACK: string = 'false';

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true },
    { message: 'SMTP_URL must be an SMTP URL, e.g. smtp://user:password@mail.example.go.id:587 (leave it unset to send no email)' },
  )
  SMTP_URL?: string = undefined;

  @IsNotEmpty({ message: 'EMAIL_FROM must name the sender, e.g. "sepakat <sepakat@kemendesa.go.id>"' })
  EMAIL_FROM: string = 'sepakat <sepakat@localhost>';

  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['https', 'http'], require_protocol: true },
    { message: 'PUBLIC_URL must be where users open the service, e.g. https://sepakat.kemendesa.go.id (emails link to it)' },
  )
  PUBLIC_URL?: string = undefined;

  @IsOptional()
  @Matches(CLOCK_START, {
    message: 'CLOCK_START must be an instant with its offset, e.g. 2025-03-10T00:00:00+07:00 (leave it unset for the real time)',
  })
  CLOCK_START?: string = undefined;
}

/** `TRUST_PROXY` as Fastify takes it: unset or `false`: nobody; `true`: any; `2`: that many hops; else the proxies' addresses. */
function trustProxyOf(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',');
}

function toWholeNumber({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

/** The configuration is invalid; `problems` has one readable line per bad variable. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads and validates the configuration from environment variables. Unset or empty variables take
 * their defaults, which run the service on a fresh machine with nothing else installed.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd = process.cwd()): AppConfig {
  const given = Object.fromEntries(
    Object.keys(new EnvironmentVariables())
      .filter((name) => env[name] !== undefined && env[name] !== '')
      .map((name) => [name, env[name]!.trim()]),
  );
  const variables = plainToInstance(EnvironmentVariables, given);
  const errors = validateSync(variables, { forbidUnknownValues: true });
  if (errors.length > 0) {
    throw new ConfigurationError(
      errors.map((error) => {
        const messages = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
        return `${messages} (got ${JSON.stringify(given[error.property])})`;
      }),
    );
  }
  const reminderLeadDays = variables.SCHEDULER_REMINDER_DAYS.split(',').map(Number);
  if (reminderLeadDays.some((days) => days < 1 || days > 3650)) {
    throw new ConfigurationError([
      `SCHEDULER_REMINDER_DAYS must be up to ten whole numbers of days from 1 to 3650, comma-separated, e.g. 90,30,7 (got ${JSON.stringify(given.SCHEDULER_REMINDER_DAYS)})`,
    ]);
  }
  const stepOverdueDays = { review: 30, signing: 14 };
  for (const entry of variables.STEP_OVERDUE_DAYS.split(',')) {
    const [step, days] = entry.split('=') as ['review' | 'signing', string];
    stepOverdueDays[step] = Number(days);
  }
  if (stepOverdueDays.review < 1 || stepOverdueDays.signing < 1 || stepOverdueDays.review > 3650 || stepOverdueDays.signing > 3650) {
    throw new ConfigurationError([
      `STEP_OVERDUE_DAYS must give days (1 to 3650) for review and signing, e.g. review=30,signing=14 (got ${JSON.stringify(given.STEP_OVERDUE_DAYS)})`,
    ]);
  }
  if (variables.CLOCK_START !== undefined && Number.isNaN(Date.parse(variables.CLOCK_START))) {
    throw new ConfigurationError([
      `CLOCK_START must be a real instant, e.g. 2025-03-10T00:00:00+07:00 (got ${JSON.stringify(given.CLOCK_START)})`,
    ]);
  }
  const dataDir = isAbsolute(variables.DATA_DIR) ? variables.DATA_DIR : resolve(cwd, variables.DATA_DIR);
  const eventStore: EventStoreConfig =
    variables.EVENT_STORE === 'memory'
      ? { kind: 'memory' }
      : variables.EVENT_STORE === 'eventstoredb'
        ? { kind: 'eventstoredb', connectionString: variables.EVENTSTORE_CONNECTION_STRING! }
        : {
            kind: 'sqlite',
            filename: join(dataDir, 'events.db'),
            synchronous: variables.SQLITE_SYNCHRONOUS as SqliteSynchronous,
          };
  const claims: ClaimNames = {
    subject: variables.AUTH_CLAIM_SUBJECT,
    name: variables.AUTH_CLAIM_NAME,
    agency: variables.AUTH_CLAIM_AGENCY,
    roles: variables.AUTH_CLAIM_ROLES,
  };
  const rateLimitPerMinute = variables.AUTH_RATE_LIMIT_PER_MINUTE;
  const auth: AuthConfig = variables.AUTH_OIDC_ISSUER
    ? {
        mode: 'oidc',
        issuer: variables.AUTH_OIDC_ISSUER,
        audience: variables.AUTH_OIDC_AUDIENCE!,
        jwksUrl: variables.AUTH_OIDC_JWKS_URL,
        jwksCooldownMs: variables.AUTH_OIDC_JWKS_COOLDOWN_MS,
        clientId: variables.AUTH_OIDC_CLIENT_ID,
        scope: variables.AUTH_OIDC_SCOPE,
        claims,
        rateLimitPerMinute,
      }
    : { mode: 'embedded', secret: variables.AUTH_JWT_SECRET, claims, rateLimitPerMinute };
  const readModel: ReadModelConfig = variables.READ_MODEL_URL
    ? { kind: 'postgres', url: variables.READ_MODEL_URL, ...(variables.READ_MODEL_SCHEMA ? { schema: variables.READ_MODEL_SCHEMA } : {}) }
    : { kind: 'sqlite', filename: eventStore.kind === 'memory' ? ':memory:' : join(dataDir, 'read-models.db') };
  return {
    eventStore,
    readModel,
    auth,
    dataDir,
    http: {
      host: variables.HOST,
      port: variables.PORT,
      bodyLimitBytes: variables.HTTP_BODY_LIMIT_BYTES,
      trustProxy: trustProxyOf(variables.TRUST_PROXY),
    },
    readiness: { maxLagMs: variables.HEALTH_READY_MAX_LAG_MS },
    metrics: variables.METRICS_TOKEN === undefined ? {} : { token: variables.METRICS_TOKEN },
    logLevel: variables.LOG_LEVEL as LogLevel,
    // JSON in production unless asked otherwise; readable text elsewhere.
    tracing: { export: tracingRequested(env) },
    logFormat: (variables.LOG_FORMAT as 'json' | 'text' | undefined) ?? (variables.NODE_ENV === 'production' ? 'json' : 'text'),
    ...(variables.CURSOR_SECRET === undefined ? {} : { cursorSecret: variables.CURSOR_SECRET }),
    scheduler: { intervalMs: variables.SCHEDULER_INTERVAL_MS, reminderLeadDays, stepOverdueDays },
    ...(variables.CLOCK_START === undefined ? {} : { clockStart: new Date(variables.CLOCK_START) }),
    notifications: {
      pollMs: variables.NOTIFICATION_POLL_MS,
      maxAttempts: variables.NOTIFICATION_MAX_ATTEMPTS,
      retryBaseMs: variables.NOTIFICATION_RETRY_BASE_MS,
      retryMaxMs: Math.max(variables.NOTIFICATION_RETRY_MAX_MS, variables.NOTIFICATION_RETRY_BASE_MS),
      concurrency: variables.NOTIFICATION_CONCURRENCY,
      perTarget: Math.min(variables.NOTIFICATION_PER_TARGET, variables.NOTIFICATION_CONCURRENCY),
      webhookTimeoutMs: variables.WEBHOOK_TIMEOUT_MS,
      allowLoopback: variables.WEBHOOK_ALLOW_LOOPBACK === 'true',
      ...(variables.SMTP_URL === undefined ? {} : { smtpUrl: variables.SMTP_URL }),
      emailFrom: variables.EMAIL_FROM,
      ...(variables.PUBLIC_URL === undefined ? {} : { publicUrl: variables.PUBLIC_URL }),
    },
  };
}
