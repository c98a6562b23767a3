import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

type I18n = { lang: Lang; setLang: (l: Lang) => void };

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'linli.lang';

/** Chinese first; the choice of English is remembered in the browser. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh'));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/** The current language, for code outside React (the API client's Accept-Language). */
export function currentLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

/**
 * The one way the console says things: words in both languages at the point of use, `tx('中文', 'English')`
 * (Chinese first), so that a module's words live in its own folder. Names of things from the
 * contracts (`statusNames[s][lang]`) are read with `lang`.
 */
export function useTx(): (zh: string, en: string) => string {
  const { lang } = useI18n();
  return useCallback((zh: string, en: string) => (lang === 'zh' ? zh : en), [lang]);
}
