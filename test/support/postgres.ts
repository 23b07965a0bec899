import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL the tests use: the server on 127.0.0.1:5432, database `test` (trust auth). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether PostgreSQL tests run here. In CI they are required: an unreachable server fails the
 * run. Elsewhere they are skipped with a message saying why.
 */
export async function postgresAvailable(): Promise<boolean> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${TEST_POSTGRES_URL} is unreachable: ${(error as Error).message}`);
    process.stderr.write(`Skipping PostgreSQL tests: ${TEST_POSTGRES_URL} is unreachable (${(error as Error).message})\n`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
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
