import { hmacPageCursors, pageCursorKey } from '../../../src/infrastructure/cursors/hmac-page-cursors';
import { loadConfig } from '../../../src/infrastructure/config/app-config';
import { temporaryDirectory } from '../../support/temporary-directory';

const key = new Uint8Array(32).fill(7);
const position = Buffer.from(JSON.stringify(['2020-03-10T00:00:00.000Z', '5f0c7a2e-3a51-4d43-9d1a-6c0f5b1f7c11'])).toString('base64url');

describe('HMAC page cursors', () => {
  const cursors = hmacPageCursors(key);

  it('opens what it sealed, for the same purpose', () => {
    const cursor = cursors.seal('agreements', position);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursors.open('agreements', cursor)).toBe(position);
  });

  it('refuses a cursor of another purpose, another key, a changed byte, a bare position, or another spelling', () => {
    const cursor = cursors.seal('agreements', position);
    const bytes = Buffer.from(cursor, 'base64url');
    const changed = (at: number) => Buffer.from(bytes.map((byte, index) => (index === at ? byte ^ 1 : byte))).toString('base64url');

    expect(cursors.open('inbox', cursor)).toBeUndefined();
    expect(hmacPageCursors(new Uint8Array(32).fill(8)).open('agreements', cursor)).toBeUndefined();
    expect(cursors.open('agreements', changed(0))).toBeUndefined();
    expect(cursors.open('agreements', changed(bytes.length - 1))).toBeUndefined();
    expect(cursors.open('agreements', position)).toBeUndefined();
    expect(cursors.open('agreements', cursor.slice(0, 20))).toBeUndefined();
    expect(cursors.open('agreements', '')).toBeUndefined();
    expect(cursors.open('agreements', `${cursor}=`)).toBeUndefined();
  });

  it('takes its key from CURSOR_SECRET, or else from the token secret, never the token secret itself', async () => {
    const directory = await temporaryDirectory();
    try {
      const secret = 's'.repeat(40);
      const fromToken = pageCursorKey(loadConfig({ DATA_DIR: directory.path, AUTH_JWT_SECRET: secret }));
      const fromCursorSecret = pageCursorKey(
        loadConfig({ DATA_DIR: directory.path, AUTH_JWT_SECRET: secret, CURSOR_SECRET: 'c'.repeat(40) }),
      );
      const generated = pageCursorKey(loadConfig({ DATA_DIR: directory.path }));

      expect(Buffer.from(fromToken)).toEqual(Buffer.from(pageCursorKey(loadConfig({ DATA_DIR: directory.path, AUTH_JWT_SECRET: secret }))));
      expect(Buffer.from(fromToken).equals(Buffer.from(secret))).toBe(false);
      expect(Buffer.from(fromCursorSecret).equals(Buffer.from(fromToken))).toBe(false);
      expect(Buffer.from(generated)).toEqual(Buffer.from(pageCursorKey(loadConfig({ DATA_DIR: directory.path }))));
      expect(() => loadConfig({ CURSOR_SECRET: 'short' })).toThrow(/CURSOR_SECRET must be at least 32 characters/);
    } finally {
      await directory.remove();
    }
  });
});
