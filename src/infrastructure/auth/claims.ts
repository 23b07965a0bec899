import type { JWTPayload } from 'jose';
import { InvalidTokenError, type Actor } from '../../application/ports/token-verifier.port';
import { isRole } from '../../domain/access/roles';
import type { ClaimNames } from '../config/app-config';

/** Reads a claim by name, following dots into nested objects (`realm_access.roles`). */
function claim(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), payload);
}

function text(payload: JWTPayload, path: string): string {
  const value = claim(payload, path);
  if (typeof value !== 'string' || value.trim() === '') throw new InvalidTokenError(`claim ${path} is missing or not a string`);
  return value;
}

/**
 * The actor a verified token vouches for. Roles may be an array or a space- or comma-separated
 * string; roles this service does not know are ignored (an identity provider has others).
 */
export function actorFromClaims(payload: JWTPayload, names: ClaimNames): Actor {
  const rawRoles = claim(payload, names.roles);
  const listed = Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(/[\s,]+/) : [];
  const roles = [...new Set(listed.filter(isRole))];
  const subject = text(payload, names.subject);
  const nameValue = claim(payload, names.name);
  return {
    id: subject,
    name: typeof nameValue === 'string' && nameValue.trim() !== '' ? nameValue : subject,
    agencyId: text(payload, names.agency),
    roles,
  };
}
