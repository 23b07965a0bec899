import { AgreementLog } from './agreement-log';
import { ListAuditReadsHandler } from './audit-reads.query';
import { AuditLog } from './audit-log';
import { DiffAgreementHandler } from './diff.query';
import { ExportAgreementHandler } from './export.query';
import { GetAgreementHistoryHandler } from './history.query';
import { StoreVerificationRuns } from './store-verification-runs';
import { VerifyAgreementHandler } from './verify.query';

/** Every provider of the auditors' use cases, for the module that wires them. */
export const AUDIT_PROVIDERS = [
  AgreementLog,
  AuditLog,
  GetAgreementHistoryHandler,
  VerifyAgreementHandler,
  ExportAgreementHandler,
  DiffAgreementHandler,
  ListAuditReadsHandler,
  StoreVerificationRuns,
];
