import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNITY, DEMO_GRID } from '../../core/demo.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { deliverPending, subscribersOf } from '../../core/events.js';
import { modules } from '../index.js';
import type { Trx } from '../../core/db.js';
import { writeSettings } from '../../core/settings.js';
import { visitSettingsSchema } from '../../../contracts/visits.js';
import { generatePlans } from './plans.js';
import { planOf } from './queries.js';
import { refreshHouseholds } from './state.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const as = (n: string) => c[n] as Client;
const OTHER_GRID = `${DEMO_COMMUNITY}002`;
const month = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const count = async (table: string) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(demo.database.db)).rows[0]?.n,
  );

/** A household of a grid with its residents. */
async function householdIn(grid: string, skip = 0) {
  const r = await sql<{ id: string; residents: string[] }>`
    SELECT hh.id, array_agg(r.id) AS residents FROM households hh
    JOIN residents r ON r.street_id = hh.street_id AND r.household_id = hh.id AND r.status = 'active'
    WHERE hh.active AND hh.grid_path LIKE ${`%/${grid}/`}
    GROUP BY hh.id ORDER BY hh.id LIMIT 1 OFFSET ${skip}`.execute(demo.database.db);
  const row = r.rows[0];
  if (!row) throw new Error(`no household in ${grid}`);
  return { id: Number(row.id), residents: row.residents.map(Number) };
}

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['community', 'gridworker', 'operator', 'secretary']) c[n] = await signedIn(demo.app, n);
  c.resident = await signedIn(demo.app, '13800000001');
});
afterAll(() => demo.close());

/** Runs `fn` in a transaction that is rolled back afterwards (what it wrote is seen only inside). */
async function rolledBack(fn: (trx: Trx) => Promise<void>) {
  await demo.database.db
    .transaction()
    .execute(async (trx) => {
      await fn(trx);
      throw new RolledBack();
    })
    .catch((e: unknown) => {
      if (!(e instanceof RolledBack)) throw e;
    });
}
class RolledBack extends Error {}

