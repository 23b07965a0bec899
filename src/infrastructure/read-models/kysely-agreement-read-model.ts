import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  EXPIRING_LIST_LIMIT,
  type AgreementDetail,
  type AgreementListFilter,
  type AgreementPage,
  type AgreementReadModel,
  type AgreementSummary,
  type DashboardSummary,
  type InboxCounts,
  type InboxItem,
  type InboxPage,
  type InboxViewer,
  type PhaseStatistics,
} from '../../application/ports/agreement-read-model.port';
import { rolesMask } from '../../domain/agreements/awaited-steps';
import { addDays } from '../../domain/agreements/calendar';
import { ALL_AGREEMENTS_SCOPE, ANY_ACTION } from '../../projections/agreements/agreements-v2.projection';
import { AGREEMENTS_TABLES_V2, type AgreementRowV2, type AgreementsTablesV2 } from '../../projections/agreements/agreements.tables';
import { searchWords } from '../../projections/agreements/search-text';
import { dialectOf, type SqlDialect } from '../../projections/sql-dialect';
import { versionedTableName, withVersionedTables } from '../../projections/versioned-tables';
import type { ProjectionRunner } from '../projections/projection-runner';
import { runnerStatus } from '../projections/projection-versions';
import type { CheckpointTables } from './read-model-database';
import { agreementSummary } from './agreement-summary';
import { decodeInboxCursor, decodeListCursor, decodeSearchCursor, inboxCursor, listCursor, searchCursor } from './read-model-cursors';

type Db = Kysely<AgreementsTablesV2 & CheckpointTables>;

/**
 * The agreements read model as `agreements@v2` and later keep it: every read on a user's path is
 * an index walk whose cost follows the page, not the number of agreements (BENCHMARKS.md):
 * - lists page by keyset on (created_at, id), through the party index for officials;
 * - `q` searches the full-text index (FTS5 / `tsvector`), by relevance;
 * - the inbox walks `work_queue` per role of the caller and merges;
 * - the dashboard reads counters, the phase histograms and the end-date indexes.
 */
export class KyselyAgreementReadModel implements AgreementReadModel {
  private readonly db: Db;
  private readonly dialect: SqlDialect;
  private readonly table: (name: string) => RawBuilder<unknown>;

  constructor(
    db: Db,
    private readonly runner: ProjectionRunner<AgreementsTablesV2>,
  ) {
    this.db = withVersionedTables(db, AGREEMENTS_TABLES_V2, runner.version);
    this.dialect = dialectOf(db);
    this.table = (name) => sql.table(versionedTableName(name, runner.version));
  }

  async list(filter: AgreementListFilter, page: { limit: number; after?: string }): Promise<AgreementPage> {
    const words = searchWords(filter.q ?? '');
    if (words.length > 0) return this.search(filter, words, page);
    const cursor = page.after === undefined ? undefined : decodeListCursor(page.after);
    const rows =
      filter.visibleToAgency !== undefined || filter.agencyId !== undefined
        ? await this.listThroughParties(filter, cursor, page.limit + 1)
        : await this.listAll(filter, cursor, page.limit + 1);
    const visible = rows.slice(0, page.limit);
    const items = await this.summaries(visible);
    const last = visible[visible.length - 1];
    return rows.length > page.limit && last ? { items, next: listCursor(last) } : { items };
  }

