//! The i18n React context: current language, `setLang`, and the `useT()` hook.
import { createContext, use, useCallback, useMemo, useState, type ReactNode } from 'react';
import { detectLanguage, LANG_STORAGE_KEY, LOCALES, makeT, type Lang, type TFunction } from './translate';

interface I18nValue {
  readonly lang: Lang;
  readonly locale: string;
  readonly t: TFunction;
  readonly setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

function readStoredLang(): string | null {
  try {
    return window.localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    return null; // storage disabled: fall back to the browser's languages
  }
}

function initialLang(): Lang {
  const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  const lang = detectLanguage(readStoredLang(), preferred);
  document.documentElement.lang = lang;
  return lang;
}

export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    document.documentElement.lang = next;
    try {
      window.localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Not remembered, but still switched for this visit.
    }
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ lang, locale: LOCALES[lang], t: makeT(lang), setLang }),
    [lang, setLang],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

export function useI18n(): I18nValue {
  const value = use(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

export function useT(): TFunction {
  return useI18n().t;
}
