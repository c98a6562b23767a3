import { hash, verify } from '@node-rs/argon2';
import { isCleanText } from '../../../contracts/text.js';
import type { Text } from '../../core/i18n.js';

/**
 * Words that common passwords are made of (the most used passwords worldwide and in China, the
 * product's and the demo's names): a password that is one of them once letters-for-symbols are
 * read back and leading or trailing digits and symbols dropped is refused — `P@ssw0rd`,
 * `Password1`, `Linli@2026`, `Admin@123`, `Woaini520!`.
 */
const COMMON_WORDS = new Set([
  'password',
  'passw',
  'passwd',
  'pass',
  'admin',
  'administrator',
  'root',
  'user',
  'test',
  'guest',
  'welcome',
  'qwerty',
  'qwertyuiop',
  'asdfgh',
  'asdfghjkl',
  'zxcvbn',
  'zxcvbnm',
  'qazwsx',
  'qweasd',
  'abc',
  'abcd',
  'abcdef',
  'abcdefg',
  'letmein',
  'iloveyou',
  'monkey',
  'dragon',
  'master',
  'login',
  'princess',
  'sunshine',
  'football',
  'baseball',
  'superman',
  'batman',
  'trustno',
  'shadow',
  'michael',
  'charlie',
  'hello',
  'freedom',
  'whatever',
  'woaini',
  'woaiwojia',
  'aini',
  'wangyang',
  'zhang',
  'wang',
  'li',
  'liu',
  'chen',
  'china',
  'beijing',
  'shanghai',
  'fuzhou',
  'fujian',
  'linli',
  'demo',
  'secret',
  'changeme',
  'default',
  'system',
  'security',
  'audit',
  'manager',
  'gulou',
  'gudong',
  'shequ',
  'wangge',
  'dangyuan',
  'server',
  'database',
  'computer',
  'internet',
  'love',
  'lover',
]);
const LEET: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't',
};

/** The word a password is built on: lower case, symbols read as letters, digits and symbols at the ends dropped. */
function baseWord(password: string): { plain: string; leet: string } {
  const lower = password.toLowerCase();
  const plain = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const leet = lower
    .replace(/^[^a-z@$!]+/, '')
    .replace(/[^a-z]+$/, '')
    .replace(/[@4013$57!]/g, (c) => LEET[c] ?? c)
    .replace(/[^a-z]/g, '');
  return { plain, leet };
}

export type PasswordContext = {
  /** Staff accounts need at least 10 characters, residents 8. */
  kind?: 'staff' | 'resident';
  /** The account's own words: username, display name, phone. None may appear in the password. */
  own?: (string | null | undefined)[];
};

/**
 * Why a password is not acceptable, or null: at least 8 characters (10 for staff) from at least
 * 3 classes, not built on a common word, not containing the account's own username or phone.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): Text | null {
  const min = context.kind === 'resident' ? 8 : 10;
  if (password.length < min) return { zh: `密码至少 ${min} 位`, en: `A password has at least ${min} characters` };
  if (password.length > 128) return { zh: '密码最多 128 位', en: 'A password has at most 128 characters' };
  if (!isCleanText(password) || /[\t\n\r]/.test(password))
    return { zh: '密码不能包含控制字符', en: 'A password cannot contain control characters' };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    return {
      zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      en: 'A password uses at least three of: upper case, lower case, digits, symbols',
    };
  }
  const { plain, leet } = baseWord(password);
  if (plain === '' || COMMON_WORDS.has(plain) || COMMON_WORDS.has(leet) || /^(.)\1+$/.test(plain)) {
    return {
      zh: '密码过于常见（如 P@ssw0rd、Admin@123 一类），请换一个不易被猜到的密码',
      en: 'This password is too common (like P@ssw0rd or Admin@123): choose one that is hard to guess',
    };
  }
  const lower = password.toLowerCase();
  const own = (context.own ?? [])
    .map((w) => (w ?? '').toLowerCase().replace(/\s+/g, ''))
    .flatMap((w) => (/^1\d{10}$/.test(w) ? [w, w.slice(-8), w.slice(-6)] : [w]))
    .filter((w) => w.length >= 3);
  if (own.some((w) => lower.includes(w))) {
    return {
      zh: '密码不能包含用户名、姓名或手机号',
      en: 'A password cannot contain the username, name or phone number',
    };
  }
  return null;
}

/** argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1: OWASP's recommendation). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 /* Algorithm.Argon2id */ });
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** A hash of nothing: verifying against it when the user does not exist keeps timing the same. */
export const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9b9L3sWgP6q1r4x6dC2FZs1Jm3l1sQ8bJ2m9Qk0m5xY';
