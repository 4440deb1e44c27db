import { en, type MessageKey, type Messages } from './en.js';
import { es } from './es.js';
import { ko } from './ko.js';

export type Language = 'en' | 'ko' | 'es';
export const LANGUAGES: readonly Language[] = ['en', 'ko', 'es'];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어', es: 'Español' };

const catalogues: Record<Language, Messages> = { en, ko, es };

export type { MessageKey };

let current: Language = 'en';

export function setLanguage(lang: Language): void {
  current = lang;
  document.documentElement.lang = lang;
  document.title = catalogues[lang].pageTitle;
}

export function language(): Language {
  return current;
}

/** The page's choice when the server did not give one: the browser's preferred supported language. */
export function browserLanguage(): Language {
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = tag.slice(0, 2).toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(code)) return code as Language;
  }
  return 'en';
}

/** The message in the current language, with `{name}` placeholders filled. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text = catalogues[current][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
