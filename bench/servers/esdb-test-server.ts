/**
 * The wire-level EventStoreDB test server in a process of its own, for the adapter benchmark, so
 * that the server does not share the adapter's event loop. Prints its connection string on stdout.
 */
import { startEsdbTestServer } from '../../test/support/esdb-test-server';

async function main(): Promise<void> {
  const server = await startEsdbTestServer();
  process.stdout.write(`${server.connectionString}\n`);
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

void main();
