import type * as Commands from '../../agreements/agreement-commands';
import type { AgreementEvent, SignatureDelegation } from '../../agreements/agreement-events';
import { rule } from '../../agreements/agreement-rules';
import { isCalendarDate } from '../../agreements/calendar';
import { agreementReportingPeriods } from '../../agreements/reporting';
import { EMPTY_DIRECTORY } from '../../directory/agency';
import { checkDelegation } from '../../directory/delegation';
import { checkText, TEXT_RULES } from '../../text/text-rules';
import { AGREEMENT_ACTIONS_V1, BODIES_V1, checkSignature, OPEN_SIGNING_V1, partySigned, SIGN_V1 } from '../v1/agreement-actions.v1';
import { action, type ActionDefinition } from '../workflow-definition';
import { missingDprdApprovals } from './context.v2';

/** Opening signing also needs every required DPRD decision (the machine's guard holds the same). */
export const OPEN_SIGNING_V2 = action<Commands.OpenSigning>({
  ...OPEN_SIGNING_V1,
  summary: 'Open signing once every party has cleared the document and every required DPRD decision is recorded',
  // Not offered (nor awaited in an inbox) while a DPRD decision is missing: that party's coordinator is awaited first.
  offeredTo: (context) => missingDprdApprovals(context).length === 0,
  decide: (input) => {
    const missing = missingDprdApprovals(input.agreement);
    rule(missing.length === 0, 'dprd-approval', `Signing opens once the DPRD decision of ${missing.join(', ')} is recorded (PP 28/2018)`);
    return OPEN_SIGNING_V1.decide(input);
  },
});

/**
 * Signing on behalf or under delegation names a delegation recorded in the directory (by id, or
 * by its reference number) that holds at this moment for this agreement, this party and this
 * signatory; the event keeps what the delegation said, and `verify` checks it again. A party the
 * directory does not list yet signs under version 1's rule (a reference, kept as given), unless
 * the reference names a recorded delegation, which is then checked like any other.
 */
export const SIGN_V2 = action<Commands.SignAgreement>({
  ...SIGN_V1,
  summary: 'Sign the cleared document for your own agency, in your own capacity or under a recorded delegation',
  body: {
    name: 'SignBody',
    fields: {
      ...BODIES_V1.sign.fields,
      delegationRef: {
        ...BODIES_V1.sign.fields.delegationRef,
        description:
          'Required when signing on behalf or under delegation: on version 2, the reference number of a recorded delegation (or use delegationId)',
      },
      delegationId: {
        kind: 'text',
        rule: 'identifier',
        optional: true,
        example: 'sk-menteri-12-2020',
        description: 'Version 2: the id of the recorded delegation signed under (GET /delegations)',
      },
    },
  },
  decide: (input) => {
    const { command, agreement, party, actor, context } = input;
    checkSignature(input);
    if (command.delegationId !== undefined) checkText('delegationId', command.delegationId, TEXT_RULES.identifier);
    const capacity = command.capacity ?? 'ORIGINAL';
    const reference = command.delegationId ?? command.delegationRef;
    let delegation: SignatureDelegation | undefined;
    if (capacity === 'ORIGINAL') {
      rule(
        reference === undefined,
        'delegation-capacity',
        'A delegation is named only when signing on behalf (ON_BEHALF) or under delegation (DELEGATED)',
      );
    } else if (
      context.delegation == null &&
      !(context.directory ?? EMPTY_DIRECTORY).has(party) &&
      command.delegationRef !== undefined &&
      command.delegationId === undefined
    ) {
      return SIGN_V1.decide(input);
    } else {
      rule(
        reference !== undefined,
        'delegation',
        'Signing on behalf or under delegation names a recorded delegation (delegationId, or its reference number as delegationRef)',
      );
      const recorded = checkDelegation(
        context.delegation,
        { agreementId: agreement.agreementId, kind: agreement.kind!, partyAgencyId: party, actor, at: context.now },
        context.directory ?? EMPTY_DIRECTORY,
        reference,
      );
      delegation = {
        delegationId: recorded.id,
        referenceNumber: recorded.referenceNumber,
        grantor: recorded.grantor,
        letterSha256: recorded.letterSha256,
      };
    }
    return [partySigned(input, capacity, delegation === undefined ? {} : { delegationRef: delegation.referenceNumber, delegation })];
  },
});

