import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL the tests use: the server on 127.0.0.1:5432, database `test` (trust auth). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL as it may appear in a message: without a password. */
const shownUrl = TEST_POSTGRES_URL.replace(/^(\w+:\/\/[^:/@]+):[^@/]*@/, '$1:***@');

const inCi = (): boolean => !['', '0', 'false'].includes((process.env.CI ?? '').toLowerCase());

let unreachable: string | null | undefined;

/**
 * Why PostgreSQL cannot be reached (null when it can), found once per test file. Synchronous, as
 * Jest builds `describe` blocks synchronously: a child process tries to connect.
 */
function whyUnreachable(): string | null {
  if (unreachable !== undefined) return unreachable;
  const probe = `
    const { Client } = require(process.argv[1]);
    const client = new Client({ connectionString: process.argv[2], connectionTimeoutMillis: 2000 });
    client.connect().then(
      () => client.end().then(() => process.exit(0)),
      (error) => { process.stderr.write(String(error.message || error)); process.exit(1); },
    );`;
  const result = spawnSync(process.execPath, ['-e', probe, require.resolve('pg'), TEST_POSTGRES_URL], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  unreachable =
    result.status === 0
      ? null
      : result.stderr.trim() || (result.error?.message ?? `the probe ended with ${String(result.status ?? result.signal)}`);
  return unreachable;
}

/**
 * A `describe` block that needs PostgreSQL ({@link TEST_POSTGRES_URL}). In CI (`CI` set) the tests
 * are required: an unreachable server fails the run. Elsewhere the block is skipped, and its name
 * and a line on stderr say why.
 */
export function describePostgres(name: string, body: () => void): void {
  const reason = whyUnreachable();
  if (reason === null) {
    describe(name, body);
    return;
  }
  if (inCi()) throw new Error(`PostgreSQL is required in CI but ${shownUrl} is unreachable: ${reason}`);
  process.stderr.write(
    `Skipping "${name}": PostgreSQL at ${shownUrl} is unreachable (${reason}); set TEST_POSTGRES_URL, or CI=true to require it\n`,
  );
  describe.skip(`${name} [skipped: PostgreSQL at ${shownUrl} is unreachable]`, body);
}

/** A fresh schema for one test, dropped afterwards. */
export function freshSchemaName(): string {
  return `sepakat_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
