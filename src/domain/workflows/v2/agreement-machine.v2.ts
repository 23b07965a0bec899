import { isParty, withPartyProgress } from '../../agreements/agreement-context';
import { missingDprdApprovals } from './context.v2';
import { withTransitions, type MachineParts } from '../agreement-machine';
import { AGREEMENT_MACHINE_V1 } from '../v1/agreement-machine.v1';

/**
 * Version 2's lifecycle: version 1's chart, plus
 * - a DPRD decision per regional party whose budget the cooperation burdens, recorded while drafting
 *   or in review, and required before signing opens (PP 28/2018);
 * - implementation reports while the agreement is in force (monitoring and evaluation);
 * - signatures that keep the recorded delegation they were given under.
 */
export const AGREEMENT_MACHINE_V2 = {
  guards: {
    ...AGREEMENT_MACHINE_V1.guards,
    needsDprdApproval: (context, event) =>
      event.type === 'DprdApprovalRecorded' &&
      context.parties.some((party) => party.agencyId === event.agencyId && party.dprdApprovalRequired === true) &&
      context.dprdApprovals?.[event.agencyId] === undefined,
    dprdApprovalsRecorded: (context) => missingDprdApprovals(context).length === 0,
    isNewReport: (context, event) =>
      event.type === 'ImplementationReportFiled' &&
      isParty(context, event.agencyId) &&
      !(context.reports ?? []).some((report) => report.agencyId === event.agencyId && report.period === event.period),
  },
  updates: {
    ...AGREEMENT_MACHINE_V1.updates,
    recordSignature: (context, event) => {
      if (event.type !== 'PartySigned') return {};
      const { documentHash, signatoryName, capacity, delegationRef, delegation } = event;
      const signature = {
        documentHash,
        signatoryName,
        capacity,
        ...(delegationRef === undefined ? {} : { delegationRef }),
        ...(delegation === undefined ? {} : { delegationId: delegation.delegationId }),
      };
      return { progress: withPartyProgress(context, event.agencyId, (p) => ({ ...p, signature })) };
    },
    recordDprdApproval: (context, event) =>
      event.type === 'DprdApprovalRecorded'
        ? {
            dprdApprovals: {
              ...context.dprdApprovals,
              [event.agencyId]: { number: event.number, date: event.date, documentHash: event.documentHash },
            },
          }
        : {},
    recordReport: (context, event) =>
      event.type === 'ImplementationReportFiled'
        ? {
            reports: [
              ...(context.reports ?? []),
              { agencyId: event.agencyId, period: event.period, documentHash: event.documentHash, summary: event.summary },
            ],
          }
        : {},
  },
  initial: AGREEMENT_MACHINE_V1.initial,
  states: (id: string) => {
    const dprd = { DprdApprovalRecorded: { guard: 'needsDprdApproval', actions: 'recordDprdApproval' } };
    const report = { ImplementationReportFiled: { guard: 'isNewReport', actions: 'recordReport' } };
    return withTransitions(AGREEMENT_MACHINE_V1.states(id), {
      drafting: dprd,
      inReview: dprd,
      readyToSign: { ...dprd, SigningOpened: { guard: 'dprdApprovalsRecorded', target: 'signing', actions: 'startSigning' } },
      active: report,
      amending: report,
    });
  },
} satisfies MachineParts;
