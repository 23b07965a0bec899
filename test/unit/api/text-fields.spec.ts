import { getMetadataStorage } from 'class-validator';
import * as actionBodies from '../../../src/api/agreements/dto/action-bodies.dto';
import * as agreementQueries from '../../../src/api/agreements/dto/agreement-queries.dto';
import * as draftAgreement from '../../../src/api/agreements/dto/draft-agreement.dto';
import * as stateQuery from '../../../src/api/agreements/dto/state-query.dto';
import * as auditQueries from '../../../src/api/audit/audit-queries.dto';
import * as directory from '../../../src/api/directory/directory.dto';
import { TEXT_RULES } from '../../../src/application/agreements/vocabulary';

/** Every request DTO class of the API, by name: those declared, and the action bodies built from the workflows' body schemas. */
const DTOS = Object.entries({
  ...actionBodies,
  ...agreementQueries,
  ...draftAgreement,
  ...stateQuery,
  ...auditQueries,
  ...directory,
  ...Object.fromEntries(Object.values(actionBodies.ACTION_BODIES).map((body) => [body.name, body])),
} as Record<string, unknown>).filter(
  // Answers (`AgencyViewDto`, `DelegationViewDto`) extend a request's class for the OpenAPI document
  // and so carry its validators, but nothing validates an answer: they are not request DTOs.
  (entry): entry is [string, new () => object] =>
    typeof entry[1] === 'function' && /^[A-Z]/.test(entry[0]) && !entry[0].endsWith('ViewDto'),
);

/** The validations of each property of a DTO: `{ property: [{ name, constraints }] }`. */
function validations(dto: new () => object): Record<string, Array<{ name: string; constraints: unknown[] }>> {
  const out: Record<string, Array<{ name: string; constraints: unknown[] }>> = {};
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    (out[metadata.propertyName] ??= []).push({ name: metadata.name ?? metadata.type, constraints: metadata.constraints ?? [] });
  }
  return out;
}

describe('text fields of the API', () => {
  it('are all validated by the text rules: no DTO checks a string with IsString or Length alone', () => {
    const loose = DTOS.flatMap(([name, dto]) =>
      Object.entries(validations(dto))
        .filter(([, checks]) => checks.some((check) => check.name === 'isString' || check.name === 'isLength'))
        .map(([property]) => `${name}.${property}`),
    );
    expect(loose).toEqual([]);
  });

  it('each have the rule the decider applies to the same field', () => {
    const ruled = Object.fromEntries(
      DTOS.flatMap(([name, dto]) =>
        Object.entries(validations(dto)).flatMap(([property, checks]) =>
          checks.filter((check) => check.name === 'isText').map((check) => [`${name}.${property}`, check.constraints[0]] as const),
        ),
      ),
    );
    expect(ruled).toEqual({
      'PartyDto.name': TEXT_RULES.partyName,
      'DraftAgreementDto.title': TEXT_RULES.title,
      'DraftAgreementDto.purpose': TEXT_RULES.purpose,
      'AttachDocumentBody.name': TEXT_RULES.documentName,
      'ReasonBody.reason': TEXT_RULES.reason,
      'SignBody.signatoryName': TEXT_RULES.signatoryName,
      'SignBody.delegationRef': TEXT_RULES.delegationRef,
      'SignBody.delegationId': TEXT_RULES.identifier,
      'DprdApprovalBody.number': TEXT_RULES.registryNumber,
      'ReportBody.period': TEXT_RULES.identifier,
      'ReportBody.summary': TEXT_RULES.summary,
      'AgencyChangeDto.name': TEXT_RULES.partyName,
      'AgencyDto.name': TEXT_RULES.partyName,
      'GrantorDto.position': TEXT_RULES.position,
      'GranteeDto.position': TEXT_RULES.position,
      'GranteeDto.officialId': TEXT_RULES.actorId,
      'DelegationDto.referenceNumber': TEXT_RULES.delegationRef,
      'RevocationDto.reason': TEXT_RULES.reason,
      'RegistryNumberBody.number': TEXT_RULES.registryNumber,
      'LocationDto.province': TEXT_RULES.place,
      'LocationDto.regency': TEXT_RULES.place,
      'LocationDto.district': TEXT_RULES.place,
      'LocationDto.villages': TEXT_RULES.place,
      'LocationDto.area': TEXT_RULES.place,
      'AmendmentBody.summary': TEXT_RULES.summary,
      'TerminationNoticeBody.reason': TEXT_RULES.reason,
      'ListAgreementsDto.agencyId': TEXT_RULES.agencyId,
      'ListAgreementsDto.q': { maxLength: 200, multiline: false },
    });
  });

  it('nested objects are required to be objects, so a missing one is a 400 naming it, never a 500', () => {
    const nested = DTOS.flatMap(([name, dto]) =>
      Object.entries(validations(dto))
        .filter(([, checks]) => checks.some((check) => check.name === 'nestedValidation'))
        .map(([property, checks]) => [`${name}.${property}`, checks.some((check) => check.name === 'isObject')] as const),
    );
    expect(Object.fromEntries(nested)).toEqual({
      'DraftAgreementDto.parties': true,
      'DraftAgreementDto.term': true,
      'LocationsBody.locations': true,
      'DelegationDto.grantor': true,
      'DelegationDto.grantee': true,
      'DelegationDto.scope': true,
    });
  });
});