  /** An agency's agreements, newest first, walking its party rows in order (the viewer's, or the `agencyId` filter's). */
  private async listThroughParties(
    filter: AgreementListFilter,
    cursor: { createdAt: string; id: string } | undefined,
    limit: number,
  ): Promise<AgreementRowV2[]> {
    const agency = filter.visibleToAgency ?? filter.agencyId!;
    let query = this.db
      .selectFrom('agreement_parties as p')
      .innerJoin('agreements as a', 'a.id', 'p.agreement_id')
      .selectAll('a')
      .where('p.agency_id', '=', agency);
    if (filter.visibleToAgency !== undefined && filter.agencyId !== undefined && filter.agencyId !== filter.visibleToAgency) {
      const other = filter.agencyId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('agreement_parties as o')
            .select('o.agreement_id')
            .whereRef('o.agreement_id', '=', 'p.agreement_id')
            .where('o.agency_id', '=', other),
        ),
      );
    }
    if (filter.states && filter.states.length > 0) query = query.where('p.state', 'in', [...filter.states]);
    if (filter.kind !== undefined) query = query.where('p.kind', '=', filter.kind);
    if (filter.parentId !== undefined) query = query.where('a.parent_id', '=', filter.parentId);
    if (cursor)
      query = query.where(sql<boolean>`(${sql.ref('p.created_at')}, ${sql.ref('p.agreement_id')}) < (${cursor.createdAt}, ${cursor.id})`);
    return query.orderBy('p.created_at', 'desc').orderBy('p.agreement_id', 'desc').limit(limit).execute();
  }

  /** Every agreement (auditors, administrators), newest first, through the index of the filter given. */
  private async listAll(
    filter: AgreementListFilter,
    cursor: { createdAt: string; id: string } | undefined,
    limit: number,
  ): Promise<AgreementRowV2[]> {
    let query = this.db.selectFrom('agreements').selectAll();
    if (filter.states && filter.states.length > 0) query = query.where('state', 'in', [...filter.states]);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
    if (cursor) query = query.where(sql<boolean>`(${sql.ref('created_at')}, ${sql.ref('id')}) < (${cursor.createdAt}, ${cursor.id})`);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  /**
   * Full-text search: every word as a prefix, most relevant first (FTS5's bm25, PostgreSQL's
   * ts_rank), then newest. Pages by offset: relevance is not a key that stays put between pages.
   */
  private async search(filter: AgreementListFilter, words: string[], page: { limit: number; after?: string }): Promise<AgreementPage> {
    if (offsetTooFar(page.after === undefined ? 0 : decodeSearchCursor(page.after))) return { items: [] };
    const offset = page.after === undefined ? 0 : decodeSearchCursor(page.after);
    const conditions: RawBuilder<unknown>[] = [];
    const a = (column: string) => sql.ref(`a.${column}`);
    const partyOf = (agency: string) =>
      sql`EXISTS (SELECT 1 FROM ${this.table('agreement_parties')} p WHERE p.agreement_id = a.id AND p.agency_id = ${agency})`;
    if (filter.visibleToAgency !== undefined) conditions.push(partyOf(filter.visibleToAgency));
    if (filter.agencyId !== undefined) conditions.push(partyOf(filter.agencyId));
    if (filter.states && filter.states.length > 0) conditions.push(sql`${a('state')} IN (${sql.join(filter.states)})`);
    if (filter.kind !== undefined) conditions.push(sql`${a('kind')} = ${filter.kind}`);
    if (filter.parentId !== undefined) conditions.push(sql`${a('parent_id')} = ${filter.parentId}`);
    const where = conditions.length === 0 ? sql`` : sql` AND ${sql.join(conditions, sql` AND `)}`;
    const search = this.table('agreement_search');
    const agreements = this.table('agreements');
    // Relevance is computed for the newest SEARCH_CANDIDATES matches the caller may see, never for
    // all of them: a word found in half of 100,000 agreements would otherwise be scored 50,000 times.
    const query =
      this.dialect === 'postgres'
        ? sql<AgreementRowV2>`SELECT a.* FROM (
              SELECT a.doc_id, s.document FROM ${search} s JOIN ${agreements} a ON a.doc_id = s.doc_id
              WHERE s.document @@ to_tsquery('simple', ${tsQuery(words)})${where} ORDER BY s.doc_id DESC LIMIT ${SEARCH_CANDIDATES}
            ) c JOIN ${agreements} a ON a.doc_id = c.doc_id
            ORDER BY ts_rank(c.document, to_tsquery('simple', ${tsQuery(words)})) DESC, a.created_at DESC, a.id DESC LIMIT ${page.limit + 1} OFFSET ${offset}`
        : sql<AgreementRowV2>`SELECT a.* FROM (
              SELECT s.rowid AS doc_id, s.rank AS score FROM ${search} s JOIN ${agreements} a ON a.doc_id = s.rowid
              WHERE ${search} MATCH ${ftsQuery(words)}${where} ORDER BY s.rowid DESC LIMIT ${SEARCH_CANDIDATES}
            ) c JOIN ${agreements} a ON a.doc_id = c.doc_id
            ORDER BY c.score, a.created_at DESC, a.id DESC LIMIT ${page.limit + 1} OFFSET ${offset}`;
    const { rows } = await query.execute(this.db);
    const visible = rows.slice(0, page.limit);
    const items = await this.summaries(visible);
    return rows.length > page.limit ? { items, next: searchCursor(offset + page.limit) } : { items };
  }

  async get(id: string): Promise<AgreementDetail | undefined> {
    const row = await this.db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const [summary] = await this.summaries([row]);
    const children = await this.db
      .selectFrom('agreements')
      .select(['id', 'title', 'state'])
      .where('parent_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return { ...summary, agreement: JSON.parse(row.detail) as Record<string, unknown>, children };
  }

  async summariesOf(ids: readonly string[]): Promise<Map<string, AgreementSummary>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('agreements')
      .selectAll()
      .where('id', 'in', [...ids])
      .execute();
    return new Map((await this.summaries(rows)).map((summary) => [summary.id, summary]));
  }

  /**
   * The viewer's waiting agreements, oldest wait first: the first `limit + 1` of each of their
   * roles' queues (each an index range in order), merged. An agreement among the first n overall
   * is among the first n of every role queue it is in, so the merge is exact.
   */
  async inbox(viewer: InboxViewer, page: { limit: number; after?: string }): Promise<InboxPage> {
    if (viewer.roles.length === 0) return { items: [] };
    const cursor = page.after === undefined ? undefined : decodeInboxCursor(page.after);
    const queues = await Promise.all(
      viewer.roles.map((role) => {
        let query = this.db
          .selectFrom('work_queue')
          .select(['since', 'agreement_id'])
          .where('agency_id', '=', viewer.agencyId)
          .where('role', '=', role);
        if (cursor) query = query.where(sql<boolean>`(${sql.ref('since')}, ${sql.ref('agreement_id')}) > (${cursor.since}, ${cursor.id})`);
        return query
          .orderBy('since')
          .orderBy('agreement_id')
          .limit(page.limit + 1)
          .execute();
      }),
    );
    const since = new Map<string, string>();
    for (const queue of queues) for (const row of queue) since.set(row.agreement_id, row.since);
    const ordered = [...since.entries()].sort(([a, x], [b, y]) => (x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0));
    const pageIds = ordered.slice(0, page.limit).map(([id]) => id);
    if (pageIds.length === 0) return { items: [] };
    const mask = rolesMask(viewer.roles);
    const [steps, agreements] = await Promise.all([
      this.db
        .selectFrom('work_items')
        .select(['agreement_id', 'action', 'seq', 'roles_mask'])
        .where('agency_id', '=', viewer.agencyId)
        .where('agreement_id', 'in', pageIds)
        .execute(),
      this.db.selectFrom('agreements').select(['id', 'title', 'kind', 'state']).where('id', 'in', pageIds).execute(),
    ]);
    const actions = new Map<string, Array<{ action: string; seq: number }>>();
    for (const step of steps) {
      if ((Number(step.roles_mask) & mask) === 0) continue;
      const list = actions.get(step.agreement_id) ?? [];
      list.push({ action: step.action, seq: Number(step.seq) });
      actions.set(step.agreement_id, list);
    }
    const byId = new Map(agreements.map((row) => [row.id, row]));
    const items: InboxItem[] = [];
    for (const id of pageIds) {
      const agreement = byId.get(id);
      const open = actions.get(id);
      // Read between two of the projection's commits, an agreement may have moved on: left out.
      if (!agreement || !open) continue;
      items.push({
        agreementId: id,
        title: agreement.title,
        kind: agreement.kind,
        state: agreement.state,
        actions: open.sort((x, y) => x.seq - y.seq).map((step) => step.action),
        waitingSince: since.get(id)!,
      });
    }
    const lastId = pageIds[pageIds.length - 1];
    return ordered.length > page.limit ? { items, next: inboxCursor(since.get(lastId)!, lastId) } : { items };
  }

  async inboxCounts(viewer: InboxViewer): Promise<InboxCounts> {
    if (viewer.roles.length === 0) return { total: 0, byAction: {} };
    const rows = await this.db
      .selectFrom('work_counts')
      .select(['action', (eb) => eb.fn.sum<number | string>('count').as('count')])
      .where('agency_id', '=', viewer.agencyId)
      .where(sql<boolean>`(${sql.ref('roles_mask')} & ${rolesMask(viewer.roles)}) <> 0`)
      .groupBy('action')
      .execute();
    const byAction: Record<string, number> = {};
    let total = 0;
    for (const row of rows) {
      const count = Number(row.count);
      if (row.action === ANY_ACTION) total = count;
      else if (count > 0) byAction[row.action] = count;
    }
    return { total, byAction };
  }

  async summary(filter: { visibleToAgency?: string }, today: string): Promise<DashboardSummary> {
    const scope = filter.visibleToAgency ?? ALL_AGREEMENTS_SCOPE;
    const [counts, phases, soon30, soon90, count30, count90] = await Promise.all([
      this.db
        .selectFrom('dashboard_counts')
        .select(['dimension', 'key', 'count'])
        .where('scope', '=', scope)
        .where('count', '<>', 0)
        .execute(),
      this.db
        .selectFrom('phase_stats')
        .select(['phase', 'bucket', 'count', 'total_seconds', 'max_seconds'])
        .where('scope', '=', scope)
        .orderBy('phase')
        .orderBy('bucket')
        .execute(),
      this.expiring(filter.visibleToAgency, today, addDays(today, 30), EXPIRING_LIST_LIMIT),
      this.expiring(filter.visibleToAgency, today, addDays(today, 90), EXPIRING_LIST_LIMIT),
      this.expiringCount(filter.visibleToAgency, today, addDays(today, 30)),
      this.expiringCount(filter.visibleToAgency, today, addDays(today, 90)),
    ]);
    const dimension = (name: string) =>
      Object.fromEntries(counts.filter((row) => row.dimension === name).map((row) => [row.key, Number(row.count)]));
    const byState = dimension('state');
    return {
      total: Object.values(byState).reduce((sum, n) => sum + n, 0),
      byState,
      byKind: dimension('kind'),
      byAgency: dimension('agency'),
      expiringWithin30Days: soon30,
      expiringWithin90Days: soon90,
      expiring: { within30Days: count30, within90Days: count90 },
      timeInReview: fromHistogram(phases.filter((row) => row.phase === 'review')),
      timeInSigning: fromHistogram(phases.filter((row) => row.phase === 'signing')),
    };
  }

  /** Active agreements ending between two dates, soonest first, through the end-date index (of the agency's party rows, for an official). */
  private async expiring(agency: string | undefined, from: string, to: string, limit: number) {
    const rows =
      agency === undefined
        ? await this.db
            .selectFrom('agreements')
            .select(['id', 'title', 'end_date'])
            .where('state', '=', 'active')
            .where('end_date', '>=', from)
            .where('end_date', '<=', to)
            .orderBy('end_date')
            .orderBy('id')
            .limit(limit)
            .execute()
        : await this.db
            .selectFrom('agreement_parties as p')
            .innerJoin('agreements as a', 'a.id', 'p.agreement_id')
            .select(['a.id', 'a.title', 'a.end_date'])
            .where('p.agency_id', '=', agency)
            .where('p.state', '=', 'active')
            .where('p.end_date', '>=', from)
            .where('p.end_date', '<=', to)
            .orderBy('p.end_date')
            .orderBy('p.agreement_id')
            .limit(limit)
            .execute();
    return rows.map((row) => ({ id: row.id, title: row.title, endDate: row.end_date! }));
  }

  private async expiringCount(agency: string | undefined, from: string, to: string): Promise<number> {
    const row =
      agency === undefined
        ? await this.db
            .selectFrom('agreements')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('state', '=', 'active')
            .where('end_date', '>=', from)
            .where('end_date', '<=', to)
            .executeTakeFirstOrThrow()
        : await this.db
            .selectFrom('agreement_parties')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('agency_id', '=', agency)
            .where('state', '=', 'active')
            .where('end_date', '>=', from)
            .where('end_date', '<=', to)
            .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  status() {
    return runnerStatus(this.runner);
  }

  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.runner.reached(position, timeoutMs);
  }

  private async summaries(rows: readonly AgreementRowV2[]): Promise<AgreementSummary[]> {
    if (rows.length === 0) return [];
    const parties = await this.db
      .selectFrom('agreement_parties')
      .select(['agreement_id', 'agency_id', 'name', 'role'])
      .where(
        'agreement_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('agreement_id')
      .orderBy('seq')
      .execute();
    const byAgreement = new Map<string, Array<{ agencyId: string; name: string; role: string }>>();
    for (const party of parties) {
      const list = byAgreement.get(party.agreement_id) ?? [];
      list.push({ agencyId: party.agency_id, name: party.name, role: party.role });
      byAgreement.set(party.agreement_id, list);
    }
    return rows.map((row) => agreementSummary(row, byAgreement.get(row.id) ?? []));
  }
}

/**
 * How many of the newest matches a search ranks at most. A query that matches more (a word in
 * half the agreements) ranks the newest of them: add a word, or a filter, to reach older ones.
 */
export const SEARCH_CANDIDATES = 2_000;

const offsetTooFar = (offset: number) => offset >= SEARCH_CANDIDATES;

/** Every word as a prefix, all required (PostgreSQL `to_tsquery`): words hold only letters and digits. */
function tsQuery(words: readonly string[]): string {
  return words.map((word) => `${word}:*`).join(' & ');
}

/** Every word as a prefix, all required (FTS5 MATCH): words hold only letters and digits. */
function ftsQuery(words: readonly string[]): string {
  return words.map((word) => `"${word}"*`).join(' ');
}

/**
 * Count, average, median and 90th percentile from a histogram of logarithmic buckets: the count and
 * the average are exact; each percentile is the longest stretch of the bucket it falls in, within
 * half a percent of the exact figure (exact when that bucket holds one length).
 */
function fromHistogram(
  buckets: ReadonlyArray<{ count: number | string; total_seconds: number | string; max_seconds: number | string }>,
): PhaseStatistics {
  const count = buckets.reduce((sum, bucket) => sum + Number(bucket.count), 0);
  if (count === 0) return { count: 0, averageSeconds: null, p50Seconds: null, p90Seconds: null };
  const total = buckets.reduce((sum, bucket) => sum + Number(bucket.total_seconds), 0);
  const percentile = (fraction: number): number => {
    const rank = Math.ceil(count * fraction);
    let seen = 0;
    for (const bucket of buckets) {
      seen += Number(bucket.count);
      if (seen >= rank) return Number(bucket.max_seconds);
    }
    return Number(buckets[buckets.length - 1].max_seconds);
  };
  return { count, averageSeconds: total / count, p50Seconds: percentile(0.5), p90Seconds: percentile(0.9) };
}
