import { sql, type Kysely, type Transaction } from 'kysely';
import { AGREEMENT_STREAM_PREFIX } from '../../application/agreements/agreement-stream';
import { awaitedSteps, rolesMask } from '../../domain/agreements/awaited-steps';
import { ROLES } from '../../domain/access/roles';
import type { ProjectedChange, Projection } from '../projection';
import { dialectOf } from '../sql-dialect';
import { versionedTableName } from '../versioned-tables';
import { agreementRows, chunks, latestChanges, UPDATED_AGREEMENT_COLUMNS, writePhases, type EndedPhase } from './agreements-v1.projection';
import {
  AGREEMENTS_TABLES_V2,
  type AgreementPartyRowV2,
  type AgreementRowV2,
  type AgreementsTablesV2,
  type WorkItemRow,
  type WorkQueueRow,
} from './agreements.tables';
import { searchDocument, SEARCH_DOCUMENT_EVENTS } from './search-text';

type Trx = Transaction<AgreementsTablesV2>;

/** The scope of dashboard counters over every agreement (auditors, administrators); other scopes are agency ids. */
export const ALL_AGREEMENTS_SCOPE = '*';
/** The `work_counts` action that counts agreements waiting for anything. */
export const ANY_ACTION = '*';

/** Buckets of the phase histograms: `floor(ln(seconds) * BUCKETS_PER_E)`, each about 0.5% wide. */
const BUCKETS_PER_E = 200;
/** The bucket of stretches of no measurable length. */
const ZERO_BUCKET = -1_000_000;

export function phaseBucket(seconds: number): number {
  return seconds > 0 ? Math.floor(Math.log(seconds) * BUCKETS_PER_E) : ZERO_BUCKET;
}

/**
 * `agreements@v2` and later: the v1 tables, plus what keeps every read of a user's path indexed at
 * 100,000 agreements (issue 12):
 * - a party row carries the agreement's state, kind, end date and creation time, so an agency's
 *   list, filtered list and expiring agreements walk one index in order;
 * - `work_items` (one row per awaited step: agreement, agency, action, the roles that can take it),
 *   `work_queue` (the inbox's index: agency, role, since, agreement) and `work_counts`;
 * - `dashboard_counts` and `phase_stats`: the dashboard's figures, kept up to date instead of
 *   recounted;
 * - `agreement_search`: the full-text index (FTS5 on SQLite, `tsvector` on PostgreSQL).
 * All of it is written in the batch's transaction, with the checkpoint.
 */
