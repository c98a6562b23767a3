import type { Text } from '../../contracts/i18n.js';

export type { Text };
export type Lang = keyof Text;

/** The language of a request: English when Accept-Language prefers it, Chinese otherwise. */
export function langOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh';
}
