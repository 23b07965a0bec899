import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignInGrant } from '../../../src/application/ports/sign-in-codes.port';
import { FileSignInCodes, SIGN_IN_CODES_FOLDER } from '../../../src/infrastructure/auth/file-sign-in-codes';
import { temporaryDirectory, type TemporaryDirectory } from '../../support/temporary-directory';

const grant: SignInGrant = { sub: 'siti', name: 'Siti Rahayu', agency: 'kemendes-pdtt', roles: ['DRAFTER'], tokenExpiresIn: '8h' };
const issuedAt = new Date('2024-11-15T03:00:00Z');
const at = (minutes: number) => new Date(issuedAt.getTime() + minutes * 60_000);
const digest = (code: string) => createHash('sha256').update(code).digest('hex');

describe('sign-in codes kept as files in the data folder', () => {
  let directory: TemporaryDirectory;
  let codes: FileSignInCodes;
  const folder = () => join(directory.path, SIGN_IN_CODES_FOLDER);
  const files = () => readdirSync(folder()).sort();

  beforeEach(async () => {
    directory = await temporaryDirectory();
    codes = new FileSignInCodes(directory.path);
  });

  afterEach(async () => {
    await directory.remove();
  });

  describe('when issuing', () => {
    it('returns 32 random bytes in base64url and keeps only their digest', () => {
      const code = codes.issue(grant, { now: issuedAt, expiresAt: at(10) });

      expect(Buffer.from(code, 'base64url')).toHaveLength(32);
      expect(files()).toEqual([`${digest(code)}.json`]);
      expect(readFileSync(join(folder(), files()[0]), 'utf8')).not.toContain(code);
      expect(codes.issue(grant, { now: issuedAt, expiresAt: at(10) })).not.toBe(code);
    });

    it('forgets codes that expired, unreadable files and claims a crash left behind, and keeps the rest', () => {
      codes.issue(grant, { now: at(-20), expiresAt: at(-10) });
      const live = codes.issue(grant, { now: issuedAt, expiresAt: at(10) });
      const claimedThenCrashed = codes.issue(grant, { now: at(-20), expiresAt: at(-10) });
      renameSync(join(folder(), `${digest(claimedThenCrashed)}.json`), join(folder(), `${digest(claimedThenCrashed)}.used`));
      writeFileSync(join(folder(), `${'0'.repeat(64)}.json`), '{"sub":');

      const next = codes.issue(grant, { now: issuedAt, expiresAt: at(10) });

      expect(files()).toEqual([`${digest(live)}.json`, `${digest(next)}.json`].sort());
    });
  });

  describe('when taking', () => {
    it('gives the grant once; another process on the same folder, or this one after a restart, gets nothing', () => {
      const code = codes.issue(grant, { now: issuedAt, expiresAt: at(10) });

      expect(codes.take(code, at(1))).toEqual(grant);
      expect(codes.take(code, at(1))).toBeUndefined();
      expect(new FileSignInCodes(directory.path).take(code, at(1))).toBeUndefined();
      expect(files()).toEqual([]);
    });

    it('never gives a code that another taker has claimed, even if it crashed before deleting it', () => {
      const code = codes.issue(grant, { now: issuedAt, expiresAt: at(10) });
      renameSync(join(folder(), `${digest(code)}.json`), join(folder(), `${digest(code)}.used`));

      expect(codes.take(code, at(1))).toBeUndefined();
    });

    it('refuses a code at the moment it expires, and forgets it', () => {
      const code = codes.issue(grant, { now: issuedAt, expiresAt: at(10) });

      expect(codes.take(code, at(10))).toBeUndefined();
      expect(files()).toEqual([]);
    });

    it('refuses and removes a file that does not hold a code', () => {
      const code = codes.issue(grant, { now: issuedAt, expiresAt: at(10) });
      writeFileSync(join(folder(), `${digest(code)}.json`), JSON.stringify({ ...grant, roles: ['MINISTER'], issuedAt, expiresAt: at(10) }));

      expect(codes.take(code, at(1))).toBeUndefined();
      expect(files()).toEqual([]);
    });

    it('looks up nothing for a string that is not a code', () => {
      writeFileSync(join(directory.path, 'jwt-secret'), 'secret');

      expect(codes.take('../jwt-secret', at(1))).toBeUndefined();
      expect(codes.take('', at(1))).toBeUndefined();
      expect(readdirSync(directory.path)).toEqual(['jwt-secret']);
    });
  });
});
