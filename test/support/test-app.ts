import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppOverrides } from '../../src/app.module';
import { createApp } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/infrastructure/config/app-config';
import { temporaryDirectory, type TemporaryDirectory } from './temporary-directory';

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
export async function startTestApp(env: Record<string, string> = {}, existing?: TemporaryDirectory, overrides: AppOverrides = {}): Promise<TestApp> {
  const directory = existing ?? (await temporaryDirectory());
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, DATA_DIR: directory.path });
  const app = await createApp(config, overrides);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    directory,
    close: async () => {
      await app.close();
      if (!existing) await directory.remove();
    },
  };
}
