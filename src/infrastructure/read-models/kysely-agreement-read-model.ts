import { sql, type Kysely } from 'kysely';
import type {
  AgreementDetail,
  AgreementListFilter,
  AgreementPage,
  AgreementReadModel,
  AgreementSummary,
} from '../../application/ports/agreement-read-model.port';
import type { AgreementRow, AgreementsTables } from '../../projections/agreements/agreements.tables';
import type { ProjectionRunner } from '../projections/projection-runner';
import type { CheckpointTables } from './read-model-database';

type Db = Kysely<AgreementsTables & CheckpointTables>;

/** The agreements read model over Kysely (SQLite or PostgreSQL). */
export class KyselyAgreementReadModel implements AgreementReadModel {
  constructor(
    private readonly db: Db,
    private readonly runner: ProjectionRunner<AgreementsTables>,
  ) {}

  async list(filter: AgreementListFilter, page: { limit: number; after?: string }): Promise<AgreementPage> {
    let query = this.db.selectFrom('agreements_v1').selectAll();
    if (filter.visibleToAgency !== undefined) query = query.where('id', 'in', this.agreementsOf(filter.visibleToAgency));
    if (filter.agencyId !== undefined) query = query.where('id', 'in', this.agreementsOf(filter.agencyId));
    if (filter.states && filter.states.length > 0) query = query.where('state', 'in', [...filter.states]);
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
    for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean)) {
      query = query.where(sql<boolean>`lower(title) like ${`%${word.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`} escape '\\'`);
    }
    const cursor = page.after === undefined ? undefined : decodeCursor(page.after);
    if (cursor) {
      query = query.where((eb) =>
        eb.or([eb('created_at', '<', cursor.createdAt), eb.and([eb('created_at', '=', cursor.createdAt), eb('id', '<', cursor.id)])]),
      );
    }
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
    const visible = rows.slice(0, page.limit);
    const items = await this.summaries(visible);
    const last = visible[visible.length - 1];
    return rows.length > page.limit && last ? { items, next: encodeCursor(last) } : { items };
  }

  async get(id: string): Promise<AgreementDetail | undefined> {
    const row = await this.db.selectFrom('agreements_v1').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const [summary] = await this.summaries([row]);
    const children = await this.db.selectFrom('agreements_v1').select(['id', 'title', 'state']).where('parent_id', '=', id).orderBy('created_at').execute();
    return { ...summary!, agreement: JSON.parse(row.detail) as Record<string, unknown>, children };
  }

  status() {
    const { status, position, failure } = this.runner;
    return { projection: 'agreements@v1', status, position: position?.toString() ?? null, ...(failure ? { failure } : {}) };
  }

  async reached(position: bigint, timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.runner.waitFor(position).then(() => true as const), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  private agreementsOf(agencyId: string) {
    return this.db.selectFrom('agreement_parties_v1').select('agreement_id').where('agency_id', '=', agencyId);
  }

  private async summaries(rows: AgreementRow[]): Promise<AgreementSummary[]> {
    if (rows.length === 0) return [];
    const parties = await this.db
      .selectFrom('agreement_parties_v1')
      .selectAll()
      .where('agreement_id', 'in', rows.map((row) => row.id))
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      state: row.state,
      detailedState: row.detailed_state,
      workflow: row.workflow,
      parentId: row.parent_id,
      term: { startDate: row.start_date, endDate: row.end_date },
      parties: parties.filter((p) => p.agreement_id === row.id).map((p) => ({ agencyId: p.agency_id, name: p.name, role: p.role })),
      revision: Number(row.revision),
      position: row.position,
      createdAt: row.created_at,
      lastChangeAt: row.last_change_at,
    }));
  }
}

function encodeCursor(row: AgreementRow): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: string; id: string } | undefined {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    return typeof createdAt === 'string' && typeof id === 'string' ? { createdAt, id } : undefined;
  } catch {
    return undefined;
  }
}
