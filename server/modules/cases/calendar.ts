import type { LimitUnit } from '../../../contracts/cases.js';

/** China Standard Time has no daylight saving: local time is UTC + 8 h all year. */
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const MINUTE_MS = 60_000;

/**
 * The working calendar: Monday–Friday, except statutory holidays, plus make-up working days
 * (调休) — both kept per year by the operator — and office hours for limits in working hours.
 */
export type WorkCalendar = {
  /** `YYYY-MM-DD` days off that would otherwise be working days (or are anyway: harmless). */
  holidays: ReadonlySet<string>;
  /** `YYYY-MM-DD` weekend days that are working days (调休上班). */
  workdays: ReadonlySet<string>;
  /** Office hours as [start, end) minutes after local midnight, e.g. 08:30–12:00, 14:30–17:30. */
  officeHours: readonly (readonly [number, number])[];
};

export const DEFAULT_OFFICE_HOURS: readonly (readonly [number, number])[] = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60 + 30, 17 * 60 + 30],
];

/** The local (UTC+8) date of an instant, `YYYY-MM-DD`. */
export function localDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of local midnight starting a `YYYY-MM-DD` day. */
export function localMidnight(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - OFFSET_MS);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(cal: WorkCalendar, day: string): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * Walks forward from `from`, counting only the minutes inside the segments each day offers, and
 * returns the instant when `minutes` of them have passed. Gives up after ten years.
 */
function consume(from: Date, minutes: number, segments: (day: string) => readonly (readonly [number, number])[]): Date {
  let left = minutes;
  let day = localDate(from);
  for (let i = 0; i < 3660; i++) {
    const midnight = localMidnight(day).getTime();
    for (const [start, end] of segments(day)) {
      const s = Math.max(midnight + start * MINUTE_MS, from.getTime());
      const e = midnight + end * MINUTE_MS;
      if (e <= s) continue;
      const available = (e - s) / MINUTE_MS;
      if (left <= available) return new Date(s + left * MINUTE_MS);
      left -= available;
    }
    day = nextDay(day);
  }
  throw new Error('time limit beyond ten years');
}

/**
 * When a limit of `amount` `unit`s started at `start` runs out (`fraction` of it for warnings).
 *
 * - `hours`, `days`: natural time, round the clock (emergencies).
 * - `working_hours`: office hours on working days only.
 * - `working_days`: whole working days, counted from the day after `start` (the day of receipt
 *   does not count, as in 12345 practice); the limit runs out at the end of the last one.
 */
export function addLimit(start: Date, amount: number, unit: LimitUnit, cal: WorkCalendar, fraction = 1): Date {
  const span = amount * fraction;
  switch (unit) {
    case 'hours':
      return new Date(start.getTime() + span * 3600_000);
    case 'days':
      return new Date(start.getTime() + span * DAY_MS);
    case 'working_hours':
      return consume(start, span * 60, (day) => (isWorkingDay(cal, day) ? cal.officeHours : []));
    case 'working_days': {
      const from = localMidnight(nextDay(localDate(start)));
      return consume(from, span * 24 * 60, (day) => (isWorkingDay(cal, day) ? [[0, 24 * 60]] : []));
    }
  }
}
