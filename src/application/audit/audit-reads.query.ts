import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { assertAuditorOrAdmin } from './audit-access';
import { AuditLog, type AuditReadEntry } from './audit-log';

/** Who read which agreement's history, export, verification or past state, latest first. */
export class ListAuditReadsQuery extends Query<AuditReadEntry[]> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ListAuditReadsQuery)
export class ListAuditReadsHandler implements IQueryHandler<ListAuditReadsQuery> {
  constructor(private readonly auditLog: AuditLog) {}

  async execute({ actor, agreementId, limit }: ListAuditReadsQuery): Promise<AuditReadEntry[]> {
    assertAuditorOrAdmin(actor, 'Only auditors and administrators read the audit log');
    return this.auditLog.reads({ ...(agreementId === undefined ? {} : { agreementId }), limit });
  }
}
