/** The roles of DOMAIN.md. An official holds one or more, always for one agency. */
export const ROLES = [
  'DRAFTER',
  'COORDINATOR',
  'REVIEWER',
  'LEGAL_REVIEWER',
  'SIGNATORY',
  'RECORDS_OFFICER',
  'IMPLEMENTER',
  'AUDITOR',
  'ADMIN',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
