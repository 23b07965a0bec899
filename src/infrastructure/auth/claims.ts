import type { JWTPayload } from 'jose';
import { InvalidTokenError, type Actor } from '../../application/ports/token-verifier.port';
import { isRole } from '../../domain/access/roles';
import { cleanText, describeTextProblem, textProblem, TEXT_RULES, type TextRule } from '../../domain/text/text-rules';
import type { ClaimNames } from '../config/app-config';

/** Reads a claim by name, following dots into nested objects (`realm_access.roles`). */
function claim(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

/**
 * An identifying claim (subject, agency): it goes into every event's envelope as it is, so it must
 * obey the text rules; a token whose identity breaks them is refused rather than altered (two
 * cleaned ids could become one).
 */
function identifier(payload: JWTPayload, path: string, rule: TextRule): string {
  const value = claim(payload, path);
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidTokenError(`claim ${path} is missing or not a string`);
  const problem = textProblem(value, rule);
  if (problem) throw new InvalidTokenError(`claim ${describeTextProblem(path, problem, rule)}`);
  return value;
}

/**
 * The actor a verified token vouches for. Roles may be an array or a space- or comma-separated
 * string; roles this service does not know are ignored (an identity provider has others).
 * The display name is cleaned, not refused: people can often edit it at their identity provider,
 * it identifies nobody, and a name with control or bidirectional characters must neither lock its
 * owner out nor reach an event (see `cleanText`); the subject stands in when nothing is left.
 */
export function actorFromClaims(payload: JWTPayload, names: ClaimNames): Actor {
  const rawRoles = claim(payload, names.roles);
  const listed = Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(/[\s,]+/) : [];
  const roles = [...new Set(listed.filter(isRole))];
  const subject = identifier(payload, names.subject, TEXT_RULES.actorId);
  const nameValue = claim(payload, names.name);
  const name = typeof nameValue === 'string' ? cleanText(nameValue, TEXT_RULES.actorName) : '';
  return {
    id: subject,
    name: name === '' ? cleanText(subject, TEXT_RULES.actorName) : name,
    agencyId: identifier(payload, names.agency, TEXT_RULES.agencyId),
    roles,
  };
}
