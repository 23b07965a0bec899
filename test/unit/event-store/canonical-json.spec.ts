import { canonicalJson } from '../../../src/application/event-store/canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts object keys by UTF-16 code units at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    // "\u20ac" (€) sorts after "\r" and before the astral "😀" (surrogates D83D) by code unit.
    expect(canonicalJson({ '😀': 3, '€': 2, '\r': 1, '1': 0 })).toBe('{"\\r":1,"1":0,"€":2,"😀":3}');
  });

  it('writes numbers as ECMAScript does (the RFC 8785 number form)', () => {
    expect(canonicalJson([0, -0, 1, -1.5, 1e21, 1e-7, 0.1 + 0.2, 333333333.3333333, 2 ** 53])).toBe(
      '[0,0,1,-1.5,1e+21,1e-7,0.30000000000000004,333333333.3333333,9007199254740992]',
    );
  });

  it('escapes strings minimally and keeps non-ASCII as is', () => {
    expect(canonicalJson('"\\\b\f\n\r\t\u0000\u001f é ✓ 🏝️')).toBe('"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f é ✓ 🏝️"');
  });

  it('gives a value and its JSON round trip the same text', () => {
    const value = { when: new Date('2020-03-10T02:00:00.000Z'), gone: undefined, list: [undefined, 1], n: null };
    const roundTripped = JSON.parse(JSON.stringify(value)) as unknown;

    expect(canonicalJson(value)).toBe(canonicalJson(roundTripped));
    expect(canonicalJson(value)).toBe('{"list":[null,1],"n":null,"when":"2020-03-10T02:00:00.000Z"}');
  });

  it('refuses what would not survive storage', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
