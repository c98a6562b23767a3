import { toHalfWidth } from './normalize.js';

/** What a valid resident ID number tells: the normalised number, birth date and sex. */
export type ResidentId = { number: string; birthDate: string; sex: 'male' | 'female'; regionCode: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Parses a Chinese resident ID number (GB 11643-1999): 18 characters with the check character
 * (`X` in either case, full-width digits and spaces tolerated), or a 15-digit number of the
 * first generation (born 19xx, no check character). Null when invalid.
 */
export function parseResidentId(input: string, today: Date = new Date()): ResidentId | null {
  const s = toHalfWidth(input).toUpperCase();
  let year: number;
  let month: number;
  let day: number;
  let seq: number;
  if (/^\d{17}[\dX]$/.test(s)) {
    if (checkDigit(s.slice(0, 17)) !== s[17]) return null;
    year = Number(s.slice(6, 10));
    month = Number(s.slice(10, 12));
    day = Number(s.slice(12, 14));
    seq = Number(s.slice(14, 17));
  } else if (/^\d{15}$/.test(s)) {
    year = 1900 + Number(s.slice(6, 8));
    month = Number(s.slice(8, 10));
    day = Number(s.slice(10, 12));
    seq = Number(s.slice(12, 15));
  } else {
    return null;
  }
  if (year < 1870 || !validDate(year, month, day)) return null;
  if (Date.UTC(year, month - 1, day) > today.getTime()) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    number: s,
    birthDate: `${year}-${pad(month)}-${pad(day)}`,
    sex: seq % 2 === 1 ? 'male' : 'female',
    regionCode: s.slice(0, 6),
  };
}