export function agreementsProjectionV2(version: number): Projection<AgreementsTablesV2> {
  const v = (name: string) => versionedTableName(name, version);
  const searchTable = v('agreement_search');
  return {
    name: 'agreements',
    version,
    tables: AGREEMENTS_TABLES_V2,
    filter: { streamPrefixes: [AGREEMENT_STREAM_PREFIX] },

    async createTables(db: Kysely<AgreementsTablesV2>): Promise<void> {
      await db.schema
        .createTable('agreements')
        .ifNotExists()
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('doc_id', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('detailed_state', 'text', (c) => c.notNull())
        .addColumn('workflow', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('start_date', 'text')
        .addColumn('end_date', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('position', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_change_at', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      const index = async (table: keyof AgreementsTablesV2, name: string, columns: string[], unique = false) => {
        let builder = db.schema
          .createIndex(`${v(table)}_${name}`)
          .ifNotExists()
          .on(table)
          .columns(columns);
        if (unique) builder = builder.unique();
        await builder.execute();
      };
      await index('agreements', 'doc', ['doc_id'], true);
      await index('agreements', 'created', ['created_at', 'id']);
      await index('agreements', 'state', ['state', 'created_at', 'id']);
      await index('agreements', 'parent', ['parent_id', 'created_at', 'id']);
      await index('agreements', 'ending', ['state', 'end_date']);
      await db.schema
        .createTable('agreement_parties')
        .ifNotExists()
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${v('agreement_parties')}_pk`, ['agreement_id', 'agency_id'])
        .execute();
      await index('agreement_parties', 'agency', ['agency_id', 'created_at', 'agreement_id']);
      await index('agreement_parties', 'agency_state', ['agency_id', 'state', 'created_at', 'agreement_id']);
      await index('agreement_parties', 'agency_ending', ['agency_id', 'state', 'end_date']);
      await db.schema
        .createTable('agreement_phases')
        .ifNotExists()
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('started_revision', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addPrimaryKeyConstraint(`${v('agreement_phases')}_pk`, ['agreement_id', 'phase', 'started_revision'])
        .execute();
      await db.schema
        .createTable('work_items')
        .ifNotExists()
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('roles_mask', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${v('work_items')}_pk`, ['agreement_id', 'agency_id', 'action'])
        .execute();
      await db.schema
        .createTable('work_queue')
        .ifNotExists()
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${v('work_queue')}_pk`, ['agency_id', 'role', 'agreement_id'])
        .execute();
      await index('work_queue', 'waiting', ['agency_id', 'role', 'since', 'agreement_id']);
      await index('work_queue', 'agreement', ['agreement_id']);
      await db.schema
        .createTable('work_counts')
        .ifNotExists()
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('roles_mask', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${v('work_counts')}_pk`, ['agency_id', 'action', 'roles_mask'])
        .execute();
      await db.schema
        .createTable('dashboard_counts')
        .ifNotExists()
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${v('dashboard_counts')}_pk`, ['scope', 'dimension', 'key'])
        .execute();
      await db.schema
        .createTable('phase_stats')
        .ifNotExists()
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('bucket', 'integer', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('total_seconds', 'double precision', (c) => c.notNull())
        .addColumn('max_seconds', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${v('phase_stats')}_pk`, ['scope', 'phase', 'bucket'])
        .execute();
      if (dialectOf(db) === 'postgres') {
        await sql`CREATE TABLE IF NOT EXISTS ${sql.table(searchTable)} (doc_id bigint PRIMARY KEY, document tsvector NOT NULL)`.execute(db);
        await sql`CREATE INDEX IF NOT EXISTS ${sql.id(`${searchTable}_document`)} ON ${sql.table(searchTable)} USING gin (document)`.execute(
          db,
        );
      } else {
        // Contentless: the index keeps the words, not the text; rowid is the agreement's doc_id.
        await sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${sql.table(searchTable)} USING fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(
          db,
        );
      }
    },

    async apply(trx, changes): Promise<void> {
      const latest = latestChanges(changes);
      const before = await previousRows(trx, [...latest.keys()]);
      const firstPosition = new Map<string, bigint>();
      for (const { event, agreement } of changes) {
        if (event.revision === 0n) firstPosition.set(agreement.snapshot.context.agreementId, event.position);
      }
      const rows: AgreementRowV2[] = agreementRows(changes).map((row) => ({
        ...row,
        // Born with the agreement's first event and never changed (the search index's row id).
        doc_id: Number(before.get(row.id)?.doc_id ?? firstPosition.get(row.id) ?? BigInt(row.position)),
      }));
      for (const chunk of chunks(rows, 100)) {
        await trx
          .insertInto('agreements')
          .values(chunk)
          .onConflict((conflict) => conflict.column('id').doUpdateSet(CHANGING_COLUMNS))
          .execute();
      }
      // Party rows carry the state and end date: rewritten only when those moved (most events do not).
      await writeParties(
        trx,
        rows.filter((row) => {
          const previous = before.get(row.id);
          return !previous || previous.state !== row.state || previous.end_date !== row.end_date;
        }),
        latest,
      );
      const ended = await writePhases(trx, changes);
      await writeDashboardCounts(trx, rows, latest, before);
      await writePhaseStats(trx, ended, latest);
      await writeWorkItems(trx, rows, latest, before);
      await writeSearch(trx, searchTable, rows, changes, latest);
    },
  };
}

interface PreviousRow {
  readonly state: string;
  readonly end_date: string | null;
  readonly doc_id: number;
}

async function previousRows(trx: Trx, ids: readonly string[]): Promise<Map<string, PreviousRow>> {
  const found = new Map<string, PreviousRow>();
  for (const chunk of chunks(ids, 500)) {
    const rows = await trx.selectFrom('agreements').select(['id', 'state', 'end_date', 'doc_id']).where('id', 'in', chunk).execute();
    for (const row of rows) found.set(row.id, { state: row.state, end_date: row.end_date, doc_id: Number(row.doc_id) });
  }
  return found;
}