export const RECORD_DPRD_APPROVAL_V2 = action<Commands.RecordDprdApproval>({
  name: 'record-dprd-approval',
  command: 'RecordDprdApproval',
  policy: { roles: ['COORDINATOR'], party: 'own' },
  produces: 'DprdApprovalRecorded',
  summary: "Record your DPRD's approval of the cooperation (number, date, document), required before signing opens",
  body: {
    name: 'DprdApprovalBody',
    fields: {
      number: { kind: 'text', rule: 'registryNumber', example: '12/DPRD/2020', description: 'Number of the DPRD decision' },
      date: { kind: 'date', example: '2020-02-20' },
      documentHash: { kind: 'sha256', description: 'SHA-256 of the decision document' },
    },
  },
  awaited: true,
  offeredTo: (context, agencyId) => missingDprdApprovals(context).includes(agencyId),
  decide: ({ command, agreement, party }): AgreementEvent[] => {
    checkText('number', command.number, TEXT_RULES.registryNumber);
    checkText('documentHash', command.documentHash, TEXT_RULES.identifier);
    rule(isCalendarDate(command.date), 'date', 'The DPRD decision date must be a real date (YYYY-MM-DD)');
    rule(
      missingDprdApprovals(agreement).includes(party),
      'dprd-approval',
      'Your agency needs no DPRD decision here, or has recorded it already',
    );
    return [
      {
        type: 'DprdApprovalRecorded',
        agencyId: party,
        number: command.number,
        date: command.date,
        documentHash: command.documentHash.toLowerCase(),
      },
    ];
  },
});

export const FILE_REPORT_V2 = action<Commands.FileImplementationReport>({
  name: 'file-report',
  command: 'FileImplementationReport',
  policy: { roles: ['IMPLEMENTER', 'COORDINATOR'], party: 'own' },
  produces: 'ImplementationReportFiled',
  summary: "File your agency's implementation report for a reporting period (monitoring and evaluation)",
  body: {
    name: 'ReportBody',
    fields: {
      period: {
        kind: 'text',
        rule: 'identifier',
        example: '2020-S1',
        description: 'The reporting period: 2020-Q1..Q4, 2020-S1/S2 or 2020, by the term’s reporting period',
      },
      documentHash: { kind: 'sha256', description: 'SHA-256 of the report document' },
      summary: { kind: 'text', rule: 'summary', description: 'What was done in the period; line feeds and tabs allowed' },
    },
  },
  awaited: false,
  offeredTo: (context) => (context.term?.reportingPeriodMonths ?? 0) > 0,
  decide: ({ command, agreement, party, today }): AgreementEvent[] => {
    checkText('period', command.period, TEXT_RULES.identifier);
    checkText('documentHash', command.documentHash, TEXT_RULES.identifier);
    checkText('summary', command.summary, TEXT_RULES.summary);
    const periods = agreementReportingPeriods(agreement);
    rule(periods.length > 0, 'reporting', 'This agreement has no reporting period');
    const period = periods.find((candidate) => candidate.period === command.period);
    rule(!!period, 'report-period', `Report on one of the agreement's periods: ${periods.map((p) => p.period).join(', ')}`);
    rule(period.start <= today, 'report-period', `The period ${period.period} starts on ${period.start}`);
    rule(
      !(agreement.reports ?? []).some((report) => report.agencyId === party && report.period === period.period),
      'report-filed',
      `Your agency has already reported on ${period.period}`,
    );
    return [
      {
        type: 'ImplementationReportFiled',
        agencyId: party,
        period: period.period,
        documentHash: command.documentHash.toLowerCase(),
        summary: command.summary,
      },
    ];
  },
});

const REPLACED = new Map<string, ActionDefinition>([
  [OPEN_SIGNING_V2.name, OPEN_SIGNING_V2],
  [SIGN_V2.name, SIGN_V2],
]);

/** Version 1's table with the changed actions in their places, then the new ones. */
export const AGREEMENT_ACTIONS_V2: readonly ActionDefinition[] = [
  ...AGREEMENT_ACTIONS_V1.map((definition) => REPLACED.get(definition.name) ?? definition),
  RECORD_DPRD_APPROVAL_V2,
  FILE_REPORT_V2,
];
