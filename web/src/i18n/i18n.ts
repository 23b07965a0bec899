import { useEffect, useState } from 'preact/hooks';
import { en, id, type Messages } from './messages';

export type Language = 'id' | 'en';

const TABLES: Record<Language, Messages> = { id, en };
const LOCALES: Record<Language, string> = { id: 'id-ID', en: 'en-GB' };
const STORAGE_KEY = 'sepakat.language';
const listeners = new Set<(language: Language) => void>();

/** Bahasa Indonesia unless the official chose English on this device (a preference, not a secret). */
let current: Language = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'id';
document.documentElement.lang = current;

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener(next);
}

/** The messages of the current language; re-renders the component when the official switches. */
export function useMessages(): Messages {
  const [lang, setLang] = useState(current);
  useEffect(() => {
    listeners.add(setLang);
    // A switch between this component's first render and its subscription is not missed.
    setLang(current);
    return () => void listeners.delete(setLang);
  }, []);
  return TABLES[lang];
}

export function messages(): Messages {
  return TABLES[current];
}

/** The locale for dates and numbers: dates and numbers follow id-ID in Indonesian. */
export function locale(): string {
  return LOCALES[current];
}

/** A label from a closed vocabulary, or the code itself when the app has no word for it yet. */
export function label(table: Record<string, string>, code: string): string {
  return table[code] ?? code;
}
