import { InvalidTokenError } from '../../../src/application/ports/token-verifier.port';
import { actorFromClaims } from '../../../src/infrastructure/auth/claims';

const names = { subject: 'sub', name: 'name', agency: 'agency', roles: 'roles' };
const token = (claims: Record<string, unknown>) => ({
  sub: 'siti',
  name: 'Siti Rahayu',
  agency: 'kemendes-pdtt',
  roles: ['DRAFTER'],
  ...claims,
});

/**
 * The actor of a token goes into every event's envelope. Its identity (subject, agency) must obey
 * the text rules or the token is refused; its display name, which people can often edit at their
 * identity provider, is cleaned instead.
 */
describe('the actor a token vouches for', () => {
  it('is taken as it is when every claim is clean', () => {
    expect(actorFromClaims(token({}), names)).toEqual({ id: 'siti', name: 'Siti Rahayu', agencyId: 'kemendes-pdtt', roles: ['DRAFTER'] });
  });

  it.each([
    ['a right-to-left override', 'Siti \u202eyduR', 'Siti yduR'],
    ['an ANSI escape sequence', 'Siti\u001b[2J Rahayu', 'Siti [2J Rahayu'],
    ['line breaks', 'Siti\r\nRahayu', 'Siti Rahayu'],
    ['a NUL and an isolate', 'Siti\u0000\u2066Rahayu\u2069', 'Siti Rahayu'],
    ['a decomposed accent', 'Rene\u0301', 'René'],
    ['a name of 400 characters', 'x'.repeat(400), 'x'.repeat(300)],
  ])('has its display name cleaned of %s', (_case, name, cleaned) => {
    expect(actorFromClaims(token({ name }), names).name).toBe(cleaned);
  });

  it('is named by its subject when the display name is missing, not text, or nothing but forbidden characters', () => {
    expect(actorFromClaims(token({ name: undefined }), names).name).toBe('siti');
    expect(actorFromClaims(token({ name: 42 }), names).name).toBe('siti');
    expect(actorFromClaims(token({ name: '\u202e\u0007 ' }), names).name).toBe('siti');
  });

  it.each([
    ['a subject with a control character', { sub: 'siti\u0007' }, /claim sub must not contain a control character \(U\+0007\)/],
    ['a subject with a bidirectional mark', { sub: 'siti\u200f' }, /claim sub must not contain a bidirectional formatting character/],
    ['a subject over 255 characters', { sub: 's'.repeat(256) }, /claim sub must be at most 255 characters long/],
    ['an agency with a line feed', { agency: 'kemendes-pdtt\n' }, /claim agency must not contain a control character \(U\+000A\)/],
    ['an agency not in NFC', { agency: 'kemende\u0301s' }, /claim agency must be in Unicode normalization form C/],
    ['a missing agency', { agency: undefined }, /claim agency is missing or not a string/],
    ['a blank subject', { sub: ' ' }, /claim sub is missing or not a string/],
  ])('is refused for %s, with the reason for the log', (_case, claims, reason) => {
    let thrown: unknown;
    try {
      actorFromClaims(token(claims), names);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidTokenError);
    expect((thrown as InvalidTokenError).reason).toMatch(reason);
    expect((thrown as InvalidTokenError).message).toBe('Invalid token');
  });
});
