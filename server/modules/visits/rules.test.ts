import { describe, expect, it } from 'vitest';
import { visitSettingsSchema } from '../../../contracts/visits.js';
import {
  addMonths,
  ageOn,
  careLevelOf,
  dueBy,
  householdFrequency,
  residentFrequency,
  withinInterval,
} from './rules.js';

const s = visitSettingsSchema.parse({});
const person = (tags: string[], birthDate: string | null = '1980-05-01', residenceType = 'registered') => ({
  tags: tags as never[],
  residenceType,
  birthDate,
});

describe('visit rules (RULES.md "Visits")', () => {
  it('keeps the defaults: ordinary yearly, 低保 / 流动 / 空巢 monthly, care high weekly, key monthly, general quarterly', () => {
    expect(residentFrequency(person([]), '2026-12-03', s)).toBe('yearly');
    expect(residentFrequency(person(['subsistence']), '2026-12-03', s)).toBe('monthly');
    expect(residentFrequency(person([], '1990-01-01', 'floating'), '2026-12-03', s)).toBe('monthly');
    expect(residentFrequency(person(['empty_nest'], '1950-01-01'), '2026-12-03', s)).toBe('monthly');
    expect(residentFrequency(person(['living_alone'], '1940-01-01'), '2026-12-03', s)).toBe('weekly');
    expect(residentFrequency(person(['disabled']), '2026-12-03', s)).toBe('monthly');
    expect(residentFrequency(person(['left_behind_child'], '2018-01-01'), '2026-12-03', s)).toBe('quarterly');
  });

  it('turns 80 on the birthday: living alone at 79 is general, at 80 high', () => {
    const alone = person(['living_alone'], '1946-12-04');
    expect(ageOn(alone.birthDate, '2026-12-03')).toBe(79);
    expect(careLevelOf(alone, '2026-12-03', s)).toBe('general');
    expect(careLevelOf(alone, '2026-12-04', s)).toBe('high');
  });

  it('takes the strictest of a household’s residents, and follows a tag that changes', () => {
    const family = [person([]), person(['subsistence']), person(['left_behind_child'], '2017-03-01')];
    expect(householdFrequency(family, '2026-12-03', s)).toBe('monthly');
    expect(householdFrequency([person([]), person([])], '2026-12-03', s)).toBe('yearly');
    // mid-month, grandmother comes to live alone: weekly from that day
    expect(householdFrequency([person(['living_alone'], '1930-01-01')], '2026-12-15', s)).toBe('weekly');
  });

  it('adds calendar months at month and year ends', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-31', 12)).toBe('2027-12-31');
  });

  it('is within its interval until the interval runs out, and never visited is due at once', () => {
    expect(dueBy('2026-01-31', 'monthly', '2026-02-10')).toBe('2026-02-28');
    expect(withinInterval('2026-01-31', 'monthly', '2026-02-28')).toBe(true);
    expect(withinInterval('2026-01-31', 'monthly', '2026-03-01')).toBe(false);
    expect(withinInterval('2025-12-31', 'yearly', '2026-12-31')).toBe(true);
    expect(withinInterval('2025-12-31', 'yearly', '2027-01-01')).toBe(false);
    expect(withinInterval('2026-11-26', 'weekly', '2026-12-03')).toBe(true);
    expect(withinInterval('2026-11-25', 'weekly', '2026-12-03')).toBe(false);
    expect(dueBy(null, 'yearly', '2026-12-03')).toBe('2026-12-03');
    expect(withinInterval(null, 'yearly', '2026-12-03')).toBe(false);
  });
});
