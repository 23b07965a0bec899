import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { ConfigurationError, loadConfig } from './infrastructure/config/app-config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  new Logger('sepakat').log(`Listening on http://${config.http.host}:${config.http.port} (data in ${config.dataDir})`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`sepakat: ${error.message}\n`);
  } else {
    process.stderr.write(`sepakat: failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
