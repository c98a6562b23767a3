import * as rruleModule from 'rrule';
import type { z } from 'zod';
import type { recurrence } from '../../../contracts/deliberation.js';
import { isWorkingDay, type WorkCalendar } from '../cases/index.js';

type Recurrence = z.output<typeof recurrence>;
// rrule ships CommonJS to Node (its classes on the default export) and ESM to Vite (named exports)
const { RRule } =
  'RRule' in rruleModule && rruleModule.RRule
    ? rruleModule
    : (rruleModule as unknown as { default: typeof rruleModule }).default;
const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const WEEKDAY_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const NTH_ZH = ['', '一', '二', '三', '四'];

/** The RFC 5545 rule of a recurrence (kept with the series; rrule expands it). */
export function ruleOf(r: Recurrence): string {
  if (r.type === 'monthly_day') return `FREQ=MONTHLY;BYMONTHDAY=${r.day}`;
  if (r.type === 'monthly_weekday') return `FREQ=MONTHLY;BYDAY=+${r.nth}${BYDAY[r.weekday - 1]}`;
  return `FREQ=WEEKLY;INTERVAL=${r.every};BYDAY=${BYDAY[r.weekday - 1]}`;
}

/** The rule in words: 每月10日, 每月第二个星期二, 每2周星期二. */
export function ruleInWords(rule: string): string {
  const day = /BYMONTHDAY=(\d+)/.exec(rule)?.[1];
  if (day) return `每月${day}日`;
  const nth = /BYDAY=\+(\d)(\w\w)/.exec(rule);
  if (nth) return `每月第${NTH_ZH[Number(nth[1])]}个星期${WEEKDAY_ZH[BYDAY.indexOf(nth[2] as 'MO')]}`;
  const weekly = /INTERVAL=(\d+);BYDAY=(\w\w)/.exec(rule);
  if (weekly)
    return `${weekly[1] === '1' ? '每周' : `每${weekly[1]}周`}星期${WEEKDAY_ZH[BYDAY.indexOf(weekly[2] as 'MO')]}`;
  return rule;
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const next = (day: string) => ymd(new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000));

/** The days a rule gives from `from` (inclusive) to `until` (exclusive), as YYYY-MM-DD (floating, local days). */
export function occurrences(rule: string, from: string, until: string): string[] {
  const r = RRule.fromString(`DTSTART:${from.replaceAll('-', '')}T000000Z\nRRULE:${rule}`);
  return r
    .between(new Date(`${from}T00:00:00Z`), new Date(`${until}T00:00:00Z`), true)
    .map(ymd)
    .filter((d) => d < until);
}

/**
 * The stated rule for a meeting whose day is a statutory holiday on the street's calendar: it moves to the first
 * working day after the holiday (遇法定节假日顺延至节后第一个工作日). Ordinary weekends do not move it.
 */
export function moveOffHolidays(day: string, cal: WorkCalendar): { day: string; moved: boolean } {
  if (!cal.holidays.has(day)) return { day, moved: false };
  let d = next(day);
  for (let i = 0; i < 60 && (cal.holidays.has(d) || !isWorkingDay(cal, d)); i++) d = next(d);
  return { day: d, moved: true };
}

/** A series' meetings from `from` for `months` months: each day as ruled and as held. */
export function plan(rule: string, from: string, months: number, cal: WorkCalendar) {
  const end = new Date(`${from}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + months);
  return occurrences(rule, from, ymd(end)).map((ruled) => ({ ruled, ...moveOffHolidays(ruled, cal) }));
}
