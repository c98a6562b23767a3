import { hash, verify } from '@node-rs/argon2';
import type { Text } from '../../core/i18n.js';

/** Why a password is not acceptable, or null: at least 8 characters from at least 3 classes. */
export function passwordProblem(password: string): Text | null {
  if (password.length < 8) return { zh: '密码至少 8 位', en: 'A password has at least 8 characters' };
  if (password.length > 128) return { zh: '密码最多 128 位', en: 'A password has at most 128 characters' };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    return {
      zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      en: 'A password uses at least three of: upper case, lower case, digits, symbols',
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
