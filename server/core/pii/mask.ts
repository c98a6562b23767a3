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

/** ID numbers (18 or 15 digits) and mobile or landline numbers written anywhere in free text. */
const ID_IN_TEXT = /(?<![0-9])[0-9]{6}(?:[0-9]{8}[0-9]{3}[0-9X]|[0-9]{9})(?![0-9X])/gi;
const MOBILE_IN_TEXT = /(?<![0-9])(?:\+?86[\s-]?)?1[3-9][0-9](?:[\s-]?[0-9]{4}){2}(?![0-9])/g;
const LANDLINE_IN_TEXT = /(?<![0-9])0[0-9]{2,3}[\s-]?[0-9]{7,8}(?![0-9])/g;

/**
 * Free text with every ID number and phone number in it masked (full-width digits included), for
 * text that leaves the staff's hands (Open311, public notices): `身份证350102199001011237` →
 * `身份证350102********1237`, `13912345678` → `139****5678`.
 */
export function maskNumbersInText(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(ID_IN_TEXT, (m) => maskIdNumber(m))
    .replace(MOBILE_IN_TEXT, (m) => maskPhone(m.replace(/[\s-]/g, '')))
    .replace(LANDLINE_IN_TEXT, (m) => maskPhone(m.replace(/[\s-]/g, '')));
}

/** A person's name as others see it: the surname kept, the rest masked (张**); several names joined by 、 each. */
export function maskName(names: string): string {
  return names
    .split('、')
    .map((x) => (x.length > 1 ? x[0] + '*'.repeat(x.length - 1) : x))
    .join('、');
}
