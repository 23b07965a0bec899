/**
 * The whole service in a process of its own, configured from the environment as `npm start` is
 * (DATA_DIR, EVENT_STORE, READ_MODEL_URL, ...), listening on a free port of 127.0.0.1: for tests
 * that run replicas side by side. Prints its URL on stdout; SIGTERM stops it gracefully.
 */
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/infrastructure/config/app-config';

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main().catch((error: unknown) => {
  process.stderr.write(`service-process: ${(error as Error).stack}\n`);
  process.exit(1);
});
