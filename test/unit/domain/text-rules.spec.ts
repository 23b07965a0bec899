import { InvalidTextError } from '../../../src/domain/errors';
import {
  checkText,
  cleanText,
  codePointName,
  describeTextProblem,
  normalizeText,
  TEXT_RULES,
  textProblem,
  type TextRule,
} from '../../../src/domain/text/text-rules';

const LINE: TextRule = { maxLength: 10, multiline: false };
const PARAGRAPH: TextRule = { maxLength: 10, multiline: true };
const WIDE_LINE: TextRule = { maxLength: 40, multiline: false };
const WIDE_PARAGRAPH: TextRule = { maxLength: 40, multiline: true };
const char = (codePoint: number) => String.fromCodePoint(codePoint);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Every code point the rules name, with what the refusal calls it. */
const CONTROLS = [...range(0x00, 0x1f), 0x7f, ...range(0x80, 0x9f)];
const BIDI = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];

describe('the text rules', () => {
  describe('accept', () => {
    it.each([
      ['plain text', 'Desa Maju'],
      ['punctuation and digits', '01/NK/III'],
      ['Latin letters with accents, composed', 'Café Ñoño'],
      ['scripts other than Latin', 'مذكرة تفاهم'],
      ['an emoji joined by ZWJ', '👩‍🌾 desa'],
      ['a no-break space between words', 'Kab.\u00a0Banjar'],
      ['the characters next to the forbidden ones', `~${char(0xa0)}${char(0x202f)}${char(0x2065)}${char(0x061b)}${char(0x200d)}`],
      ['a valid surrogate pair', '\ud83d\ude00'],
    ])('%s', (_case, text) => {
      expect(textProblem(text, WIDE_LINE)).toBeUndefined();
    });

    it('line feeds and tabs in a multi-line field only', () => {
      expect(textProblem('Pasal 1\n\tAyat 2', WIDE_PARAGRAPH)).toBeUndefined();
      expect(textProblem('Pasal 1\nAyat 2', WIDE_LINE)).toMatchObject({ kind: 'forbidden-character', codePoint: 0x0a });
      expect(textProblem('Pasal\t1', WIDE_LINE)).toMatchObject({ kind: 'forbidden-character', codePoint: 0x09 });
    });

    it('exactly the maximum length, counted in code points (an emoji is one)', () => {
      expect(textProblem('x'.repeat(10), LINE)).toBeUndefined();
      expect(textProblem('😀'.repeat(10), LINE)).toBeUndefined();
    });
  });

  describe('refuse', () => {
    it.each(CONTROLS.map((codePoint) => [codePointName(codePoint), codePoint]))('the control character %s', (_name, codePoint) => {
      expect(textProblem(`a${char(codePoint)}b`, LINE)).toEqual({ kind: 'forbidden-character', codePoint, what: 'a control character' });
      if (codePoint !== 0x0a && codePoint !== 0x09) {
        expect(textProblem(`a${char(codePoint)}b`, PARAGRAPH)).toEqual({
          kind: 'forbidden-character',
          codePoint,
          what: 'a control character',
        });
      }
    });

    it('a carriage return even in a multi-line field', () => {
      expect(textProblem('Pasal 1\r\nAyat 2', PARAGRAPH)).toEqual({
        kind: 'forbidden-character',
        codePoint: 0x0d,
        what: 'a control character',
      });
    });

    it.each(BIDI.map((codePoint) => [codePointName(codePoint), codePoint]))(
      'the bidirectional formatting character %s',
      (_name, codePoint) => {
        const expected = { kind: 'forbidden-character', codePoint, what: 'a bidirectional formatting character' };
        expect(textProblem(`invoice${char(codePoint)}fdp.exe`, LINE)).toEqual(expected);
        expect(textProblem(`invoice${char(codePoint)}fdp.exe`, PARAGRAPH)).toEqual(expected);
      },
    );

    it.each([
      ['U+2028', 0x2028],
      ['U+2029', 0x2029],
    ])('the line or paragraph separator %s, in any field', (_name, codePoint) => {
      const expected = { kind: 'forbidden-character', codePoint, what: 'a line or paragraph separator' };
      expect(textProblem(`a${char(codePoint)}b`, LINE)).toEqual(expected);
      expect(textProblem(`a${char(codePoint)}b`, PARAGRAPH)).toEqual(expected);
    });

    it.each([
      ['a lone high surrogate', 'a\ud800b', 0xd800],
      ['a lone low surrogate', 'a\udfffb', 0xdfff],
      ['a pair in the wrong order', 'a\ude00\ud83d', 0xde00],
      ['a high surrogate at the end', 'ab\udbff', 0xdbff],
    ])('%s', (_case, text, codePoint) => {
      expect(textProblem(text, LINE)).toEqual({ kind: 'forbidden-character', codePoint, what: 'an unpaired surrogate' });
    });

    it.each([
      ['empty', ''],
      ['spaces', '   '],
      ['a no-break space', '\u00a0'],
    ])('a blank text: %s', (_case, text) => {
      expect(textProblem(text, LINE)).toEqual({ kind: 'blank' });
    });

    it('a multi-line text of line feeds and tabs only', () => {
      expect(textProblem('\n\t\n', PARAGRAPH)).toEqual({ kind: 'blank' });
    });

    it('one character over the maximum', () => {
      expect(textProblem('x'.repeat(11), LINE)).toEqual({ kind: 'too-long', maxLength: 10 });
      expect(textProblem('😀'.repeat(11), LINE)).toEqual({ kind: 'too-long', maxLength: 10 });
    });

    it('text not in NFC: decomposed accents, decomposed Hangul', () => {
      expect(textProblem('Cafe\u0301', LINE)).toEqual({ kind: 'not-nfc' });
      expect(textProblem('한'.normalize('NFD'), LINE)).toEqual({ kind: 'not-nfc' });
      expect(textProblem('Café', LINE)).toBeUndefined();
    });

    it.each([
      ['a number', 42],
      ['null', null],
      ['undefined', undefined],
      ['an array', ['a']],
      ['an object', { toString: () => 'a' }],
    ])('%s', (_case, value) => {
      expect(textProblem(value, LINE)).toEqual({ kind: 'not-a-string' });
    });

    it('reporting a forbidden character before the length or the normal form', () => {
      expect(textProblem(`${'x'.repeat(20)}\u0000`, LINE)).toMatchObject({ kind: 'forbidden-character', codePoint: 0 });
      expect(textProblem('e\u0301\u202e', LINE)).toMatchObject({ kind: 'forbidden-character', codePoint: 0x202e });
      expect(textProblem(' \u0007 ', LINE)).toMatchObject({ kind: 'forbidden-character', codePoint: 7 });
      expect(textProblem('e\u0301'.repeat(6), LINE)).toEqual({ kind: 'too-long', maxLength: 10 });
    });
  });

  describe('name the field and what is wrong', () => {
    it.each([
      [{ kind: 'not-a-string' }, LINE, 'title must be a string'],
      [{ kind: 'blank' }, LINE, 'title must not be empty or blank'],
      [{ kind: 'too-long', maxLength: 500 }, LINE, 'title must be at most 500 characters long'],
      [{ kind: 'not-nfc' }, LINE, 'title must be in Unicode normalization form C (NFC)'],
      [
        { kind: 'forbidden-character', codePoint: 0x202e, what: 'a bidirectional formatting character' },
        LINE,
        'title must not contain a bidirectional formatting character (U+202E): it is a single line of plain text',
      ],
      [
        { kind: 'forbidden-character', codePoint: 0x0d, what: 'a control character' },
        PARAGRAPH,
        'title must not contain a control character (U+000D): only line feeds (U+000A) and tabs (U+0009) may lay it out',
      ],
    ] as const)('%j', (problem, rule, message) => {
      expect(describeTextProblem('title', problem, rule)).toBe(message);
    });

    it('writes code points as U+ and at least four upper-case hexadecimal digits', () => {
      expect(codePointName(0)).toBe('U+0000');
      expect(codePointName(0x9f)).toBe('U+009F');
      expect(codePointName(0x202e)).toBe('U+202E');
      expect(codePointName(0x1f600)).toBe('U+1F600');
    });
  });

  describe('checkText', () => {
    it('returns the text when it obeys the rule', () => {
      expect(checkText('title', 'Desa Maju', LINE)).toBe('Desa Maju');
    });

    it('refuses it with an InvalidTextError naming the field', () => {
      let thrown: unknown;
      try {
        checkText('parties.1.name', 'Pemkab\u0000', LINE);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidTextError);
      expect(thrown).toMatchObject({
        kind: 'invalid-text',
        field: 'parties.1.name',
        message: 'parties.1.name must not contain a control character (U+0000): it is a single line of plain text',
      });
    });
  });

  it('normalises to NFC', () => {
    expect(normalizeText('Cafe\u0301')).toBe('Café');
    expect(normalizeText('Café')).toBe('Café');
  });

  describe('cleanText, for display names from an identity provider', () => {
    it.each([
      ['keeps clean text', 'Siti Rahayu', 'Siti Rahayu'],
      ['drops bidirectional formatting characters', 'Siti\u202e Rahayu\u2066', 'Siti Rahayu'],
      [
        'makes control characters and line separators spaces, one space at a time',
        'Siti\u0007\u001b[31m\r\nRahayu\u2028x',
        'Siti [31m Rahayu x',
      ],
      ['drops unpaired surrogates', 'Si\ud800ti', 'Siti'],
      ['trims', '  Siti  ', 'Siti'],
      ['normalises to NFC, also where a dropped character stood between a letter and its accent', 'Cafe\u200e\u0301', 'Café'],
      ['is blank when nothing is left', '\u202e\u0000\u2066', ''],
    ])('%s', (_case, dirty, clean) => {
      expect(cleanText(dirty, TEXT_RULES.actorName)).toBe(clean);
    });

    it('cuts to the maximum length in code points', () => {
      expect(cleanText('😀'.repeat(12), LINE)).toBe('😀'.repeat(10));
      expect(cleanText(`${'x'.repeat(9)} y`, LINE)).toBe('x'.repeat(9));
      expect(cleanText(`\u202e ${'x'.repeat(10)}`, LINE)).toBe('x'.repeat(10));
    });

    it('gives text the rules accept, or blank', () => {
      const samples = ['\u0000', 'a\u202eb', ' \n\t ', 'x'.repeat(400), 'e\u0301'.repeat(200), '\ud800\udc00\udc00', 'a\u0085b\u009b'];
      for (const sample of samples) {
        const cleaned = cleanText(sample, TEXT_RULES.actorName);
        expect(cleaned === '' || textProblem(cleaned, TEXT_RULES.actorName) === undefined).toBe(true);
      }
    });
  });

  it('give each field its limit, and line breaks to purposes, reasons and summaries only', () => {
    expect(TEXT_RULES).toEqual({
      title: { maxLength: 500, multiline: false },
      purpose: { maxLength: 4000, multiline: true },
      partyName: { maxLength: 300, multiline: false },
      agencyId: { maxLength: 64, multiline: false },
      identifier: { maxLength: 100, multiline: false },
      documentName: { maxLength: 300, multiline: false },
      reason: { maxLength: 2000, multiline: true },
      summary: { maxLength: 2000, multiline: true },
      signatoryName: { maxLength: 300, multiline: false },
      delegationRef: { maxLength: 200, multiline: false },
      registryNumber: { maxLength: 100, multiline: false },
      position: { maxLength: 200, multiline: false },
      place: { maxLength: 200, multiline: false },
      actorId: { maxLength: 255, multiline: false },
      actorName: { maxLength: 300, multiline: false },
      webhookDescription: { maxLength: 200, multiline: false },
    });
  });
});
