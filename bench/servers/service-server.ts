/**
 * The whole service for the command-path benchmark: SQLite event store (synchronous=FULL) in the
 * given folder, rate limiting off; the read model in PostgreSQL when READ_MODEL_URL is set. Prints
 * its URL on stdout.
 */
import { createApp } from '../../src/bootstrap';
import { loadConfig } from '../../src/infrastructure/config/app-config';

async function main(): Promise<void> {
  const [dataDir] = process.argv.slice(2);
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'error',
    AUTH_RATE_LIMIT_PER_MINUTE: '0',
    PORT: '0',
    SQLITE_SYNCHRONOUS: process.env.SQLITE_SYNCHRONOUS,
    READ_MODEL_URL: process.env.READ_MODEL_URL,
    READ_MODEL_SCHEMA: process.env.READ_MODEL_SCHEMA,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
