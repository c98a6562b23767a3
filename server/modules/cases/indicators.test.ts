import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from '../../../test/demo-app.js';
import { compositeScore, indicators, ratesOf } from './indicators.js';

let demo: DemoApp;
const JINNIU = { disposal: 30, disposalOnTime: 20, rework: 20, overduePending: 20, extension: 10 };
const STREET_PATH = '/35/3501/350102/350102001/';

beforeAll(async () => {
  demo = await demoApp();
});
afterAll(() => demo.close());

/** Inserts n cases registered on `day` in 庆城社区第1网格 with the given fields. */
async function make(n: number, day: string, fields: Record<string, unknown>) {
  const db = demo.database.db;
  const grid = await db
    .selectFrom('regions')
    .select(['path'])
    .where('code', '=', '350102001002001')
    .executeTakeFirstOrThrow();
  const category = await db
    .selectFrom('case_categories')
    .select('id')
    .where('code', '=', 'env.sanitation')
    .executeTakeFirstOrThrow();
  const registered = new Date(`${day}T09:00:00+08:00`);
  const base = {
    street_id: '350102001',
    source: 'hotline' as const,
    category_id: category.id,
    tier: 'public' as const,
    title: '测试',
    description: '测试',
    grid_code: '350102001002001',
    community_code: '350102001002',
    region_path: grid.path,
    submitter_key: 'test',
    status: 'closed' as const,
    created_at: registered,
    registered_at: registered,
    dispatched_at: registered,
    handle_started_at: registered,
    handle_due_at: new Date(registered.getTime() + 5 * 86_400_000),
  };
  const rows = Array.from({ length: n }, () => ({ ...base, ...fields }));
  await db
    .insertInto('cases')
    .values(rows as never)
    .execute();
}
const days = (d: string, plus: number) => new Date(new Date(`${d}T09:00:00+08:00`).getTime() + plus * 86_400_000);

describe('the indicator formulas', () => {
  it('give the published Tianmen figures: 结案率 911/972 = 93.72 %, 按期结案率 737/972 = 75.82 %', async () => {
    const d = '2020-03-02';
    await make(737, d, { closed_at: days(d, 4), handled_at: days(d, 3) }); // closed on time
    await make(911 - 737, d, { closed_at: days(d, 9), handled_at: days(d, 8) }); // closed late
    await make(972 - 911, d, { status: 'handling' }); // not closed
    const [row] = await indicators(demo.database.db, {
      scopes: [STREET_PATH],
      groupBy: 'street',
      from: '2020-03-01',
      to: '2020-03-31',
      weights: JINNIU,
    });
    expect(row?.dueClosure).toBe(972);
    expect(row?.closed).toBe(911);
    expect(row?.closedOnTime).toBe(737);
    expect(((row?.rates.closure ?? 0) * 100).toFixed(2)).toBe('93.72');
    expect(((row?.rates.closureOnTime ?? 0) * 100).toFixed(2)).toBe('75.82');
  });

  it('use the right denominator for each rate on a hand-made month', async () => {
    const d = '2021-06-01';
    // 10 dispatched cases: 6 handled on time, 2 late, 2 still open (1 overdue); 1 reworked, 1 extended
    await make(5, d, {
      closed_at: days(d, 2),
      handled_at: days(d, 1),
      contacted_at: days(d, 0.01),
      sign_due_at: days(d, 0.1),
    });
    await make(1, d, { closed_at: days(d, 2), handled_at: days(d, 1), reworks: 1 });
    await make(2, d, { closed_at: days(d, 9), handled_at: days(d, 8), extensions: 1, handle_due_at: days(d, 7) });
    await make(1, d, { status: 'handling', handle_due_at: days(d, 3) }); // overdue and not handled
    await make(1, d, { status: 'handling', handle_due_at: days(d, 3000) }); // not due yet
    // 2 registered, never dispatched: due for closure, not for handling
    await make(2, d, { status: 'registered', dispatched_at: null, handle_due_at: null, handle_started_at: null });
    const db = demo.database.db;
    const ids = await db
      .selectFrom('cases')
      .select('id')
      .where('registered_at', '=', new Date(`${d}T09:00:00+08:00`))
      .where('status', '=', 'closed')
      .orderBy('id')
      .execute();
    const rate = async (id: number, rating: string, solved: boolean) =>
      sql`UPDATE cases SET rating = ${rating}, solved = ${solved}, rated_at = now() WHERE id = ${id}`.execute(db);
    await rate(ids[0]?.id ?? 0, 'satisfied', true);
    await rate(ids[1]?.id ?? 0, 'satisfied', true);
    await rate(ids[2]?.id ?? 0, 'basically_satisfied', true);
    await rate(ids[3]?.id ?? 0, 'dissatisfied', false);
    const [row] = await indicators(db, {
      scopes: [STREET_PATH],
      groupBy: 'grid',
      from: '2021-06-01',
      to: '2021-06-30',
      weights: JINNIU,
    });
    expect(row).toMatchObject({
      total: 12,
      dueClosure: 12,
      closed: 8,
      closedOnTime: 6,
      dueHandling: 10,
      handled: 8,
      handledOnTime: 6,
      reworked: 1,
      overduePending: 1,
      extended: 2,
      responded: 5,
      rated: 4,
      solved: 3,
      satisfied: 3,
    });
    expect(row?.rates).toMatchObject({
      closure: 8 / 12,
      disposal: 0.8,
      disposalOnTime: 0.6,
      rework: 1 / 12,
      overduePending: 0.1,
      extension: 0.2,
      response: 5 / 12,
      resolution: 0.75,
      satisfaction: 0.75,
    });
    // Jinniu: 0.8×30 + 0.6×20 + (1 − 1/12)×20 + (1 − 0.1)×20 + (1 − 0.2)×10
    expect(row?.score).toBeCloseTo(24 + 12 + (11 / 12) * 20 + 18 + 8, 2);
    expect(row?.name).toBe('庆城社区第1网格');
  });

  it('leave a rate undefined (not 0 %) when nothing is due, and score on the weights that remain', () => {
    const rates = ratesOf({
      total: 0,
      dueClosure: 0,
      closed: 0,
      closedOnTime: 0,
      dueHandling: 0,
      handled: 0,
      handledOnTime: 0,
      reworked: 0,
      overduePending: 0,
      extended: 0,
      responded: 0,
      rated: 0,
      solved: 0,
      satisfied: 0,
      proactive: 0,
    });
    expect(rates.closure).toBeNull();
    expect(compositeScore(rates, JINNIU)).toBeNull();
    // Jungar 12345: 响应率 30 %, 解决率 35 %, 满意率 35 %
    expect(
      compositeScore(
        { response: 1, resolution: 0.8, satisfaction: 0.9 },
        { response: 30, resolution: 35, satisfaction: 35 },
      ),
    ).toBeCloseTo(89.5, 5);
  });
});

describe('the indicators endpoint', () => {
  it('shows the demo year per community for the operator', async () => {
    const login = await demo.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'operator', password: 'Demo@2026' },
    });
    const cookie = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')?.value ?? ''}`;
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
    const res = await demo.app.inject({
      url: `/api/case-indicators?groupBy=community&from=${from}&to=${to}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ rows: { name: string; total: number; rates: Record<string, number | null> }[] }>();
    expect(body.rows.length).toBeGreaterThan(1);
    expect(body.rows.reduce((s, r) => s + r.total, 0)).toBeGreaterThan(100);
    expect(body.rows.every((r) => (r.rates.closure ?? 0) > 0.5)).toBe(true);
  });
});
