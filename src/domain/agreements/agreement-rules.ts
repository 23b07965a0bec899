import type { Actor } from '../access/actor';
import { BusinessRuleViolationError, InvalidTextError, rule } from '../errors';
import { checkText, TEXT_RULES } from '../text/text-rules';
import type { DraftAgreement } from './agreement-commands';
import type { AgreementContext } from './agreement-context';
import type { AgreementKind, Location, Term } from './agreement-events';
import { addDays, isCalendarDate } from './calendar';
import type { DecisionContext, ParentAgreement } from './decision-context';

/**
 * The rules every workflow version's decisions share: each refusal is a
 * {@link BusinessRuleViolationError} naming its rule, which the API answers with 422.
 */
export { rule };

const DEFAULT_NOTICE_PERIOD_DAYS = 90;

export function checkTerm(term: { startDate: string; endDate: string; noticePeriodDays?: number }): Term {
  rule(isCalendarDate(term.startDate) && isCalendarDate(term.endDate), 'term-dates', 'Term dates must be real dates (YYYY-MM-DD)');
  rule(term.startDate < term.endDate, 'term-order', 'The term must end after it starts');
  const noticePeriodDays = term.noticePeriodDays ?? DEFAULT_NOTICE_PERIOD_DAYS;
  rule(
    Number.isInteger(noticePeriodDays) && noticePeriodDays >= 0 && addDays(term.startDate, noticePeriodDays) <= term.endDate,
    'notice-period',
    'The notice period must be a whole number of days that fits in the term',
  );
  return { startDate: term.startDate, endDate: term.endDate, noticePeriodDays };
}

/**
 * The parent a decision names must be known to the decider, and each rule about it holds. A
 * parent the actor may not read fails every rule as a parent that does not exist does, with the
 * same rule and words, so that a refusal reveals neither its existence nor its kind, state or term.
 */
export function knownParent(parentId: string, context: DecisionContext): ParentAgreement {
  const { parent } = context;
  rule(!!parent, 'parent-exists', parentNotFound(parentId));
  return parent;
}

export function parentRule(parentId: string, parent: ParentAgreement, condition: boolean, name: string, message: string): void {
  if (condition) return;
  if (!parent.visibleToActor) throw new BusinessRuleViolationError('parent-exists', parentNotFound(parentId));
  throw new BusinessRuleViolationError(name, message);
}

export function parentNotFound(parentId: string): string {
  return `The parent agreement ${parentId} does not exist or your agency cannot see it`;
}

/** A PKS implementing an MoU: the parent must be an MoU whose term contains the child's. */
export function checkParent(kind: AgreementKind, parentId: string | undefined, term: Term, context: DecisionContext): void {
  if (parentId === undefined) return;
  rule(kind === 'PERJANJIAN_KERJA_SAMA', 'parent-kind', 'Only a PKS implements a parent agreement');
  const parent = knownParent(parentId, context);
  parentRule(parentId, parent, parent.kind === 'NOTA_KESEPAHAMAN', 'parent-kind', 'The parent of a PKS must be a Nota Kesepahaman');
  parentRule(
    parentId,
    parent,
    parent.term.startDate <= term.startDate && term.endDate <= parent.term.endDate,
    'parent-term',
    `The term must lie inside the parent's term (${parent.term.startDate} to ${parent.term.endDate})`,
  );
}

export function checkParentInForce(ctx: AgreementContext, context: DecisionContext, what: string): void {
  if (ctx.parentId === undefined) return;
  const parent = knownParent(ctx.parentId, context);
  parentRule(
    ctx.parentId,
    parent,
    parent.state === 'active' || parent.state === 'amending',
    'parent-in-force',
    `A PKS cannot be ${what} before its parent MoU is active`,
  );
  parentRule(
    ctx.parentId,
    parent,
    ctx.term !== undefined && ctx.term.endDate <= parent.term.endDate,
    'parent-term',
    `The term must lie inside the parent's term (${parent.term.startDate} to ${parent.term.endDate})`,
  );
}

/**
 * The text rules on every string a draft copies into its event. The API has checked them already
 * (after normalising to NFC); here they hold for every other caller too.
 */
export function checkDraftText(command: DraftAgreement): void {
  checkText('kind', command.kind, TEXT_RULES.identifier);
  checkText('title', command.title, TEXT_RULES.title);
  if (command.purpose !== undefined) checkText('purpose', command.purpose, TEXT_RULES.purpose);
  if (command.parentId !== undefined) checkText('parentId', command.parentId, TEXT_RULES.identifier);
  command.parties.forEach((party, index) => {
    checkText(`parties.${index}.agencyId`, party.agencyId, TEXT_RULES.agencyId);
    checkText(`parties.${index}.name`, party.name, TEXT_RULES.partyName);
    checkText(`parties.${index}.role`, party.role, TEXT_RULES.identifier);
  });
}

export function checkLocationsText(locations: readonly Location[]): void {
  locations.forEach((location, index) => {
    checkText(`locations.${index}.province`, location.province, TEXT_RULES.place);
    checkText(`locations.${index}.regency`, location.regency, TEXT_RULES.place);
    checkText(`locations.${index}.district`, location.district, TEXT_RULES.place);
    if (location.villages !== undefined) {
      const villages = `locations.${index}.villages`;
      if (!Array.isArray(location.villages)) throw new InvalidTextError(villages, `${villages} must be a list of texts`);
      location.villages.forEach((village: unknown, v) => checkText(`${villages}.${v}`, village, TEXT_RULES.place));
    }
    if (location.area !== undefined) checkText(`locations.${index}.area`, location.area, TEXT_RULES.place);
  });
}

/**
 * The actor goes into every event's envelope: its id, name and agency obey the text rules too.
 * Tokens are checked (and display names cleaned) when verified; this holds for every other caller.
 */
export function checkActorText(actor: Actor): void {
  checkText('actor.id', actor.id, TEXT_RULES.actorId);
  checkText('actor.name', actor.name, TEXT_RULES.actorName);
  checkText('actor.agencyId', actor.agencyId, TEXT_RULES.agencyId);
  if (actor.onBehalfOf !== undefined) checkText('actor.onBehalfOf', actor.onBehalfOf, TEXT_RULES.actorName);
}