/**
 * What an event can change in an `agreements` row once it exists: its state, term end (renewal),
 * revision, position, last change and folded detail. Kind, title, parent and start are set by the
 * draft; leaving them out of the update spares their indexes a rewrite on every event.
 */
const CHANGING_COLUMNS = {
  state: UPDATED_AGREEMENT_COLUMNS.state,
  detailed_state: UPDATED_AGREEMENT_COLUMNS.detailed_state,
  end_date: UPDATED_AGREEMENT_COLUMNS.end_date,
  revision: UPDATED_AGREEMENT_COLUMNS.revision,
  position: UPDATED_AGREEMENT_COLUMNS.position,
  last_change_at: UPDATED_AGREEMENT_COLUMNS.last_change_at,
  detail: UPDATED_AGREEMENT_COLUMNS.detail,
};

const partiesOf = (change: ProjectedChange) => change.agreement.snapshot.context.parties.map((party) => party.agencyId);

async function writeParties(trx: Trx, rows: readonly AgreementRowV2[], latest: ReadonlyMap<string, ProjectedChange>): Promise<void> {
  const parties: AgreementPartyRowV2[] = rows.flatMap((row) =>
    latest.get(row.id)!.agreement.snapshot.context.parties.map((party, seq) => ({
      agreement_id: row.id,
      agency_id: party.agencyId,
      seq,
      name: party.name,
      role: party.role,
      state: row.state,
      kind: row.kind,
      end_date: row.end_date,
      created_at: row.created_at,
    })),
  );
  for (const chunk of chunks(parties, 100)) {
    await trx
      .insertInto('agreement_parties')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.columns(['agreement_id', 'agency_id']).doUpdateSet((eb) => ({
          seq: eb.ref('excluded.seq'),
          name: eb.ref('excluded.name'),
          role: eb.ref('excluded.role'),
          state: eb.ref('excluded.state'),
          kind: eb.ref('excluded.kind'),
          end_date: eb.ref('excluded.end_date'),
        })),
      )
      .execute();
  }
}

/** Sums of changes to counters, keyed by their columns, written once per batch. */
class Deltas<Key extends readonly (string | number)[]> {
  private readonly sums = new Map<string, { key: Key; delta: number }>();

  add(key: Key, delta: number): void {
    const id = JSON.stringify(key);
    const entry = this.sums.get(id);
    if (entry) entry.delta += delta;
    else this.sums.set(id, { key, delta });
  }

  nonZero(): Array<{ key: Key; delta: number }> {
    return [...this.sums.values()].filter((entry) => entry.delta !== 0);
  }
}

/**
 * Counts by state, kind and party agency, per scope. A new agreement counts once in each scope it
 * belongs to (all, and each party's); a change of state moves it from one state's count to the
 * other's. Computed from the row as it was before the batch, so applying the same state again
 * changes nothing.
 */
async function writeDashboardCounts(
  trx: Trx,
  rows: readonly AgreementRowV2[],
  latest: ReadonlyMap<string, ProjectedChange>,
  before: ReadonlyMap<string, { state: string }>,
): Promise<void> {
  const deltas = new Deltas<[string, string, string]>();
  for (const row of rows) {
    const parties = partiesOf(latest.get(row.id)!);
    const previous = before.get(row.id);
    for (const scope of [ALL_AGREEMENTS_SCOPE, ...parties]) {
      if (!previous) {
        deltas.add([scope, 'kind', row.kind], 1);
        for (const party of parties) deltas.add([scope, 'agency', party], 1);
        deltas.add([scope, 'state', row.state], 1);
      } else if (previous.state !== row.state) {
        deltas.add([scope, 'state', previous.state], -1);
        deltas.add([scope, 'state', row.state], 1);
      }
    }
  }
  const values = deltas.nonZero().map(({ key: [scope, dimension, key], delta }) => ({ scope, dimension, key, count: delta }));
  for (const chunk of chunks(values, 200)) {
    await trx
      .insertInto('dashboard_counts')
      .values(chunk)
      .onConflict((conflict) =>
        conflict
          .columns(['scope', 'dimension', 'key'])
          .doUpdateSet({ count: sql<number>`${sql.ref('dashboard_counts.count')} + excluded.count` }),
      )
      .execute();
  }
}

