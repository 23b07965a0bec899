import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import type { SqliteSynchronous } from '../event-store/sqlite/sqlite-event-store';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, Min, validateSync } from 'class-validator';

const EVENT_STORES = ['sqlite', 'memory'] as const;
const SYNCHRONOUS: readonly SqliteSynchronous[] = ['full', 'normal'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

export type EventStoreKind = (typeof EVENT_STORES)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Where events are stored, resolved from the environment. */
export type EventStoreConfig =
  | { readonly kind: 'sqlite'; readonly filename: string; readonly synchronous: SqliteSynchronous }
  | { readonly kind: 'memory' };

export interface AppConfig {
  readonly eventStore: EventStoreConfig;
  /** Absolute path of the folder that holds the embedded databases and generated secrets. */
  readonly dataDir: string;
  readonly http: { readonly host: string; readonly port: number };
  readonly logLevel: LogLevel;
}

/** The environment variables the service reads, with their defaults and rules. */
class EnvironmentVariables {
  @IsIn(EVENT_STORES, { message: `EVENT_STORE must be one of ${EVENT_STORES.join(', ')}` })
  EVENT_STORE: string = 'sqlite';

  @IsString()
  @IsNotEmpty({ message: 'DATA_DIR must name a folder' })
  DATA_DIR: string = './data';

  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
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
  const dataDir = isAbsolute(variables.DATA_DIR) ? variables.DATA_DIR : resolve(cwd, variables.DATA_DIR);
  const eventStore: EventStoreConfig =
    variables.EVENT_STORE === 'memory'
      ? { kind: 'memory' }
      : {
          kind: 'sqlite',
          filename: join(dataDir, 'events.db'),
          synchronous: variables.SQLITE_SYNCHRONOUS as SqliteSynchronous,
        };
  return {
    eventStore,
    dataDir,
    http: { host: variables.HOST, port: variables.PORT },
    logLevel: variables.LOG_LEVEL as LogLevel,
  };
}
