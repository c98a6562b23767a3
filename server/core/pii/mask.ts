import { toHalfWidth } from './normalize.js';

/**
 * Masks an ID number for display: the first 6 and last 4 characters stay
 * (`350102********123X`; a 15-digit number `350102*****1234`). Anything too short to keep both
 * ends is masked whole.
 */
export function maskIdNumber(value: string): string {
  const s = toHalfWidth(value).toUpperCase();
  if (s.length <= 10) return '*'.repeat(s.length || 8);
  return `${s.slice(0, 6)}${'*'.repeat(s.length - 10)}${s.slice(-4)}`;
}

/** Masks a phone number: the first 3 and last 4 digits stay (`138****5678`); short numbers keep only the last 2. */
export function maskPhone(value: string): string {
  const s = toHalfWidth(value).replace(/^\+?86-?/, '');
  if (s.length >= 11) return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
  if (s.length <= 2) return '*'.repeat(s.length || 4);
  return `${'*'.repeat(s.length - 2)}${s.slice(-2)}`;
}

/** A mainland mobile number (11 digits starting with 1), normalised; null when it is not one. */
export function normalizeMobile(value: string): string | null {
  const s = toHalfWidth(value)
    .replace(/^\+?86-?/, '')
    .replace(/-/g, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}
