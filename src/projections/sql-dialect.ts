import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Which SQL the read-model database speaks, for the few statements Kysely does not build alike
 * on both (full-text search: an FTS5 virtual table on SQLite, a `tsvector` column on PostgreSQL).
 */
export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(db: Pick<Kysely<unknown>, 'getExecutor'>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
