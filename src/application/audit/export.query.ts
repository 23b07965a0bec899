import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { agreementStream } from '../agreements/agreement-stream';
import { canonicalJson } from '../event-store/canonical-json';
import type { RecordedEvent } from '../ports/event-store.port';
import { AgreementLog } from './agreement-log';
import { AuditLog } from './audit-log';

export type ExportFormat = 'json' | 'csv';

export interface AgreementExport {
  readonly filename: string;
  readonly contentType: string;
  readonly body: string;
}

/** Stated in every export so that whoever holds it can check it with nothing else. */
export const HASH_RULE =
  'hash = hex(sha256(utf8(prevHash + canonicalJson({stream, revision, type, data, metadata})))), where metadata is the ' +
  'stored metadata without "hash" (it keeps "prevHash"), revision is a JSON number, canonicalJson is RFC 8785 (JCS), and ' +
  "the prevHash of revision 0 is 64 zeros; every later prevHash is the previous event's hash.";

export const CSV_COLUMNS = [
  'stream',
  'revision',
  'event_id',
  'position',
  'type',
  'recorded_at',
  'occurred_at',
  'actor_id',
  'actor_name',
  'actor_agency',
  'actor_roles',
  'data_json',
  'metadata_json',
  'prev_hash',
  'hash',
] as const;

/**
 * The agreement's stored events with their hashes, in a form an auditor can verify offline with
 * `npm run verify-export -- FILE` (or any implementation of the hash rule).
 */
export class ExportAgreementQuery extends Query<AgreementExport> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
    readonly format: ExportFormat,
  ) {
    super();
  }
}

@QueryHandler(ExportAgreementQuery)
export class ExportAgreementHandler implements IQueryHandler<ExportAgreementQuery> {
  constructor(
    private readonly log: AgreementLog,
    private readonly auditLog: AuditLog,
  ) {}

  async execute({ actor, agreementId, format }: ExportAgreementQuery): Promise<AgreementExport> {
    await this.log.readableParties(actor, agreementId);
    const events: RecordedEvent[] = [];
    for await (const event of this.log.events(agreementId)) events.push(event);
    await this.auditLog.recordRead(actor, agreementId, 'export', { format });
    const filename = `agreement-${agreementId}.${format}`;
    if (format === 'csv') return { filename, contentType: 'text/csv; charset=utf-8', body: toCsv(events) };
    const document = {
      format: 'sepakat-agreement-export',
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      exportedBy: { id: actor.id, name: actor.name, agencyId: actor.agencyId },
      agreementId,
      stream: agreementStream(agreementId),
      hashRule: HASH_RULE,
      events: events.map((event) => ({
        stream: event.stream,
        revision: Number(event.revision),
        id: event.id,
        position: event.position.toString(),
        type: event.type,
        recordedAt: event.recordedAt.toISOString(),
        data: event.data,
        metadata: event.metadata,
      })),
    };
    return { filename, contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(document, null, 2)}\n` };
  }
}

function toCsv(events: readonly RecordedEvent[]): string {
  const rows = events.map((event) => {
    const actor = (event.metadata.actor ?? {}) as { id?: string; name?: string; agencyId?: string; roles?: string[] };
    const occurredAt = event.metadata.occurredAt as string | undefined;
    return [
      event.stream,
      String(event.revision),
      event.id,
      event.position.toString(),
      event.type,
      event.recordedAt.toISOString(),
      occurredAt ?? '',
      actor.id ?? '',
      actor.name ?? '',
      actor.agencyId ?? '',
      (actor.roles ?? []).join(' '),
      canonicalJson(event.data),
      canonicalJson(event.metadata),
      event.metadata.prevHash,
      event.metadata.hash,
    ];
  });
  return `${[[...CSV_COLUMNS], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** What a spreadsheet may read as the start of a formula (OWASP, CSV injection), and the quote that neutralises it. */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * One CSV cell that a spreadsheet shows as text (OWASP's CSV injection guidance): a value that
 * starts with `=`, `+`, `-`, `@`, TAB or CR gets a single quote in front. So does a value that
 * already starts with a single quote, so that a reader undoes the rule exactly by taking one
 * leading quote away from any cell that has one. Every cell is quoted (RFC 4180, inner quotes
 * doubled), so no comma, semicolon or line break in a value can start a cell of its own.
 */
export function csvCell(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}
