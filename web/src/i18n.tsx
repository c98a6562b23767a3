import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Lang = 'zh' | 'en';

const dict = {
  appName: { zh: '邻里', en: 'Linli' },
  appSubtitle: { zh: '党建引领社区治理', en: 'Community governance' },
  navRegions: { zh: '行政区划', en: 'Regions' },
  switchRegion: { zh: '搜索区划，如：庆城', en: 'Find a region, e.g. 庆城' },
  language: { zh: 'English', en: '中文' },
  regionTree: { zh: '区划树', en: 'Region tree' },
  code: { zh: '代码', en: 'Code' },
  level: { zh: '层级', en: 'Level' },
  name: { zh: '名称', en: 'Name' },
  officialName: { zh: '正式名称', en: 'Official name' },
  ancestors: { zh: '上级', en: 'Ancestors' },
  children: { zh: '下级', en: 'Children' },
  childCount: { zh: '下级数', en: 'Children' },
  descendants: { zh: '辖区统计', en: 'Below this node' },
  gridMap: { zh: '网格分布图', en: 'Grid map' },
  noMap: { zh: '暂无网格边界', en: 'No grid boundaries drawn yet' },
  pickRegion: { zh: '请在左侧选择一个区划', en: 'Pick a region on the left' },
  loadFailed: { zh: '加载失败', en: 'Failed to load' },
  retry: { zh: '重试', en: 'Retry' },
  none: { zh: '无', en: 'None' },
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道/乡镇', en: 'Street/town' },
  community: { zh: '社区/村', en: 'Community/village' },
  grid: { zh: '网格', en: 'Grid' },
  microgrid: { zh: '微网格', en: 'Micro-grid' },
} as const;

export type TextKey = keyof typeof dict;

type I18n = { lang: Lang; setLang: (l: Lang) => void; t: (key: TextKey) => string };

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
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (key) => dict[key][lang] }), [lang, setLang]);
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
