import { describe, expect, it } from 'vitest';
import type { HoursSpec } from '../../../contracts/stations.js';
import type { AppError } from '../../core/errors.js';
import type { WorkCalendar } from '../cases/index.js';
import { checkHours, hoursText, openState, periodsOn, slotsOn } from './hours.js';

/** 2026: 国庆 1–7 Oct off (Sat 3, Sun 4 included), Sat 10 Oct worked (调休). */
const cal: WorkCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07']),
  workdays: new Set(['2026-10-10']),
  officeHours: [],
};
const at = (s: string) => new Date(`${s}+08:00`);
const office: [string, string][] = [
  ['08:30', '12:00'],
  ['14:30', '17:30'],
];
/** Office hours with a lunch break, Saturdays 09:00–12:00 (星期六社区), closed on holidays. */
const centre: HoursSpec = {
  week: [[], office, office, office, office, office, [['09:00', '12:00']]],
  holidays: 'closed',
  closures: [],
};
const allDay: HoursSpec = {
  week: Array.from({ length: 7 }, () => [['00:00', '24:00']]),
  holidays: 'open',
  closures: [],
};

describe('opening hours on the street’s calendar', () => {
  it('are closed over the lunch break and open either side of it', () => {
    expect(openState(centre, cal, at('2026-09-29T11:59:00')).open).toBe(true);
    expect(openState(centre, cal, at('2026-09-29T12:00:00'))).toEqual({
      open: false,
      until: null,
      next: at('2026-09-29T14:30:00').toISOString(),
    });
    expect(openState(centre, cal, at('2026-09-29T15:00:00')).until).toBe(at('2026-09-29T17:30:00').toISOString());
  });

  it('open on Saturday mornings and not on Sundays', () => {
    expect(openState(centre, cal, at('2026-09-26T10:00:00')).open).toBe(true);
    expect(openState(centre, cal, at('2026-09-26T12:30:00')).next).toBe(at('2026-09-28T08:30:00').toISOString());
    expect(openState(centre, cal, at('2026-09-27T10:00:00')).open).toBe(false);
  });

  it('close on statutory holidays and open next on the first working day after them', () => {
    // Wed 30 Sep evening → the holiday runs to Wed 7 Oct (its Saturday too) → Thu 8 Oct 08:30
    expect(openState(centre, cal, at('2026-09-30T18:00:00')).next).toBe(at('2026-10-08T08:30:00').toISOString());
    expect(periodsOn(centre, cal, '2026-10-03')).toEqual([]);
  });

  it('keep Monday’s hours on a make-up working day (调休 Saturday 10 Oct)', () => {
    expect(periodsOn(centre, cal, '2026-10-10')).toEqual([
      [510, 720],
      [870, 1050],
    ]);
    expect(openState(centre, cal, at('2026-10-10T16:00:00')).open).toBe(true);
  });

  it('open on holidays with the weekday’s hours when the station has no holidays (无假日)', () => {
    const always = { ...centre, holidays: 'open' as const };
    expect(openState(always, cal, at('2026-10-05T09:00:00')).open).toBe(true); // a Monday of 国庆
    expect(openState(always, cal, at('2026-10-04T09:00:00')).open).toBe(false); // a Sunday: no Sunday hours
  });

  it('close for a one-off closure', () => {
    const shut = { ...centre, closures: [{ from: '2026-09-29', to: '2026-09-30', reason: '装修' }] };
    expect(openState(shut, cal, at('2026-09-29T09:00:00')).next).toBe(at('2026-10-08T08:30:00').toISOString());
    expect(hoursText(shut)).toContain('2026-09-29至2026-09-30 暂停开放：装修');
  });

  it('are always open at a 24-hour station, with no closing time in sight', () => {
    for (const t of ['2026-10-01T03:00:00', '2026-10-10T23:59:00', '2026-12-31T00:00:00'])
      expect(openState(allDay, cal, at(t))).toEqual({ open: true, until: null, next: null });
  });

  it('say the hours in words, Monday first', () => {
    expect(hoursText(centre)).toEqual([
      '周一至周五 08:30-12:00、14:30-17:30',
      '周六 09:00-12:00',
      '周日 休息',
      '法定节假日休息',
    ]);
  });

  it('give appointment slots inside the open periods only', () => {
    const slots = slotsOn(centre, cal, '2026-09-26', 60).map((d) => d.toISOString());
    expect(slots).toEqual(
      [at('2026-09-26T09:00:00'), at('2026-09-26T10:00:00'), at('2026-09-26T11:00:00')].map((d) => d.toISOString()),
    );
    expect(slotsOn(centre, cal, '2026-10-02', 30)).toEqual([]);
  });

  it('refuse periods that end before they start or overlap, naming the day', () => {
    const said = (spec: HoursSpec) => {
      try {
        checkHours(spec);
        return null;
      } catch (e) {
        return (e as AppError).text.zh;
      }
    };
    const week = (w: HoursSpec['week']) => ({ week: w, holidays: 'closed' as const, closures: [] });
    expect(said(week([[], [['12:00', '08:00']], [], [], [], [], []]))).toBe('周一的时段须先开始后结束');
    expect(
      said(
        week([
          [],
          [],
          [
            ['08:00', '12:00'],
            ['11:00', '13:00'],
          ],
          [],
          [],
          [],
          [],
        ]),
      ),
    ).toBe('周二的时段相互重叠');
    expect(said({ ...centre, closures: [{ from: '2026-10-09', to: '2026-10-08', reason: '停电' }] })).toBe(
      '闭馆的结束日期早于开始日期',
    );
    expect(said(centre)).toBeNull();
  });
});
