import type { HoursSpec } from '../../../contracts/stations.js';
import { invalid } from '../../core/errors.js';
import { localDate, localMidnight, type WorkCalendar } from '../cases/index.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** How far ahead "next open" and "closes at" look before giving up. */
const HORIZON_DAYS = 60;
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const DAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * Refuses hours a person could not mean: an interval that ends before it starts, two that overlap on one day, a
 * closure that ends before it starts — naming the weekday in words.
 */
export function checkHours(spec: HoursSpec): void {
  spec.week.forEach((day, w) => {
    const spans = day.map(([a, b]) => [minutes(a), minutes(b)] as const).sort((x, y) => x[0] - y[0]);
    spans.forEach(([a, b], i) => {
      if (b <= a)
        throw invalid(
          `hours.week.${w}`,
          `${WEEKDAYS[w]}的时段须先开始后结束`,
          `${DAYS_EN[w]}: a period ends before it starts`,
        );
      const prev = spans[i - 1];
      if (prev && a < prev[1])
        throw invalid(`hours.week.${w}`, `${WEEKDAYS[w]}的时段相互重叠`, `${DAYS_EN[w]}: periods overlap`);
    });
  });
  spec.closures.forEach((c, i) => {
    if (c.to < c.from)
      throw invalid(`hours.closures.${i}`, '闭馆的结束日期早于开始日期', 'A closure ends before it starts');
  });
}

/**
 * The periods a station is open on a local day, as [start, end) minutes: none during a closure; on a statutory
 * holiday the weekday's own hours if it opens on holidays (无假日), else none; on a make-up working day (调休上班)
 * Monday's hours; otherwise the weekday's.
 */
export function periodsOn(spec: HoursSpec, cal: WorkCalendar, day: string): [number, number][] {
  if (spec.closures.some((c) => c.from <= day && day <= c.to)) return [];
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  let list = spec.week[weekday] ?? [];
  if (cal.workdays.has(day)) list = spec.week[1] ?? [];
  else if (cal.holidays.has(day) && spec.holidays === 'closed') list = [];
  return list.map(([a, b]) => [minutes(a), minutes(b)] as [number, number]).sort((x, y) => x[0] - y[0]);
}

/** Open periods as instants from the local day of `from` on, merged where one ends as the next begins (24 hours). */
function* spans(spec: HoursSpec, cal: WorkCalendar, from: Date): Generator<[number, number]> {
  let day = localDate(from);
  let pending: [number, number] | null = null;
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const midnight = localMidnight(day).getTime();
    for (const [a, b] of periodsOn(spec, cal, day)) {
      const s = midnight + a * MINUTE_MS;
      const e = midnight + b * MINUTE_MS;
      if (pending && pending[1] === s) pending[1] = e;
      else {
        if (pending) yield pending;
        pending = [s, e];
      }
    }
    day = nextDay(day);
  }
  if (pending) yield pending;
}

/** Open now? If so until when; if not, when next (both null past the 60-day horizon). */
export function openState(spec: HoursSpec, cal: WorkCalendar, at: Date) {
  const t = at.getTime();
  for (const [s, e] of spans(spec, cal, at)) {
    if (e <= t) continue;
    if (s <= t) {
      const horizon = localMidnight(localDate(at)).getTime() + HORIZON_DAYS * DAY_MS;
      return { open: true, until: e >= horizon ? null : new Date(e).toISOString(), next: null };
    }
    return { open: false, until: null, next: new Date(s).toISOString() };
  }
  return { open: false, until: null, next: null };
}

/** Appointment slots of a local day: starts every `length` minutes inside each open period, the slot within it. */
export function slotsOn(spec: HoursSpec, cal: WorkCalendar, day: string, length: number): Date[] {
  const midnight = localMidnight(day).getTime();
  const out: Date[] = [];
  for (const [a, b] of periodsOn(spec, cal, day))
    for (let m = a; m + length <= b; m += length) out.push(new Date(midnight + m * MINUTE_MS));
  return out;
}

/** The hours in words, Monday first, days with the same hours joined: 周一至周五 08:30-12:00、14:30-17:30. */
export function hoursText(spec: HoursSpec): string[] {
  const order = [1, 2, 3, 4, 5, 6, 0];
  const text = (w: number) => (spec.week[w] ?? []).map(([a, b]) => `${a}-${b}`).join('、') || '休息';
  const lines: string[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && text(order[j + 1] ?? 0) === text(order[i] ?? 0)) j++;
    const first = WEEKDAYS[order[i] ?? 0] ?? '';
    const last = WEEKDAYS[order[j] ?? 0] ?? '';
    lines.push(`${i === j ? first : `${first}至${last}`} ${text(order[i] ?? 0)}`);
    i = j + 1;
  }
  lines.push(spec.holidays === 'open' ? '法定节假日照常开放（无假日）' : '法定节假日休息');
  for (const c of spec.closures) lines.push(`${c.from}${c.to === c.from ? '' : `至${c.to}`} 暂停开放：${c.reason}`);
  return lines;
}
