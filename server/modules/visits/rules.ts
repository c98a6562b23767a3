import type { ResidentTag } from '../../../contracts/registry.js';
import { frequencies, type CareLevel, type Frequency, type VisitSettings } from '../../../contracts/visits.js';

/** What the rules read of a resident: tags, how they live here, age on the day. */
export type ResidentFacts = { tags: readonly ResidentTag[]; residenceType: string; birthDate: string | null };

/** Full years of age on `day` (YYYY-MM-DD), or null without a birth date. */
export function ageOn(birthDate: string | null, day: string): number | null {
  if (!birthDate) return null;
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * A resident's care level (RULES.md): high — living alone at `highRiskAge` or more; key — disabled
 * or on subsistence; general — other elderly living alone or empty-nest, special care, left-behind
 * children; none otherwise. A care subject's level may be set by hand (with a reason) over this.
 */
export function careLevelOf(r: ResidentFacts, day: string, s: Pick<VisitSettings, 'highRiskAge'>): CareLevel | null {
  const age = ageOn(r.birthDate, day);
  if (r.tags.includes('living_alone') && age !== null && age >= s.highRiskAge) return 'high';
  if (r.tags.includes('disabled') || r.tags.includes('subsistence')) return 'key';
  if (
    ['living_alone', 'empty_nest', 'special_care', 'left_behind_child'].some((t) => r.tags.includes(t as ResidentTag))
  )
    return 'general';
  return null;
}

/** The stricter of two frequencies (weekly is the strictest). */
export const stricter = (a: Frequency, b: Frequency): Frequency =>
  frequencies.indexOf(a) <= frequencies.indexOf(b) ? a : b;

/** How often one resident's household must be seen on their account. */
export function residentFrequency(
  r: ResidentFacts,
  day: string,
  s: VisitSettings,
  level?: CareLevel | null,
): Frequency {
  let f = s.ordinary;
  if (r.tags.includes('subsistence')) f = stricter(f, s.subsistence);
  if (r.residenceType === 'floating') f = stricter(f, s.floating);
  if (r.tags.includes('empty_nest')) f = stricter(f, s.emptyNest);
  const care = level === undefined ? careLevelOf(r, day, s) : level;
  if (care) f = stricter(f, s.care[care]);
  return f;
}

/** A household's required frequency: the strictest of its residents'. */
export function householdFrequency(residents: readonly ResidentFacts[], day: string, s: VisitSettings): Frequency {
  return residents.reduce<Frequency>((f, r) => stricter(f, residentFrequency(r, day, s)), s.ordinary);
}

/** The day someone born on `birthDate` turns `age` (born on 29 February: 1 March in a common year, as `ageOn` counts). */
export function birthdayOf(birthDate: string, age: number): string {
  const year = String(Number(birthDate.slice(0, 4)) + age).padStart(4, '0');
  const day = `${year}-${birthDate.slice(5)}`;
  return new Date(`${day}T00:00:00Z`).getUTCDate() === Number(day.slice(8)) ? day : `${year}-03-01`;
}

/**
 * The next day after `today` on which a household's required frequency can change by age alone
 * (a resident living alone reaching `highRiskAge` becomes high care), or null if none is ahead.
 */
export function frequencyChangesOn(
  residents: readonly ResidentFacts[],
  today: string,
  s: Pick<VisitSettings, 'highRiskAge'>,
): string | null {
  let next: string | null = null;
  for (const r of residents) {
    if (!r.birthDate || !r.tags.includes('living_alone')) continue;
    const day = birthdayOf(r.birthDate, s.highRiskAge);
    if (day > today && (next === null || day < next)) next = day;
  }
  return next;
}

const MONTHS: Record<Exclude<Frequency, 'weekly'>, number> = { monthly: 1, quarterly: 3, yearly: 12 };

/** `day` plus `n` calendar months, the day of month clamped to the month's end (01-31 + 1 month → 02-28/29). */
export function addMonths(day: string, n: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const d = Math.min(Number(day.slice(8, 10)), last);
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The last day a household is within its interval after a visit on `visited` (a rolling interval:
 * a week, or one, three or twelve calendar months). Never visited: due at once (`null` → today).
 */
export function dueBy(visited: string | null, f: Frequency, today: string): string {
  if (visited === null) return today;
  if (f === 'weekly') return addDays(visited, 7);
  return addMonths(visited, MONTHS[f]);
}

/** Within its interval on `today`: visited, and the interval since has not run out. */
export const withinInterval = (visited: string | null, f: Frequency, today: string) =>
  visited !== null && dueBy(visited, f, today) >= today;
