import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CategoryItem } from '../../../contracts/cases.js';
import { pointIn, step } from '../../../test/cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
let operator: Client;
let community: Client;
let here: { lng: number; lat: number };

beforeAll(async () => {
  demo = await demoApp();
  operator = await signedIn(demo.app, 'operator');
  community = await signedIn(demo.app, 'community');
  here = await pointIn(demo.database.db, '350102001002001');
});
afterAll(() => demo.close());

const category = {
  code: 'estate.parking',
  parentId: null,
  name: '停车管理',
  tier: 'shared',
  signLimit: 2,
  signUnit: 'working_hours',
  handleLimit: 3,
  handleUnit: 'working_days',
  handlerKind: 'property_company',
  defaultAgencyId: null,
  active: true,
} as const;

describe('categories and limits', () => {
  it('lets the operator add a category that intake uses at once, and refuses the community worker', async () => {
    expect((await community.post('/api/case-categories', category)).statusCode).toBe(403);
    const created = await operator.post('/api/case-categories', category);
    expect(created.statusCode).toBe(201);
    const r = await operator.post('/api/cases', {
      category: 'estate.parking',
      description: '车辆乱停',
      source: 'hotline',
      ...here,
    });
    expect(r.statusCode).toBe(201);
    expect(r.json<CaseDetail>().categoryName).toBe('停车管理');
    // a duplicate code is a conflict, in Chinese
    const dup = await operator.post('/api/case-categories', category);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('编码');
  });

  it('applies a changed limit to the next dispatch and stops intake of a deactivated category', async () => {
    const list = (await operator.get('/api/case-categories')).json<CategoryItem[]>();
    const parking = list.find((c) => c.code === 'estate.parking');
    expect(parking).toBeDefined();
    const put = await operator.put(`/api/case-categories/${parking?.id}`, {
      ...category,
      handleLimit: 10,
      handleUnit: 'days',
    });
    expect(put.statusCode).toBe(200);
    const r = await operator.post('/api/cases', {
      category: 'estate.parking',
      description: '车辆乱停2',
      source: 'hotline',
      ...here,
    });
    const id = r.json<CaseDetail>().id;
    await step(operator, id, 'register');
    const d = (await step(operator, id, 'dispatch', { agencyId: null })).json;
    const days = (new Date(d.handleDueAt ?? 0).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThan(10.1);
    await operator.put(`/api/case-categories/${parking?.id}`, { ...category, active: false });
    const refused = await operator.post('/api/cases', {
      category: 'estate.parking',
      description: 'x',
      source: 'hotline',
      ...here,
    });
    expect(refused.statusCode).toBe(400);
  });
});

describe('the holiday calendar', () => {
  it('shows the seeded 2026 arrangement and lets the operator replace a year, audited', async () => {
    const y2026 = (await operator.get('/api/case-calendar/2026')).json<{ days: { day: string; kind: string }[] }>();
    expect(y2026.days.find((d) => d.day === '2026-10-10')?.kind).toBe('workday');
    expect(y2026.days.filter((d) => d.kind === 'holiday')).toHaveLength(33);
    const days = [
      { day: '2027-01-01', kind: 'holiday', name: '元旦' },
      { day: '2027-02-06', kind: 'holiday', name: '春节' },
    ];
    expect((await community.put('/api/case-calendar/2027', { days })).statusCode).toBe(403);
    expect((await operator.put('/api/case-calendar/2027', { days })).statusCode).toBe(200);
    expect((await operator.get('/api/case-calendar/2027')).json().days).toHaveLength(2);
    const wrongYear = await operator.put('/api/case-calendar/2027', {
      days: [{ day: '2028-01-01', kind: 'holiday', name: '' }],
    });
    expect(wrongYear.statusCode).toBe(400);
    expect(wrongYear.json().error.message).toContain('不在 2027 年');
    const audit = await demo.database.db
      .selectFrom('audit_log')
      .select(['result'])
      .where('action', '=', 'cases.configure')
      .where('object_type', '=', 'work_calendar')
      .execute();
    expect(audit.map((a) => a.result).sort()).toEqual(['denied', 'ok']);
  });
});

describe('case settings', () => {
  it('changes the composite weights used by the indicators', async () => {
    const s = (await operator.get('/api/case-settings')).json<Record<string, unknown>>();
    expect(s).toMatchObject({ duplicateRadiusM: 50, duplicateHours: 72, warnFraction: 0.8, reopenDays: 7 });
    const put = await operator.put('/api/case-settings', { ...s, composite: { satisfaction: 100 } });
    expect(put.statusCode).toBe(200);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const rows = (await operator.get(`/api/case-indicators?groupBy=street&from=${from}&to=${to}`)).json<{
      rows: { score: number | null; rates: { satisfaction: number | null } }[];
    }>().rows;
    const street = rows[0];
    expect(street?.score).toBeCloseTo((street?.rates.satisfaction ?? 0) * 100, 1);
    expect((await community.put('/api/case-settings', { ...s })).statusCode).toBe(403);
  });
});
