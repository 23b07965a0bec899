/**
 * The events and commands version 2 adds (its steps' own vocabulary, kept with its machine and
 * actions). The domain's unions (`AgreementEvent`, `AgreementActionCommand`) take them in from here.
 */

/** A party's DPRD approved the cooperation (its decision's number, date and document). */
export interface DprdApprovalRecorded {
  readonly type: 'DprdApprovalRecorded';
  readonly agencyId: string;
  readonly number: string;
  readonly date: string;
  readonly documentHash: string;
}
/** A party's implementation report for one reporting period (monitoring and evaluation). */
export interface ImplementationReportFiled {
  readonly type: 'ImplementationReportFiled';
  readonly agencyId: string;
  /** `2020-S1`, `2020-Q3` or `2020`, by the term's reporting period. */
  readonly period: string;
  readonly documentHash: string;
  readonly summary: string;
}

export type EventsV2 = DprdApprovalRecorded | ImplementationReportFiled;

export interface RecordDprdApproval {
  readonly type: 'RecordDprdApproval';
  readonly number: string;
  readonly date: string;
  readonly documentHash: string;
}
export interface FileImplementationReport {
  readonly type: 'FileImplementationReport';
  readonly period: string;
  readonly documentHash: string;
  readonly summary: string;
}

export type CommandsV2 = RecordDprdApproval | FileImplementationReport;
