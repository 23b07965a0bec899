import { storableJson, storableText, storableValue } from '../../../src/projections/storable-text';

/** What a read-model database is given for text a stored event holds (PostgreSQL refuses NUL). */
describe('storable text', () => {
  it('puts U+FFFD in place of each NUL and unpaired surrogate, and leaves the rest alone', () => {
    expect(storableText('Desa\u0000Maju\u0000')).toBe('Desa\uFFFDMaju\uFFFD');
    expect(storableText('a\ud800b\udc00c')).toBe('a\uFFFDb\uFFFDc');
    expect(storableText('\ude00\ud83d')).toBe('\uFFFD\uFFFD');
    expect(storableText('😀 \u202e\u0007 \\u0000')).toBe('😀 \u202e\u0007 \\u0000');
  });

  it('goes through arrays and plain objects, keys included, and leaves other values as they are', () => {
    const when = new Date('2020-03-10T00:00:00Z');
    const bytes = Buffer.from([0]);
    expect(storableValue({ 'k\u0000': ['a\u0000', { b: 'c\u0000' }], n: 1, nothing: null, when, bytes })).toEqual({
      'k\uFFFD': ['a\uFFFD', { b: 'c\uFFFD' }],
      n: 1,
      nothing: null,
      when,
      bytes,
    });
    expect(storableValue(Object.assign(Object.create(null), { a: '\u0000' }))).toEqual({ a: '\uFFFD' });
    expect(storableValue(7n)).toBe(7n);
  });

  it('writes JSON with neither a NUL nor an escape a jsonb column refuses', () => {
    const json = storableJson({ title: 'Desa\u0000', parties: [{ name: '\ud800' }], 'key\u0000': true });
    expect(json).toBe('{"title":"Desa\uFFFD","parties":[{"name":"\uFFFD"}],"key\uFFFD":true}');
    expect(json).not.toMatch(/\\u0000|\\ud800/);
  });
});
