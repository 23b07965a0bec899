const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d{1,6})\s*([smhdw])$/;

/**
 * Milliseconds of a duration written `30s`, `10m`, `8h`, `7d` or `2w` (a subset of what `jose`
 * accepts for token lifetimes, so that what passes here also passes there), or undefined.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}
