import { sql } from 'kysely';
import type { Executor } from '../../core/db.js';
import { likeLiteral } from '../../core/sql-scope.js';
import { localDate, localMidnight } from '../cases/index.js';
import { addMonths } from './rules.js';
import { refreshHouseholds, visitSettingsOf } from './state.js';

function lastDayOf(month: string): string {
  const next = addMonths(`${month}-01`, 1);
  return new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

type Candidate = {
  household_id: number;
  frequency: string;
  due_on: string;
  last_visited_on: string | null;
  visits_this_year: number;
  building: string | null;
  unit: string | null;
  room: string | null;
};

/**
 * Chooses a grid's households for the month: every household of a stricter class due by the month's
 * end; of the yearly ones, those overdue or never seen first (then longest since the last visit),
 * at least the share that keeps the rest of the year's households within the year (those not seen
 * this year ÷ months left), and more up to the worker's load. Then in walking order: building,
 * entrance, room.
 */
export function choose(candidates: readonly Candidate[], month: string, load: number): Candidate[] {
  const end = lastDayOf(month);
  const byDue = (a: Candidate, b: Candidate) =>
    a.due_on.localeCompare(b.due_on) || (a.last_visited_on ?? '').localeCompare(b.last_visited_on ?? '');
  const strict = candidates.filter((c) => c.frequency !== 'yearly' && c.due_on <= end).sort(byDue);
  const yearly = candidates.filter((c) => c.frequency === 'yearly' && c.visits_this_year === 0).sort(byDue);
  const monthsLeft = 12 - Number(month.slice(5, 7)) + 1;
  const quota = Math.ceil(yearly.length / monthsLeft);
  const take = Math.min(yearly.length, Math.max(quota, load - strict.length));
  const natural = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '', 'zh-CN', { numeric: true });
  return [...strict, ...yearly.slice(0, take)].sort(
    (a, b) => natural(a.building, b.building) || natural(a.unit, b.unit) || natural(a.room, b.room),
  );
}

/**
 * Generates (or regenerates) the month's plan of every grid under a place: households brought up
 * to date first, then each grid's choice written as its plan, in walking order. Returns plans and
 * households planned.
 */
export async function generatePlans(db: Executor, streetId: string, underPath: string, month: string) {
  const today = localDate(new Date());
  await refreshHouseholds(db, streetId, { underPath }, today);
  const { monthlyLoad } = await visitSettingsOf(db, streetId);
  const like = `${likeLiteral(underPath)}%`;
  const grids = await db
    .selectFrom('regions')
    .select(['code', 'path'])
    .where('street_id', '=', streetId)
    .where('level', '=', 'grid')
    .where('path', 'like', like)
    .orderBy('code')
    .execute();
  // every grid's candidates in one read, then every plan and its items in a few statements
  const candidates = await db
    .selectFrom('household_visits as v')
    .innerJoin('households as hh', (j) =>
      j.onRef('hh.street_id', '=', 'v.street_id').onRef('hh.id', '=', 'v.household_id'),
    )
    .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'))
    .select([
      'v.grid_path',
      'v.household_id',
      'v.frequency',
      'v.due_on',
      'v.last_visited_on',
      'v.visits_this_year',
      'b.name as building',
      'h.unit',
      'h.room',
    ])
    .where('v.street_id', '=', streetId)
    .where('v.grid_path', 'like', like)
    .execute();
  const byGrid = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byGrid.get(c.grid_path) ?? [];
    list.push(c);
    byGrid.set(c.grid_path, list);
  }
  if (grids.length === 0) return { plans: 0, households: 0 };
  const now = new Date();
  const plans = await db
    .insertInto('visit_plans')
    .values(grids.map((g) => ({ street_id: streetId, grid_code: g.code, month, load: monthlyLoad, generated_at: now })))
    .onConflict((oc) =>
      oc.columns(['street_id', 'grid_code', 'month']).doUpdateSet((eb) => ({
        load: eb.ref('excluded.load'),
        generated_at: eb.ref('excluded.generated_at'),
      })),
    )
    .returning(['id', 'grid_code'])
    .execute();
  await db
    .deleteFrom('visit_plan_items')
    .where('street_id', '=', streetId)
    .where(
      'plan_id',
      'in',
      plans.map((p) => p.id),
    )
    .execute();
  const items = grids.flatMap((g) => {
    const plan = plans.find((p) => p.grid_code === g.code);
    if (!plan) return [];
    return choose(byGrid.get(g.path) ?? [], month, monthlyLoad).map((c, k) => ({
      street_id: streetId,
      plan_id: plan.id,
      household_id: c.household_id,
      position: k + 1,
      due_on: c.due_on,
      frequency: c.frequency as 'yearly',
    }));
  });
  for (let i = 0; i < items.length; i += 5000)
    await db
      .insertInto('visit_plan_items')
      .values(items.slice(i, i + 5000))
      .execute();
  const planned = items.length;
  return { plans: grids.length, households: planned };
}

/**
 * Coverage of a place (a grid, community, street or district) from the households' state: visited
 * this month and year, within their interval, overdue, never visited — by frequency — and each
 * visitor's visits this month (docs/ARCHITECTURE.md "Visits": the share's definition).
 */
export async function coverageOf(db: Executor, streets: readonly string[], underPath: string) {
  const today = localDate(new Date());
  const month = `${today.slice(0, 7)}-01`;
  const like = `${likeLiteral(underPath)}%`;
  const byFrequency = await db
    .selectFrom('household_visits')
    .select([
      'frequency',
      sql<number>`count(*)::int`.as('households'),
      sql<number>`count(*) FILTER (WHERE last_visited_on >= ${month}::date)::int`.as('month'),
      sql<number>`count(*) FILTER (WHERE visits_this_year > 0)::int`.as('year'),
      sql<number>`count(*) FILTER (WHERE last_visited_on IS NOT NULL AND due_on >= ${today}::date)::int`.as('within'),
      sql<number>`count(*) FILTER (WHERE last_visited_on IS NOT NULL AND due_on < ${today}::date)::int`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE last_visited_on IS NULL)::int`.as('never'),
    ])
    .where('street_id', 'in', [...streets])
    .where('grid_path', 'like', like)
    .groupBy('frequency')
    .execute();
  // this month's visits by visitor: counted per visitor first (the month's rows by the visits_month
  // index), then named — a district's month is half a million rows
  const perVisitor = db
    .selectFrom('visits as v')
    .select([
      'v.visitor_id',
      sql<number>`count(*)::int`.as('visits'),
      sql<number>`count(DISTINCT v.household_id)::int`.as('households'),
    ])
    .where('v.street_id', 'in', [...streets])
    .where('v.visited_at', '>=', localMidnight(month))
    .where('v.grid_path', 'like', like)
    .groupBy('v.visitor_id');
  const byVisitor = await db
    .selectFrom(perVisitor.as('p'))
    .innerJoin('users as u', 'u.id', 'p.visitor_id')
    .select(['u.display_name as visitor', 'p.visits', 'p.households'])
    .orderBy('p.visits', 'desc')
    .execute();
  return { byFrequency, byVisitor };
}
