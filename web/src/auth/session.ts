import { useEffect, useState } from 'preact/hooks';

/**
 * The signed-in official's token. It lives in this tab's sessionStorage (gone when the tab closes,
 * never shared with other tabs or kept on disk like localStorage), and in memory.
 */
export interface Session {
  readonly token: string;
  /** Milliseconds since the epoch; the token's `exp`. */
  readonly expiresAt: number | null;
  readonly mode: 'embedded' | 'oidc';
  readonly refreshToken?: string;
  readonly idToken?: string;
}

export type SessionEnd = 'expired' | 'signed-out' | 'link-failed' | 'oidc-failed';

const STORAGE_KEY = 'sepakat.session';
const listeners = new Set<() => void>();
let session: Session | undefined = readStored();
let ended: SessionEnd | undefined;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;
scheduleExpiry();

function readStored(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function changed(): void {
  scheduleExpiry();
  for (const listener of listeners) listener();
}

/** The claims of a JWT, read without verifying its signature (the API verifies the tokens it is sent). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(atob(jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
}

/** The token's `exp`, only to know when to refresh or sign in again. */
export function tokenExpiry(token: string): number | null {
  try {
    const { exp } = jwtClaims(token);
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Hooks that run when the token nears its end: OIDC refreshes it; otherwise the session ends. */
let renew: ((current: Session) => Promise<Session | undefined>) | undefined;
export function onTokenExpiring(handler: (current: Session) => Promise<Session | undefined>): void {
  renew = handler;
}

function scheduleExpiry(): void {
  clearTimeout(expiryTimer);
  if (!session?.expiresAt) return;
  // Refreshed 30 s before the end, or at half the time left for a token shorter than a minute (a
  // fixed lead longer than the token's life would refresh it again at once, without end).
  const left = session.expiresAt - Date.now();
  const lead = session.refreshToken ? Math.min(30_000, Math.max(0, left / 2)) : 0;
  const due = Math.max(0, left - lead);
  // setTimeout holds at most ~24.8 days; a longer token is checked again later.
  expiryTimer = setTimeout(() => void expiring(), Math.min(due, 2 ** 31 - 1));
}

async function expiring(): Promise<void> {
  const current = session;
  if (!current?.expiresAt) return;
  if (current.expiresAt - Date.now() > 60_000 && !current.refreshToken) return scheduleExpiry();
  // Reloaded near the end: the refresh handler arrives with /auth/config; wait for it while the token holds.
  if (!renew && current.refreshToken && current.expiresAt > Date.now()) {
    clearTimeout(expiryTimer);
    expiryTimer = setTimeout(() => void expiring(), 500);
    return;
  }
  const next = renew ? await renew(current).catch(() => undefined) : undefined;
  if (next) signIn(next);
  else sessionEnded('expired');
}

export function currentToken(): string | undefined {
  return session?.token;
}

export function currentSession(): Session | undefined {
  return session;
}

export function signIn(next: Session): void {
  session = next;
  ended = undefined;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  changed();
}

/** Forgets the token (a 401, expiry or sign-out); the app shows the sign-in page with the reason. */
export function sessionEnded(reason: SessionEnd): void {
  session = undefined;
  ended = reason;
  sessionStorage.removeItem(STORAGE_KEY);
  changed();
}

export function useSession(): { session: Session | undefined; ended: SessionEnd | undefined } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    listener();
    return () => void listeners.delete(listener);
  }, []);
  return { session, ended };
}
