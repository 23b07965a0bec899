import { sql, type Kysely } from 'kysely';
import {
  EXPIRING_LIST_LIMIT,
  type AgreementDetail,
  type DashboardSummary,
  type AgreementListFilter,
  type AgreementPage,
  type AgreementReadModel,
  type AgreementSummary,
  type InboxCounts,
  type InboxItem,
  type InboxPage,
  type InboxViewer,
  type PhaseStatistics,
} from '../../application/ports/agreement-read-model.port';
import { actionsOpenTo } from '../../application/read-models/open-actions';
import { ALWAYS_OPEN } from '../../domain/agreements/awaited-steps';
import { addDays } from '../../domain/agreements/calendar';
import { AGREEMENTS_TABLES, type AgreementRow, type AgreementsTables } from '../../projections/agreements/agreements.tables';
import { withVersionedTables } from '../../projections/versioned-tables';
import type { ProjectionRunner } from '../projections/projection-runner';
import { runnerStatus } from '../projections/projection-versions';
import type { CheckpointTables } from './read-model-database';
import { agreementSummary } from './agreement-summary';
import { decodeInboxCursor, decodeListCursor, inboxCursor, listCursor } from './read-model-cursors';

type Db = Kysely<AgreementsTables & CheckpointTables>;

/**
 * The agreements read model as `agreements@v1` keeps it (the first schema). It serves a data folder
 * written by the previous release while `agreements@v2` rebuilds beside it, and is the reference
 * the v2 inbox is tested against. Its inbox, counts and search scan: they cost in proportion to
 * every agreement the caller may see. Remove it with v1.
 */
export class AgreementReadModelV1 implements AgreementReadModel {
  private readonly db: Db;

  constructor(
    db: Db,
    private readonly runner: ProjectionRunner<AgreementsTables>,
  ) {
    this.db = withVersionedTables(db, AGREEMENTS_TABLES, runner.version);
  }