/** Each stretch of review or signing this batch closed, into its histogram bucket, in every scope of its agreement. */
async function writePhaseStats(trx: Trx, ended: readonly EndedPhase[], latest: ReadonlyMap<string, ProjectedChange>): Promise<void> {
  const buckets = new Map<
    string,
    { scope: string; phase: string; bucket: number; count: number; total_seconds: number; max_seconds: number }
  >();
  for (const stretch of ended) {
    const change = latest.get(stretch.agreementId);
    const scopes = [ALL_AGREEMENTS_SCOPE, ...(change ? partiesOf(change) : [])];
    const bucket = phaseBucket(stretch.seconds);
    for (const scope of scopes) {
      const id = `${scope}|${stretch.phase}|${bucket}`;
      const entry = buckets.get(id) ?? { scope, phase: stretch.phase, bucket, count: 0, total_seconds: 0, max_seconds: 0 };
      entry.count += 1;
      entry.total_seconds += stretch.seconds;
      entry.max_seconds = Math.max(entry.max_seconds, stretch.seconds);
      buckets.set(id, entry);
    }
  }
  for (const chunk of chunks([...buckets.values()], 200)) {
    const stats = (column: string) => sql.ref(`phase_stats.${column}`);
    await trx
      .insertInto('phase_stats')
      .values(chunk)
      .onConflict((conflict) =>
        conflict.columns(['scope', 'phase', 'bucket']).doUpdateSet({
          count: sql<number>`${stats('count')} + excluded.count`,
          total_seconds: sql<number>`${stats('total_seconds')} + excluded.total_seconds`,
          max_seconds: sql<number>`CASE WHEN excluded.max_seconds > ${stats('max_seconds')} THEN excluded.max_seconds ELSE ${stats('max_seconds')} END`,
        }),
      )
      .execute();
  }
}

/**
 * The agreements' awaited steps: their rows replaced, the inbox's queue rewritten with the
 * agreement's last change as "since", and the counts moved by the difference between the steps
 * before and after the batch.
 */
async function writeWorkItems(
  trx: Trx,
  rows: readonly AgreementRowV2[],
  latest: ReadonlyMap<string, ProjectedChange>,
  before: ReadonlyMap<string, unknown>,
): Promise<void> {
  // An agreement first seen in this batch has no steps yet to replace.
  const ids = rows.map((row) => row.id).filter((id) => before.has(id));
  const counts = new Deltas<[string, string, number]>();
  const oldSteps = new Map<string, WorkItemRow[]>();
  for (const chunk of chunks(ids, 500)) {
    const old = await trx
      .selectFrom('work_items')
      .select(['agreement_id', 'agency_id', 'action', 'seq', 'roles_mask'])
      .where('agreement_id', 'in', chunk)
      .execute();
    for (const step of old) oldSteps.set(step.agreement_id, [...(oldSteps.get(step.agreement_id) ?? []), step]);
  }
  const replaced: string[] = [];
  const changedSteps: string[] = [];
  const items: WorkItemRow[] = [];
  const queue: WorkQueueRow[] = [];
  for (const row of rows) {
    const steps = awaitedSteps(latest.get(row.id)!.agreement);
    const rowsOfSteps = steps.map((step) => ({
      agreement_id: row.id,
      agency_id: step.agencyId,
      action: step.action,
      seq: step.seq,
      roles_mask: rolesMask(step.roles),
    }));
    if (before.has(row.id)) {
      const previous = oldSteps.get(row.id) ?? [];
      // The same steps as before: only the queue's "since" moves.
      if (stepsKey(previous) === stepsKey(rowsOfSteps)) {
        if (rowsOfSteps.length > 0) replaced.push(row.id);
      } else {
        replaced.push(row.id);
        changedSteps.push(row.id);
        items.push(...rowsOfSteps);
        countSteps(previous, counts, -1);
        countSteps(rowsOfSteps, counts, 1);
      }
    } else {
      items.push(...rowsOfSteps);
      countSteps(rowsOfSteps, counts, 1);
    }
    const rolesByAgency = new Map<string, Set<string>>();
    for (const step of steps) {
      const roles = rolesByAgency.get(step.agencyId) ?? new Set<string>();
      for (const role of step.roles) roles.add(role);
      rolesByAgency.set(step.agencyId, roles);
    }
    for (const [agencyId, roles] of rolesByAgency) {
      for (const role of roles) queue.push({ agency_id: agencyId, role, since: row.last_change_at, agreement_id: row.id });
    }
  }
  for (const chunk of chunks(changedSteps, 500)) await trx.deleteFrom('work_items').where('agreement_id', 'in', chunk).execute();
  for (const chunk of chunks(replaced, 500)) await trx.deleteFrom('work_queue').where('agreement_id', 'in', chunk).execute();
  for (const chunk of chunks(items, 200)) await trx.insertInto('work_items').values(chunk).execute();
  for (const chunk of chunks(queue, 200)) await trx.insertInto('work_queue').values(chunk).execute();
  const values = counts
    .nonZero()
    .map(({ key: [agency_id, action, roles_mask], delta }) => ({ agency_id, action, roles_mask, count: delta }));
  for (const chunk of chunks(values, 200)) {
    await trx
      .insertInto('work_counts')
      .values(chunk)
      .onConflict((conflict) =>
        conflict
          .columns(['agency_id', 'action', 'roles_mask'])
          .doUpdateSet({ count: sql<number>`${sql.ref('work_counts.count')} + excluded.count` }),
      )
      .execute();
  }
}

