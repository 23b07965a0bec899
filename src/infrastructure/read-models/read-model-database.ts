import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { StorableTextPlugin } from './storable-text.plugin';

/** The checkpoint table every projection shares: one row per projection version. */
export interface CheckpointTables {
  projection_checkpoints: { projection: string; position: string; updated_at: string };
}

export type ReadModelLocation =
  | { readonly kind: 'sqlite'; readonly filename: string }
  /** `schema`: the PostgreSQL schema the tables live in (created if missing; default `public`). */
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/**
 * Opens the read-model database: SQLite (its own file, not the event store's) or PostgreSQL.
 * Positions are stored as text so both dialects keep 64-bit values exactly. Every query's values
 * are made storable ({@link StorableTextPlugin}): a NUL in a stored event cannot stop a projection.
 */
export async function openReadModelDatabase<Tables>(location: ReadModelLocation): Promise<Kysely<Tables & CheckpointTables>> {
  const dialect =
    location.kind === 'sqlite'
      ? new SqliteDialect({
          database: async () => {
            const db = new Database(location.filename);
            db.pragma('journal_mode = WAL');
            db.pragma('synchronous = NORMAL');
            db.pragma('busy_timeout = 5000');
            return withStatementCache(db);
          },
        })
      : new PostgresDialect({ pool: await postgresPool(location.url, location.schema) });
  const db = new Kysely<Tables & CheckpointTables>({ dialect, plugins: [new StorableTextPlugin()] });
  await (db as unknown as Kysely<CheckpointTables>).schema
    .createTable('projection_checkpoints')
    .ifNotExists()
    .addColumn('projection', 'text', (c) => c.primaryKey())
    .addColumn('position', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  return db;
}

/** Prepared statements kept per connection: the projections and reads run the same few hundred SQL texts. */
const CACHED_STATEMENTS = 500;

/**
 * The SQLite connection as Kysely uses it, with each SQL text prepared once: Kysely prepares every
 * query it runs, and preparing costs as much as running the small statements a projection batch
 * is made of. One connection runs one statement at a time, so a prepared statement is never in
 * use twice. The least recently used is dropped past {@link CACHED_STATEMENTS}.
 */
function withStatementCache(db: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = db.prepare(sql);
        if (statements.size >= CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}

async function postgresPool(url: string, schema: string | undefined): Promise<Pool> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid PostgreSQL schema name ${schema}`);
  // The search path is a connection parameter, so every connection of the pool starts in the schema.
  const pool = new Pool({
    connectionString: url,
    max: 10,
    keepAlive: true,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection that breaks (PostgreSQL restarted) is reported here; without a listener it
  // would crash the process. The pool replaces it; a query on it fails and is answered as such.
  pool.on('error', (error) => new Logger('ReadModels').warn(`a PostgreSQL connection broke: ${error.message}`));
  if (schema !== undefined) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  return pool;
}