  async list(filter: AgreementListFilter, page: { limit: number; after?: string }): Promise<AgreementPage> {
    let query = this.db.selectFrom('agreements').selectAll();
    if (filter.visibleToAgency !== undefined) query = query.where('id', 'in', this.agreementsOf(filter.visibleToAgency));
    if (filter.agencyId !== undefined) query = query.where('id', 'in', this.agreementsOf(filter.agencyId));
    if (filter.states && filter.states.length > 0) query = query.where('state', 'in', [...filter.states]);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
    for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean)) {
      query = query.where(sql<boolean>`lower(title) like ${`%${word.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`);
    }
    const cursor = page.after === undefined ? undefined : decodeListCursor(page.after);
    if (cursor) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)])]),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const visible = rows.slice(0, page.limit);
    const items = await this.summaries(visible);
    const last = visible[visible.length - 1];
    return rows.length > page.limit && last ? { items, next: listCursor(last) } : { items };
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

  /** Every agreement of the agency, each one's detail read and asked what the viewer may do. */
  async inbox(viewer: InboxViewer, page: { limit: number; after?: string }): Promise<InboxPage> {
    const all = await this.everyInboxItem(viewer);
    const cursor = page.after === undefined ? undefined : decodeInboxCursor(page.after);
    const rest = cursor
      ? all.filter((item) => item.waitingSince > cursor.since || (item.waitingSince === cursor.since && item.agreementId > cursor.id))
      : all;
    const items = rest.slice(0, page.limit);
    const last = items[items.length - 1];
    return rest.length > page.limit && last ? { items, next: inboxCursor(last.waitingSince, last.agreementId) } : { items };
  }

  async inboxCounts(viewer: InboxViewer): Promise<InboxCounts> {
    const all = await this.everyInboxItem(viewer);
    const byAction: Record<string, number> = {};
    for (const item of all) for (const action of item.actions) byAction[action] = (byAction[action] ?? 0) + 1;
    return { total: all.length, byAction };
  }

  private async everyInboxItem(viewer: InboxViewer): Promise<InboxItem[]> {
    const actor = { id: '', name: '', agencyId: viewer.agencyId, roles: viewer.roles };
    const items: InboxItem[] = [];
    let after: string | undefined;
    do {
      const page = await this.list({ visibleToAgency: viewer.agencyId }, { limit: 200, ...(after ? { after } : {}) });
      for (const summary of page.items) {
        if (summary.state === 'archived') continue;
        const detail = await this.get(summary.id);
        const actions = detail ? actionsOpenTo(detail, actor).filter((action) => !ALWAYS_OPEN.has(action)) : [];
        if (actions.length > 0) {
          items.push({
            agreementId: summary.id,
            title: summary.title,
            kind: summary.kind,
            state: summary.state,
            actions,
            waitingSince: summary.lastChangeAt,
          });
        }
      }
      after = page.next;
    } while (after);
    return items.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.agreementId.localeCompare(b.agreementId));
  }

  async summary(filter: { visibleToAgency?: string }, today: string): Promise<DashboardSummary> {
    let rows = this.db.selectFrom('agreements').select(['id', 'title', 'state', 'kind', 'end_date']);
    if (filter.visibleToAgency !== undefined) rows = rows.where('id', 'in', this.agreementsOf(filter.visibleToAgency));
    const agreements = await rows.execute();
    const ids = agreements.map((row) => row.id);
    const parties =
      ids.length === 0
        ? []
        : await this.db.selectFrom('agreement_parties').select(['agency_id']).where('agreement_id', 'in', ids).execute();
    const phases =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('agreement_phases')
            .select(['phase', 'started_at', 'ended_at'])
            .where('agreement_id', 'in', ids)
            .where('ended_at', 'is not', null)
            .execute();
    const count = <T>(items: T[], key: (item: T) => string) =>
      items.reduce<Record<string, number>>((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});
    const expiring = (days: number) =>
      agreements
        .filter((row) => row.state === 'active' && row.end_date !== null && row.end_date >= today && row.end_date <= addDays(today, days))
        .sort((a, b) => a.end_date!.localeCompare(b.end_date!))
        .map((row) => ({ id: row.id, title: row.title, endDate: row.end_date! }));
    const durations = (phase: string) =>
      phases.filter((row) => row.phase === phase).map((row) => (Date.parse(row.ended_at!) - Date.parse(row.started_at)) / 1000);
    return {
      total: agreements.length,
      byState: count(agreements, (row) => row.state),
      byKind: count(agreements, (row) => row.kind),
      byAgency: count(parties, (row) => row.agency_id),
      expiringWithin30Days: expiring(30).slice(0, EXPIRING_LIST_LIMIT),
      expiringWithin90Days: expiring(90).slice(0, EXPIRING_LIST_LIMIT),
      expiring: { within30Days: expiring(30).length, within90Days: expiring(90).length },
      timeInReview: statistics(durations('review')),
      timeInSigning: statistics(durations('signing')),
    };
  }

  status() {
    return runnerStatus(this.runner);
  }

  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.runner.reached(position, timeoutMs);
  }

  private agreementsOf(agencyId: string) {
    return this.db.selectFrom('agreement_parties').select('agreement_id').where('agency_id', '=', agencyId);
  }

  private async summaries(rows: AgreementRow[]): Promise<AgreementSummary[]> {
    if (rows.length === 0) return [];
    const parties = await this.db
      .selectFrom('agreement_parties')
      .selectAll()
      .where(
        'agreement_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('seq')
      .execute();
    return rows.map((row) =>
      agreementSummary(
        row,
        parties.filter((p) => p.agreement_id === row.id).map((p) => ({ agencyId: p.agency_id, name: p.name, role: p.role })),
      ),
    );
  }
}

function statistics(seconds: number[]): PhaseStatistics {
  if (seconds.length === 0) return { count: 0, averageSeconds: null, p50Seconds: null, p90Seconds: null };
  const sorted = [...seconds].sort((a, b) => a - b);
  const percentile = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * fraction) - 1)];
  return {
    count: sorted.length,
    averageSeconds: sorted.reduce((sum, s) => sum + s, 0) / sorted.length,
    p50Seconds: percentile(0.5),
    p90Seconds: percentile(0.9),
  };
}
