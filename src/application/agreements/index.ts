import { GetWorkflowHandler, ListWorkflowsHandler } from '../workflows/workflow-queries';
import { DirectoryRepository } from '../directory/directory-repository';
import { AgreementRepository } from './agreement-repository';
import { DecisionFacts } from './decision-facts';
import { DraftAgreementHandler } from './draft-agreement.command';
import { GetAgreementStateHandler } from './get-agreement-state.query';
import { PerformAgreementActionHandler } from './perform-action.command';

/** Every provider of the agreements use cases, for the module that wires them. */
export const AGREEMENT_PROVIDERS = [
  AgreementRepository,
  DirectoryRepository,
  DecisionFacts,
  DraftAgreementHandler,
  PerformAgreementActionHandler,
  GetAgreementStateHandler,
  ListWorkflowsHandler,
  GetWorkflowHandler,
];
