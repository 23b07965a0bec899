import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Actor } from '../../domain/access/actor';
import { agreementStream } from '../agreements/agreement-stream';
import { DirectoryRepository } from '../directory/directory-repository';
import { AgreementLog } from './agreement-log';
import { AgreementVerifier } from './agreement-verifier';
import { AuditLog } from './audit-log';

export interface VerificationView {
  readonly id: string;
  readonly valid: boolean;
  readonly checkedEvents: number;
  readonly firstInvalid?: { readonly revision: number; readonly reason: string };
}

/** Recomputes the hash chain and replays every event with its actor's rights, and its delegation, at the time. */
export class VerifyAgreementQuery extends Query<VerificationView> {
  constructor(
    readonly actor: Actor,
    readonly agreementId: string,
  ) {
    super();
  }
}

@QueryHandler(VerifyAgreementQuery)
export class VerifyAgreementHandler implements IQueryHandler<VerifyAgreementQuery> {
  constructor(
    private readonly log: AgreementLog,
    private readonly auditLog: AuditLog,
    private readonly directory: DirectoryRepository,
  ) {}

  async execute({ actor, agreementId }: VerifyAgreementQuery): Promise<VerificationView> {
    await this.log.readableParties(actor, agreementId);
    const verifier = new AgreementVerifier(agreementStream(agreementId), await this.directory.history());
    let unreadable: string | undefined;
    try {
      for await (const event of this.log.events(agreementId)) if (!verifier.push(event)) break;
    } catch (error) {
      // A stored row that no longer parses: the event after the last good one is broken.
      unreadable = `the stored event cannot be read: ${(error as Error).message}`;
    }
    const result = verifier.result();
    await this.auditLog.recordRead(actor, agreementId, 'verify');
    const firstInvalid = result.firstInvalid ?? (unreadable ? { revision: BigInt(result.checkedEvents), reason: unreadable } : undefined);
    return {
      id: agreementId,
      valid: firstInvalid === undefined,
      checkedEvents: result.checkedEvents,
      ...(firstInvalid ? { firstInvalid: { revision: Number(firstInvalid.revision), reason: firstInvalid.reason } } : {}),
    };
  }
}
