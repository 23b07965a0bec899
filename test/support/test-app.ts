import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/infrastructure/config/app-config';
import { temporaryDirectory, type TemporaryDirectory } from './temporary-directory';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly directory: TemporaryDirectory;
  close(): Promise<void>;
}

/** The whole service on a fresh data folder, ready for `app.inject()`. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const directory = await temporaryDirectory();
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, DATA_DIR: directory.path });
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    directory,
    close: async () => {
      await app.close();
      await directory.remove();
    },
  };
}