describe('monthly plans', () => {
  /** The grid's households given a state: `monthly` of them monthly and due, the rest yearly and not seen this year. */
  async function gridState(trx: Trx, monthly: number) {
    // the community's households all taken into the one grid, for numbers a quota can cut
    const g = await trx.selectFrom('regions').select('path').where('code', '=', DEMO_GRID).executeTakeFirstOrThrow();
    await sql`UPDATE household_visits SET grid_path = ${g.path} WHERE grid_path LIKE ${`%/${DEMO_COMMUNITY}/%`}`.execute(
      trx,
    );
    const rows = await sql<{ household_id: number }>`SELECT household_id FROM household_visits
      WHERE grid_path LIKE ${`%/${DEMO_GRID}/`} ORDER BY household_id`.execute(trx);
    const ids = rows.rows.map((r) => Number(r.household_id));
    await sql`UPDATE household_visits SET frequency = 'monthly', due_on = '2026-03-10', last_visited_on = '2026-02-10'
      WHERE household_id = ANY(${ids.slice(0, monthly)}::int8[])`.execute(trx);
    // the yearly ones: due on different days, some never seen
    await sql`UPDATE household_visits SET frequency = 'yearly', changes_on = NULL,
        due_on = date '2026-01-01' + (household_id % 50)::int,
        last_visited_on = CASE WHEN household_id % 3 = 0 THEN NULL ELSE date '2025-01-01' + (household_id % 50)::int END
      WHERE household_id = ANY(${ids.slice(monthly)}::int8[])`.execute(trx);
    return { monthly, yearly: ids.length - monthly };
  }
  const planned = async (trx: Trx, month: string) =>
    (
      await sql<{ household_id: number; frequency: string; due_on: string }>`
      SELECT i.household_id, i.frequency, i.due_on::text FROM visit_plan_items i
      JOIN visit_plans p ON p.street_id = i.street_id AND p.id = i.plan_id
      WHERE p.grid_code = ${DEMO_GRID} AND p.month = ${month}`.execute(trx)
    ).rows;
  const gridPath = async (trx: Trx) =>
    await trx
      .selectFrom('regions')
      .select(['path', 'street_id'])
      .where('code', '=', DEMO_GRID)
      .executeTakeFirstOrThrow();

  it('takes every stricter household due, then yearly ones up to the load — and all of them in the year’s last month', async () => {
    await rolledBack(async (trx) => {
      const g = await gridPath(trx);
      const street = g.street_id ?? '';
      const n = await gridState(trx, 20);
      expect(n.yearly).toBeGreaterThan(40);
      await writeSettings(trx, street, 'visits', visitSettingsSchema, { monthlyLoad: 30 });
      // March: 10 months left — the yearly ones' share (⌈n/10⌉) or the load's room (30 − 20), whichever is more
      await generatePlans(trx, street, g.path, '2026-03');
      const march = await planned(trx, '2026-03');
      const share = Math.ceil(n.yearly / 10);
      expect(march.filter((x) => x.frequency === 'monthly')).toHaveLength(20);
      expect(march.filter((x) => x.frequency === 'yearly')).toHaveLength(Math.max(share, 10));
      // the yearly ones taken are those due first
      const due = march.filter((x) => x.frequency === 'yearly').map((x) => x.due_on);
      const all = (
        await sql<{ d: string }>`SELECT due_on::text AS d FROM household_visits
          WHERE grid_path = ${g.path} AND frequency = 'yearly' ORDER BY due_on`.execute(trx)
      ).rows.map((r) => r.d);
      expect(due.sort().at(-1)! <= all[due.length - 1]!).toBe(true);
      // a light month: the year's share still comes
      await writeSettings(trx, street, 'visits', visitSettingsSchema, { monthlyLoad: 10 });
      await generatePlans(trx, street, g.path, '2026-03');
      expect(await planned(trx, '2026-03')).toHaveLength(20 + share);
      // December: what is left of the year must all be seen, whatever the load
      await generatePlans(trx, street, g.path, '2026-12');
      expect((await planned(trx, '2026-12')).filter((x) => x.frequency === 'yearly')).toHaveLength(n.yearly);
      // a heavy load takes more of the yearly ones, up to the load
      await writeSettings(trx, street, 'visits', visitSettingsSchema, { monthlyLoad: 20 + n.yearly - 5 });
      await generatePlans(trx, street, g.path, '2026-03');
      expect(await planned(trx, '2026-03')).toHaveLength(20 + n.yearly - 5);
      // a plan is read in walking order: building, entrance, room, numbers as numbers
      const plan = await planOf(trx, street, DEMO_GRID, '2026-03');
      const order = (plan?.items ?? []).map((x) => x.address);
      expect(order).toEqual([...order].sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true })));
      expect(plan?.items.map((x) => x.position)).toEqual(order.map((_, k) => k + 1));
    });
  });

  it('brings a household up to date before the plans when a birthday changed its frequency', async () => {
    const h = await householdIn(DEMO_GRID, 3);
    await rolledBack(async (trx) => {
      const g = await gridPath(trx);
      const street = g.street_id ?? '';
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      // living alone, 80 today: the state worked out yesterday said general care (quarterly), high from today
      const born = `${Number(today.slice(0, 4)) - 80}${today.slice(4)}`;
      await sql`UPDATE residents SET status = 'moved_out' WHERE household_id = ${h.id} AND id <> ${h.residents[0]}`.execute(
        trx,
      );
      await sql`UPDATE residents SET tags = '{living_alone}', birth_date = ${born}::date, residence_type = 'registered'
        WHERE id = ${h.residents[0]}`.execute(trx);
      const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      await refreshHouseholds(trx, street, { householdIds: [h.id] }, yesterday);
      const before = await trx
        .selectFrom('household_visits')
        .select(['frequency', 'changes_on'])
        .where('household_id', '=', h.id)
        .executeTakeFirstOrThrow();
      expect(before).toEqual({ frequency: 'quarterly', changes_on: today });
      await generatePlans(trx, street, g.path, today.slice(0, 7));
      const after = await trx
        .selectFrom('household_visits')
        .select(['frequency', 'changes_on'])
        .where('household_id', '=', h.id)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ frequency: 'weekly', changes_on: null });
    });
  });

  it('generates a month’s plans for the community; the grid worker sees her grid’s, not another’s', async () => {
    const made = await as('community').post('/api/visits/plans', { region: DEMO_COMMUNITY, month: month() });
    expect(made.statusCode, made.body).toBe(200);
    expect(made.json<{ plans: number }>().plans).toBeGreaterThan(1);
    const mine = await as('gridworker').get(`/api/visits/plan?grid=${DEMO_GRID}`);
    expect(mine.statusCode, mine.body).toBe(200);
    const plan = mine.json<{ plan: { items: { head: string | null; address: string }[] } | null }>().plan;
    expect(plan?.items.length).toBeGreaterThan(0);
    expect(plan?.items[0]?.head).toMatch(/^.\*+$/);
    expect((await as('gridworker').get(`/api/visits/plan?grid=${OTHER_GRID}`)).statusCode).toBe(403);
    expect(
      (await as('gridworker').post('/api/visits/plans', { region: DEMO_COMMUNITY, month: month() })).statusCode,
    ).toBe(403);
  });
});

