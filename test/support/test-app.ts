import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppOverrides } from '../../src/app.module';
import { createApp } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/infrastructure/config/app-config';
import { startEsdbTestServer } from './esdb-test-server';
import { temporaryDirectory, type TemporaryDirectory } from './temporary-directory';

/**
 * The Jest project `eventstoredb` sets this: every service a test starts then runs on
 * `EVENT_STORE=eventstoredb` against a wire-level EventStoreDB test server of its own.
 */
export const TEST_EVENT_STORE_VARIABLE = 'SEPAKAT_TEST_EVENT_STORE';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly directory: TemporaryDirectory;
  close(): Promise<void>;
}

/**
 * The whole service, ready for `app.inject()`: on a fresh data folder, or on `directory` (which
 * then outlives the service, so a test can reopen or tamper with its files).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  existing?: TemporaryDirectory,
  overrides: AppOverrides = {},
): Promise<TestApp> {
  const directory = existing ?? (await temporaryDirectory());
  const esdb =
    process.env[TEST_EVENT_STORE_VARIABLE] === 'eventstoredb' && env.EVENT_STORE === undefined ? await startEsdbTestServer() : undefined;
  const storeEnv = esdb ? { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: esdb.connectionString } : {};
  // The scheduler runs only where a test asks for it (SCHEDULER_INTERVAL_MS): elsewhere time would move agreements under the test;
  // so does the delivery of notifications (NOTIFICATION_POLL_MS).
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    SCHEDULER_INTERVAL_MS: '0',
    NOTIFICATION_POLL_MS: '0',
    ...storeEnv,
    ...env,
    DATA_DIR: directory.path,
  });
  const app = await createApp(config, overrides);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    directory,
    close: async () => {
      await app.close();
      await esdb?.stop();
      if (!existing) await directory.remove();
    },
  };
}
