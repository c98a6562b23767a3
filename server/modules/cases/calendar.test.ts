import { describe, expect, it } from 'vitest';
import { addLimit, isWorkingDay, type WorkCalendar } from './calendar.js';
import { OFFICIAL_CALENDAR } from './defaults.js';

const cal: WorkCalendar = {
  holidays: new Set(OFFICIAL_CALENDAR.filter((d) => d.kind === 'holiday').map((d) => d.day)),
  workdays: new Set(OFFICIAL_CALENDAR.filter((d) => d.kind === 'workday').map((d) => d.day)),
  officeHours: [
    [510, 720],
    [870, 1050],
  ],
};
const at = (s: string) => new Date(`${s}+08:00`);

describe('the 2026 working calendar', () => {
  it('knows weekends, statutory holidays and make-up working days', () => {
    expect(isWorkingDay(cal, '2026-11-20')).toBe(true); // Friday
    expect(isWorkingDay(cal, '2026-11-21')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2026-10-05')).toBe(false); // 国庆节, a Monday
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true); // 国庆节调休, a Saturday
    expect(isWorkingDay(cal, '2026-02-14')).toBe(true); // 春节调休, a Saturday
    expect(isWorkingDay(cal, '2026-02-23')).toBe(false); // 春节, a Monday
  });
});

describe('time limits', () => {
  it('counts working days from the day after receipt, across a weekend with a make-up Sunday', () => {
    // Fri 18 Sep; Sun 20 Sep is worked (国庆节调休): 20, 21, 22, 23, 24 → due at the end of Thu 24 Sep
    expect(addLimit(at('2026-09-18T10:00:00'), 5, 'working_days', cal)).toEqual(at('2026-09-25T00:00:00'));
  });

  it('skips the National Day week and counts the make-up Saturday', () => {
    // Wed 30 Sep; 1–7 Oct off; Thu 8, Fri 9, Sat 10 (调休) → end of 10 Oct
    expect(addLimit(at('2026-09-30T15:00:00'), 3, 'working_days', cal)).toEqual(at('2026-10-11T00:00:00'));
  });

  it('counts a make-up Saturday before the Spring Festival as a working day', () => {
    expect(addLimit(at('2026-02-13T17:00:00'), 1, 'working_days', cal)).toEqual(at('2026-02-15T00:00:00'));
    // 15–23 Feb off, so the next working day after the 14th is Tue 24 Feb
    expect(addLimit(at('2026-02-14T09:00:00'), 1, 'working_days', cal)).toEqual(at('2026-02-25T00:00:00'));
  });

  it('counts working hours inside office hours only, across a weekend', () => {
    // Fri 16:00–17:30 is 1.5 h; Mon 08:30 + 2.5 h = 11:00
    expect(addLimit(at('2026-11-20T16:00:00'), 4, 'working_hours', cal)).toEqual(at('2026-11-23T11:00:00'));
    // reported at lunch time: the clock starts at 14:30
    expect(addLimit(at('2026-11-23T12:30:00'), 1, 'working_hours', cal)).toEqual(at('2026-11-23T15:30:00'));
  });

  it('runs natural hours and days round the clock, holidays included', () => {
    expect(addLimit(at('2026-10-01T23:00:00'), 2, 'hours', cal)).toEqual(at('2026-10-02T01:00:00'));
    expect(addLimit(at('2026-10-01T08:00:00'), 15, 'days', cal)).toEqual(at('2026-10-16T08:00:00'));
  });

  it('puts the 80 % warning four working days into a five-working-day limit', () => {
    expect(addLimit(at('2026-09-18T10:00:00'), 5, 'working_days', cal, 0.8)).toEqual(at('2026-09-24T00:00:00'));
  });
});
