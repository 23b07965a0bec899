import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { SIGN_IN_CODE, type SignInCodes, type SignInGrant } from '../../application/ports/sign-in-codes.port';
import { isRole } from '../../domain/access/roles';
import { parseDuration } from './duration';

/** The folder of sign-in codes inside `DATA_DIR`. */
export const SIGN_IN_CODES_FOLDER = 'sign-in-codes';

/** A code waiting to be exchanged. */
const ISSUED = '.json';
/** A code claimed by an exchange, between its rename and its deletion (or left by a crash there). */
const TAKEN = '.used';
/** A code being written; renamed to `.json` once whole, so nobody ever reads half of one. */
const WRITING = '.tmp';

interface StoredCode extends SignInGrant {
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/**
 * Sign-in codes as files in `DATA_DIR/sign-in-codes/` (folder 0700, files 0600), one per code,
 * named by the SHA-256 of the code: the CLI that issues them and every service process that
 * shares `DATA_DIR` see the same codes, with no database. A code is taken by renaming its file:
 * rename is atomic, so of two exchanges (two requests, two replicas on one folder) exactly one
 * finds the file, and a file once renamed is never exchanged again, after a restart either.
 */
export class FileSignInCodes implements SignInCodes {
  private readonly logger = new Logger('Auth');
  private readonly folder: string;

  /** `dataDir`: the service's `DATA_DIR`, which the CLI that issues codes must share. */
  constructor(dataDir: string) {
    this.folder = join(dataDir, SIGN_IN_CODES_FOLDER);
  }

  issue(grant: SignInGrant, times: { readonly now: Date; readonly expiresAt: Date }): string {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    this.forgetExpired(times.now);
    const code = randomBytes(32).toString('base64url');
    const stored: StoredCode = {
      sub: grant.sub,
      name: grant.name,
      agency: grant.agency,
      roles: [...grant.roles],
      tokenExpiresIn: grant.tokenExpiresIn,
      issuedAt: times.now.toISOString(),
      expiresAt: times.expiresAt.toISOString(),
    };
    const writing = this.file(code, WRITING);
    writeFileSync(writing, `${JSON.stringify(stored)}\n`, { flag: 'wx', mode: 0o600 });
    renameSync(writing, this.file(code, ISSUED));
    return code;
  }

  take(code: string, now: Date): SignInGrant | undefined {
    if (!SIGN_IN_CODE.test(code)) return undefined;
    const taken = this.file(code, TAKEN);
    try {
      renameSync(this.file(code, ISSUED), taken);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let stored: StoredCode | undefined | null;
    try {
      stored = read(taken);
    } finally {
      remove(taken);
    }
    if (stored === undefined) this.logger.warn(`A sign-in code file was unreadable; it has been removed (${taken})`);
    return stored && Date.parse(stored.expiresAt) > now.getTime() ? grantOf(stored) : undefined;
  }

  /**
   * Removes codes expired at `now`, unreadable ones, and claimed ones a crash left behind once they
   * expired. Housekeeping only (an expired code is refused anyway): a file it cannot read or remove
   * is left for the next time rather than stop a code from being issued.
   */
  private forgetExpired(now: Date): void {
    for (const name of readdirSync(this.folder)) {
      if (!name.endsWith(ISSUED) && !name.endsWith(TAKEN)) continue;
      const file = join(this.folder, name);
      try {
        const stored = read(file);
        if (stored !== null && (stored === undefined || Date.parse(stored.expiresAt) <= now.getTime())) remove(file);
      } catch {
        continue;
      }
    }
  }

  private file(code: string, suffix: string): string {
    return join(this.folder, `${createHash('sha256').update(code, 'utf8').digest('hex')}${suffix}`);
  }
}

/** The stored code; undefined when the file is not one; null when it is gone (taken meanwhile). */
function read(file: string): StoredCode | undefined | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return parseStored(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function parseStored(value: unknown): StoredCode | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { sub, name, agency, roles, tokenExpiresIn, issuedAt, expiresAt } = value as Record<string, unknown>;
  const texts = [sub, name, agency, tokenExpiresIn, issuedAt, expiresAt];
  if (texts.some((text) => typeof text !== 'string') || !Array.isArray(roles) || !roles.every(isRole)) return undefined;
  const stored = { sub, name, agency, roles, tokenExpiresIn, issuedAt, expiresAt } as StoredCode;
  return parseDuration(stored.tokenExpiresIn) !== undefined && !Number.isNaN(Date.parse(stored.expiresAt)) ? stored : undefined;
}

function grantOf({ sub, name, agency, roles, tokenExpiresIn }: StoredCode): SignInGrant {
  return { sub, name, agency, roles, tokenExpiresIn };
}

function remove(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
