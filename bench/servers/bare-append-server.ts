/**
 * Baseline of the command-path benchmark: a bare Fastify route that does only the SQLite append
 * the service would do for one command (one event of the same size, synchronous=FULL), with no
 * Nest, no token, no validation, no decision. Prints its URL on stdout.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';

async function main(): Promise<void> {
  const [filename] = process.argv.slice(2);
  const store = new SqliteEventStore({ filename: filename, synchronous: process.env.SQLITE_SYNCHRONOUS === 'normal' ? 'normal' : 'full' });
  const app = Fastify();
  app.post<{ Params: { stream: string }; Body: { type: string; data: Record<string, never>; metadata: Record<string, never> } }>(
    '/append/:stream',
    async (request) => {
      const { type, data, metadata } = request.body;
      const result = await store.append(`agreement-${request.params.stream}`, [{ id: randomUUID(), type, data, metadata }], {
        expectedRevision: 'any',
      });
      return { revision: Number(result.nextRevision), position: result.position.toString() };
    },
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${url}\n`);
  process.on(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => store.close())
        .then(() => process.exit(0)),
  );
}

void main();
