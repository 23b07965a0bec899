import type { FastifyReply } from 'fastify';
import { answerIn, preferredLanguage } from '../../../src/api/http/accept-language';

describe('the language of an answer, from Accept-Language', () => {
  describe('without a usable preference', () => {
    it.each([undefined, '', '   ', ',', ' , ,'])('answers in Bahasa Indonesia to %j', (header) => {
      expect(preferredLanguage(header)).toBe('id');
    });

    it.each(['fr', 'fr-FR, de;q=0.8', 'ms-MY', 'jv', 'x-klingon', 'zh-Hant-TW'])(
      'answers in Bahasa Indonesia to %j, which names no language spoken here',
      (header) => {
        expect(preferredLanguage(header)).toBe('id');
      },
    );
  });

  describe('naming a language', () => {
    it.each([
      ['id', 'id'],
      ['ID', 'id'],
      ['id-ID', 'id'],
      ['in', 'id'],
      ['in-ID', 'id'],
      ['en', 'en'],
      ['EN', 'en'],
      ['en-US', 'en'],
      ['en-GB', 'en'],
      ['en-Latn-AU', 'en'],
      ['fr-FR, en;q=0.5', 'en'],
    ])('answers %j in %s', (header, language) => {
      expect(preferredLanguage(header)).toBe(language);
    });

    it('does not take a range for its first letters', () => {
      expect(preferredLanguage('eng')).toBe('id');
      expect(preferredLanguage('ind, en;q=0.1')).toBe('en');
    });
  });

  describe('with weights', () => {
    it.each([
      ['en;q=0.4, id;q=0.6', 'id'],
      ['id;q=0.4, en;q=0.6', 'en'],
      ['id-ID;q=0.9, en-US;q=0.95', 'en'],
      ['en-US,en;q=0.9,id;q=0.8', 'en'],
      ['id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7', 'id'],
      ['en;q=0.001, id;q=0', 'en'],
      ['en;q=1.000', 'en'],
      ['en;q=1., id;q=0.999', 'en'],
      ['en;Q=0.9, id;q=0.5', 'en'],
      ['en ; q=0.9 , id;q=0.5', 'en'],
      ['en-GB;q=0.2, en;q=0.9, id;q=0.5', 'en'],
    ])('answers %j in %s', (header, language) => {
      expect(preferredLanguage(header)).toBe(language);
    });

    it('takes the language listed first when two weigh the same', () => {
      expect(preferredLanguage('en, id')).toBe('en');
      expect(preferredLanguage('id, en')).toBe('id');
      expect(preferredLanguage('fr, en;q=0.5, id;q=0.5')).toBe('en');
      expect(preferredLanguage('fr, id;q=0.5, en;q=0.5')).toBe('id');
    });

    it('refuses a language with q=0, and answers in the other when the header refuses Bahasa Indonesia', () => {
      expect(preferredLanguage('en;q=0')).toBe('id');
      expect(preferredLanguage('id;q=0')).toBe('en');
      expect(preferredLanguage('id;q=0.000, fr')).toBe('en');
      expect(preferredLanguage('in;q=0, en-US;q=0')).toBe('id');
    });
  });

  describe('with a wildcard', () => {
    it('weighs by * every language the header does not name', () => {
      expect(preferredLanguage('*')).toBe('id');
      expect(preferredLanguage('en;q=0.5, *')).toBe('id');
      expect(preferredLanguage('id;q=0.1, *;q=0.5')).toBe('en');
      expect(preferredLanguage('*;q=0.5, id;q=0.1')).toBe('en');
      expect(preferredLanguage('en, *;q=0.9')).toBe('en');
    });

    it('answers in Bahasa Indonesia when * refuses every language the header does not name, and it names none', () => {
      expect(preferredLanguage('*;q=0')).toBe('id');
      expect(preferredLanguage('fr, *;q=0')).toBe('id');
      expect(preferredLanguage('en;q=0.3, *;q=0')).toBe('en');
    });
  });

  describe('with garbage', () => {
    it.each([
      ['en;q=2', 'id'],
      ['en;q=1.5', 'id'],
      ['en;q=0.5555', 'id'],
      ['en;q=-1', 'id'],
      ['en;q=', 'id'],
      ['en;q=abc', 'id'],
      ['en;level=1', 'id'],
      ['en_US', 'id'],
      ['english', 'id'],
      ['en--US', 'id'],
      ['-en', 'id'],
      ['en-', 'id'],
      ['**', 'id'],
      ['en;q=0.9;q=0.1', 'id'],
      ['"en"', 'id'],
      ['ｅｎ', 'id'],
      ['en\u0000', 'id'],
      [`${'x'.repeat(4000)}, en;q=0.5`, 'en'],
      ['en;q=2, garbage!, id-ID;q=0.3, en-US;q=0.2', 'id'],
      ['en;q=0.5, ;q=1, id;q=nope', 'en'],
    ])('skips what does not parse in %j and answers in %s', (header, language) => {
      expect(preferredLanguage(header)).toBe(language);
    });
  });
});

describe('the headers of an answer in a language', () => {
  /** The headers a reply holds after `answerIn`, starting from `headers`. */
  function answered(language: 'id' | 'en', headers: Record<string, string> = {}) {
    const held: Record<string, string> = { ...headers };
    const reply = {
      getHeader: (name: string) => held[name],
      header: (name: string, value: string) => ((held[name] = value), reply),
    };
    answerIn(reply as unknown as FastifyReply, language);
    return held;
  }

  it('names the language and varies on Accept-Language', () => {
    expect(answered('id')).toEqual({ 'content-language': 'id', vary: 'Accept-Language' });
    expect(answered('en')).toEqual({ 'content-language': 'en', vary: 'Accept-Language' });
  });

  it('keeps what the answer already varies on, once', () => {
    expect(answered('en', { vary: 'Origin' })).toEqual({ 'content-language': 'en', vary: 'Origin, Accept-Language' });
    expect(answered('en', { vary: 'origin, accept-language' })).toEqual({ 'content-language': 'en', vary: 'origin, accept-language' });
  });
});
