import { useI18n } from '../i18n.js';

type Names = Record<string, { zh: string; en: string }>;

/**
 * A name the server sent in Chinese (a state, a category, a kind), read in the reader's language: English
 * through the contracts' own bilingual tables, the Chinese as sent where a table has no such name.
 */
export function useNameOf(...tables: Names[]) {
  const { lang } = useI18n();
  const english = new Map<string, string>();
  for (const t of tables) for (const v of Object.values(t)) english.set(v.zh, v.en);
  return (zh: string) => (lang === 'zh' ? zh : (english.get(zh) ?? zh));
}