describe('visit records (民情日记)', () => {
  it('records a visit once however often the phone sends it, and a finding becomes a linked case', async () => {
    const h = await householdIn(DEMO_GRID);
    const body = {
      householdId: h.id,
      visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
      kind: 'home',
      met: h.residents.slice(0, 1),
      notes: '老人身体尚好，楼道灯不亮',
      clientId: `test-${Date.now()}`,
      findings: [
        { kind: 'case', category: 'env.sanitation', description: '楼道堆放杂物，影响通行' },
        { kind: 'need', needType: 'elderly_care', what: '希望有人每周上门量血压' },
      ],
    };
    const first = await as('gridworker').post('/api/visits', body);
    expect(first.statusCode, first.body).toBe(201);
    const made = first.json<{ id: number; findings: { id: number; kind: string; caseId: number | null }[] }>();
    const caseId = made.findings.find((f) => f.kind === 'case')?.caseId;
    expect(caseId).toBeTypeOf('number');
    expect(made.findings.find((f) => f.kind === 'need')?.id).toBeTypeOf('number');
    const again = await as('gridworker').post('/api/visits', body);
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: number }>().id).toBe(made.id);
    const kase = (await as('operator').get(`/api/cases/${caseId}`)).json<{ source: string }>();
    expect(kase.source).toBe('visit');
    expect((await as('gridworker').get(`/api/visits/by-case/${caseId}`)).json()).toMatchObject({
      visit: { id: made.id, householdId: h.id },
    });
    // the household is now within its interval
    const state = await sql<{ last: string }>`SELECT last_visited_on::text AS last FROM household_visits
      WHERE household_id = ${h.id}`.execute(demo.database.db);
    expect(state.rows[0]?.last).toBeTruthy();
    const log = (await as('community').get(`/api/visits?region=${DEMO_GRID}&household=${h.id}`)).json<{
      items: { id: number; findings: { kind: string }[] }[];
    }>();
    expect(log.items.map((v) => v.id)).toContain(made.id);
    expect(JSON.stringify(log)).not.toMatch(/gps|lng|lat/);
  });

  it('refuses a visit in the future, someone met who lives elsewhere, and a household outside the visitor’s scope — nothing written', async () => {
    const h = await householdIn(DEMO_GRID, 1);
    const other = await householdIn(DEMO_GRID, 2);
    const before = [await count('visits'), await count('visit_findings')];
    const future = await as('gridworker').post('/api/visits', {
      householdId: h.id,
      visitedAt: new Date(Date.now() + 86_400_000).toISOString(),
      findings: [{ kind: 'none' }],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('不能晚于现在');
    const stranger = await as('gridworker').post('/api/visits', {
      householdId: h.id,
      visitedAt: new Date().toISOString(),
      met: other.residents.slice(0, 1),
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().error.message).toContain('该户在册居民');
    const far = await householdIn(OTHER_GRID);
    expect(
      (await as('gridworker').post('/api/visits', { householdId: far.id, visitedAt: new Date().toISOString() }))
        .statusCode,
    ).toBe(403);
    // a bad case category rolls the whole visit back
    const badCase = await as('gridworker').post('/api/visits', {
      householdId: h.id,
      visitedAt: new Date().toISOString(),
      findings: [
        { kind: 'need', needType: 'medical', what: '需要陪同就医' },
        { kind: 'case', category: 'no.such', description: '不存在的类型' },
      ],
    });
    expect(badCase.statusCode).toBe(400);
    expect([await count('visits'), await count('visit_findings')]).toEqual(before);
    expect(
      (await as('resident').post('/api/visits', { householdId: h.id, visitedAt: new Date().toISOString() })).statusCode,
    ).toBe(403);
  });

  it('keeps the GPS point sealed, flags a point outside the grid, and shows it only within the place (audited)', async () => {
    const h = await householdIn(DEMO_GRID, 3);
    const r = await as('gridworker').post('/api/visits', {
      householdId: h.id,
      visitedAt: new Date().toISOString(),
      gps: { lng: 100.1, lat: 20.2 },
      findings: [{ kind: 'none' }],
    });
    expect(r.statusCode, r.body).toBe(201);
    const v = r.json<{ id: number; outsideGrid: boolean }>();
    expect(v.outsideGrid).toBe(true);
    const stored = await sql<{ g: string }>`SELECT gps_cipher AS g FROM visits WHERE id = ${v.id}`.execute(
      demo.database.db,
    );
    expect(stored.rows[0]?.g).not.toContain('100.1');
    const audits = await count('audit_log');
    const at = await as('community').get(`/api/visits/${v.id}/location`);
    expect(at.json()).toEqual({ lng: 100.1, lat: 20.2, outsideGrid: true });
    expect(await count('audit_log')).toBe(audits + 1);
    expect((await as('resident').get(`/api/visits/${v.id}/location`)).statusCode).toBeGreaterThanOrEqual(403);
  });
});

describe('coverage', () => {
  it('counts the place’s households within their interval, overdue and never visited; the share is within ÷ households', async () => {
    await as('community').post('/api/visits/plans', { region: DEMO_COMMUNITY, month: month() });
    const r = await as('community').get(`/api/visits/coverage?region=${DEMO_COMMUNITY}`);
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json<{
      households: number;
      withinInterval: number;
      overdue: number;
      neverVisited: number;
      visitedThisMonth: number;
      share: number;
      byVisitor: { visitor: string; visitsThisMonth: number; households: number }[];
    }>();
    expect(c.households).toBe(c.withinInterval + c.overdue + c.neverVisited);
    expect(c.visitedThisMonth).toBeGreaterThanOrEqual(2);
    expect(c.share).toBeCloseTo(c.withinInterval / c.households, 4);
    expect(c.byVisitor.find((v) => v.visitor === '庆城第1网格网格员')?.visitsThisMonth).toBeGreaterThanOrEqual(2);
    // per visitor: the counts kept as visits are recorded equal counting this month's visits afresh
    const fresh = await sql<{ visitor: string; visits: number; households: number }>`
      SELECT u.display_name AS visitor, count(*)::int AS visits, count(DISTINCT (v.grid_path, v.household_id))::int AS households
      FROM visits v JOIN users u ON u.id = v.visitor_id
      WHERE v.grid_path LIKE ${`%/${DEMO_COMMUNITY}/%`}
        AND to_char(v.visited_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') = ${month()}
      GROUP BY u.display_name ORDER BY 2 DESC, 1`.execute(demo.database.db);
    const kept = c.byVisitor;
    expect(
      kept
        .map((v) => ({ visitor: v.visitor, visits: v.visitsThisMonth, households: v.households }))
        .sort((a, b) => b.visits - a.visits || a.visitor.localeCompare(b.visitor)),
    ).toEqual(fresh.rows.sort((a, b) => b.visits - a.visits || a.visitor.localeCompare(b.visitor)));
    expect((await as('gridworker').get(`/api/visits/coverage?region=${DEMO_COMMUNITY}`)).statusCode).toBe(403);
  });
});

describe('households that change', () => {
  it('a household moved to another grid leaves its grid’s plan for the new grid’s, once the event is delivered', async () => {
    await as('community').post('/api/visits/plans', { region: DEMO_COMMUNITY, month: month() });
    const planned = async (grid: string) =>
      (await as('community').get(`/api/visits/plan?grid=${grid}`))
        .json<{ plan: { items: { householdId: number }[] } }>()
        .plan.items.map((i) => i.householdId);
    const mine = await planned(DEMO_GRID);
    const id = mine[0] as number;
    const house = await sql<{ id: string }>`SELECT h.id FROM houses h WHERE h.grid_path LIKE ${`%/${OTHER_GRID}/`}
      ORDER BY h.id LIMIT 1`.execute(demo.database.db);
    const to = Number(house.rows[0]?.id);
    const moved = await as('community').post(`/api/registry/households/${id}/move`, { toHouseId: to, note: '搬家' });
    expect(moved.statusCode, moved.body).toBe(200);
    await deliverPending(demo.database.db, subscribersOf(modules));
    expect(await planned(DEMO_GRID)).not.toContain(id);
    expect(await planned(OTHER_GRID)).toContain(id);
    // a second delivery changes nothing
    await deliverPending(demo.database.db, subscribersOf(modules));
    expect((await planned(OTHER_GRID)).filter((x) => x === id)).toHaveLength(1);
  });

  it('the street’s rules change: households follow once the event is delivered', async () => {
    const h = await sql<{ household_id: string }>`SELECT v.household_id FROM household_visits v
      JOIN residents r ON r.street_id = v.street_id AND r.household_id = v.household_id
      WHERE v.frequency = 'monthly' AND r.status = 'active' AND r.tags @> '{subsistence}'
      ORDER BY v.household_id LIMIT 1`.execute(demo.database.db);
    const id = Number(h.rows[0]?.household_id);
    const frequency = async () =>
      (
        await sql<{ f: string }>`SELECT frequency AS f FROM household_visits WHERE household_id = ${id}`.execute(
          demo.database.db,
        )
      ).rows[0]?.f;
    const put = await as('operator').put('/api/settings/visits', { subsistence: 'weekly' });
    expect(put.statusCode, put.body).toBe(200);
    expect(await frequency()).toBe('monthly');
    await deliverPending(demo.database.db, subscribersOf(modules));
    expect(await frequency()).toBe('weekly');
    await as('operator').put('/api/settings/visits', {});
    await deliverPending(demo.database.db, subscribersOf(modules));
    expect(await frequency()).toBe('monthly');
  });
});
