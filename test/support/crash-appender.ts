/**
 * Child process of the crash test: appends to a SQLite event store as fast as it can from several
 * concurrent appenders and writes one line per ACKNOWLEDGED append to stdout
 * (`ack <stream> <revision> <eventId>`). The test kills it with SIGKILL at an arbitrary moment.
 * Writes to a pipe are synchronous on Linux, so an acknowledged line is never lost with the process.
 */
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite/sqlite-event-store';

const [filename, appendersArg = '8'] = process.argv.slice(2);
if (!filename) throw new Error('usage: crash-appender FILE [APPENDERS]');
const store = new SqliteEventStore({ filename, synchronous: 'full' });

async function appender(index: number): Promise<never> {
  const stream = `agreement-${randomUUID()}`;
  let expected: bigint | 'no_stream' = 'no_stream';
  for (;;) {
    const batch = Array.from({ length: 1 + (index % 2) }, () => ({
      id: randomUUID(),
      type: 'SomethingHappened',
      data: { appender: index, at: Date.now() },
      metadata: { commandId: randomUUID() },
    }));
    const result = await store.append(stream, batch, { expectedRevision: expected });
    const firstRevision = result.nextRevision - BigInt(batch.length - 1);
    batch.forEach((event, offset) => {
      process.stdout.write(`ack ${stream} ${firstRevision + BigInt(offset)} ${event.id}\n`);
    });
    expected = result.nextRevision;
  }
}

process.stdout.write('ready\n');
for (let i = 0; i < Number(appendersArg); i += 1) void appender(i);
