//! Pure translation helpers: dictionary lookup, placeholder filling, language detection.
import { en } from './en';
import { sv, type MessageKey, type Messages } from './sv';

export type Lang = 'sv' | 'en';
export const LANGS: readonly Lang[] = ['sv', 'en'];
export const DEFAULT_LANG: Lang = 'en';
export const LANG_STORAGE_KEY = 'tillit.lang';

export const dictionaries: Readonly<Record<Lang, Messages>> = { sv, en };

export type TranslateVars = Readonly<Record<string, string | number>>;
export type TFunction = (key: MessageKey, vars?: TranslateVars) => string;

export function isLang(value: unknown): value is Lang {
  return value === 'sv' || value === 'en';
}

/** Replaces `{name}` placeholders; unknown placeholders are left as they are. */
export function interpolate(template: string, vars?: TranslateVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

export function makeT(lang: Lang): TFunction {
  const dict = dictionaries[lang];
  return (key, vars) => interpolate(dict[key], vars);
}

/**
 * The language to start in: an explicit earlier choice (localStorage) wins; otherwise the
 * first of the browser's preferred languages that we speak (`sv-FI` counts as Swedish);
 * otherwise English.
 */
export function detectLanguage(stored: string | null | undefined, preferred: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLang(primary)) return primary;
  }
  return DEFAULT_LANG;
}

/** Locale used for dates and numbers in each UI language. */
export const LOCALES: Readonly<Record<Lang, string>> = { sv: 'sv-SE', en: 'en-GB' };