/** Steps compared as a set: the same agencies, actions and roles, in any order. */
function stepsKey(steps: ReadonlyArray<Pick<WorkItemRow, 'agency_id' | 'action' | 'roles_mask'>>): string {
  return steps
    .map((step) => `${step.agency_id}|${step.action}|${Number(step.roles_mask)}`)
    .sort()
    .join(',');
}

/** Counts steps per (agency, action, roles) and agreements per (agency, roles of all their steps). */
function countSteps(
  steps: ReadonlyArray<Pick<WorkItemRow, 'agreement_id' | 'agency_id' | 'action' | 'roles_mask'>>,
  counts: Deltas<[string, string, number]>,
  sign: 1 | -1,
): void {
  const perAgreement = new Map<string, { agency: string; mask: number }>();
  for (const step of steps) {
    counts.add([step.agency_id, step.action, Number(step.roles_mask)], sign);
    const id = `${step.agreement_id}|${step.agency_id}`;
    const entry = perAgreement.get(id) ?? { agency: step.agency_id, mask: 0 };
    entry.mask |= Number(step.roles_mask);
    perAgreement.set(id, entry);
  }
  for (const { agency, mask } of perAgreement.values()) counts.add([agency, ANY_ACTION, mask], sign);
}

/** Rewrites the search entry of each agreement whose searchable text this batch changed. */
async function writeSearch(
  trx: Trx,
  table: string,
  rows: readonly AgreementRowV2[],
  changes: readonly ProjectedChange[],
  latest: ReadonlyMap<string, ProjectedChange>,
): Promise<void> {
  const touched = new Set(
    changes.filter(({ event }) => SEARCH_DOCUMENT_EVENTS.has(event.type)).map(({ agreement }) => agreement.snapshot.context.agreementId),
  );
  const entries = rows
    .filter((row) => touched.has(row.id))
    .map((row) => ({ docId: row.doc_id, body: searchDocument(latest.get(row.id)!.agreement.snapshot.context) }));
  if (entries.length === 0) return;
  if (dialectOf(trx) === 'postgres') {
    for (const chunk of chunks(entries, 200)) {
      const values = sql.join(chunk.map((entry) => sql`(${entry.docId}, to_tsvector('simple', ${entry.body}))`));
      await sql`INSERT INTO ${sql.table(table)} (doc_id, document) VALUES ${values} ON CONFLICT (doc_id) DO UPDATE SET document = excluded.document`.execute(
        trx,
      );
    }
    return;
  }
  for (const chunk of chunks(entries, 200)) {
    await sql`DELETE FROM ${sql.table(table)} WHERE rowid IN (${sql.join(chunk.map((entry) => entry.docId))})`.execute(trx);
    const values = sql.join(chunk.map((entry) => sql`(${entry.docId}, ${entry.body})`));
    await sql`INSERT INTO ${sql.table(table)} (rowid, body) VALUES ${values}`.execute(trx);
  }
}

/** The roles whose bits a mask holds. */
export function rolesOfMask(mask: number): string[] {
  return ROLES.filter((_role, bit) => (mask & (1 << bit)) !== 0);
}
