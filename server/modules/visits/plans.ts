import { sql } from 'kysely';
import type { Executor } from '../../core/db.js';
import { likeLiteral } from '../../core/sql-scope.js';
import { localDate } from '../cases/index.js';
import { addMonths } from './rules.js';
import { refreshHouseholds, visitSettingsOf } from './state.js';

function lastDayOf(month: string): string {
  const next = addMonths(`${month}-01`, 1);
  return new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * Generates (or regenerates) the month's plan of every grid under a place, in one statement over
 * the households' state (kept current by visits, the registry's events and the street's rules; the
 * households whose frequency a birthday has since changed are brought up to date first). Each
 * grid takes every household of a stricter class due by the month's end, and of the yearly ones
 * not seen this year — overdue or never seen first, then longest since the last visit — at least
 * the share that keeps the rest within the year (those left ÷ months left, all of them in
 * December) and more up to the worker's load. Walking order is worked out when a plan is read.
 * Returns plans and households planned.
 */
export async function generatePlans(db: Executor, streetId: string, underPath: string, month: string) {
  const today = localDate(new Date());
  const like = `${likeLiteral(underPath)}%`;
  const aged = await db
    .selectFrom('household_visits')
    .select('household_id')
    .where('street_id', '=', streetId)
    .where('changes_on', '<=', today)
    .where('grid_path', 'like', like)
    .execute();
  if (aged.length > 0) await refreshHouseholds(db, streetId, { householdIds: aged.map((h) => h.household_id) }, today);
  const { monthlyLoad } = await visitSettingsOf(db, streetId);
  const grids = await db
    .selectFrom('regions')
    .select(['code', 'path'])
    .where('street_id', '=', streetId)
    .where('level', '=', 'grid')
    .where('path', 'like', like)
    .orderBy('code')
    .execute();
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
  const ids = plans.map((p) => p.id);
  await db.deleteFrom('visit_plan_items').where('street_id', '=', streetId).where('plan_id', 'in', ids).execute();
  const pathOf = new Map(grids.map((g) => [g.code, g.path]));
  const end = lastDayOf(month);
  const yearStart = `${month.slice(0, 4)}-01-01`;
  const monthsLeft = 12 - Number(month.slice(5, 7)) + 1;
  // a grid's candidates sorted once: the stricter ones first, then the yearly ones by when due;
  // k counts the yearly ones in that order, which the quota cuts
  const written = await sql`
      INSERT INTO visit_plan_items (street_id, plan_id, household_id, due_on, frequency)
      SELECT c.street_id, p.id, c.household_id, c.due_on, c.frequency
      FROM (
        SELECT v.*,
          count(*) FILTER (WHERE v.strict) OVER (PARTITION BY v.grid_path) AS n_strict,
          count(*) FILTER (WHERE NOT v.strict) OVER (PARTITION BY v.grid_path) AS n_yearly,
          row_number() OVER (PARTITION BY v.grid_path ORDER BY v.strict DESC, v.due_on,
            v.last_visited_on NULLS FIRST, v.household_id) AS k
        FROM (
          SELECT street_id, grid_path, household_id, due_on, frequency, last_visited_on, frequency <> 'yearly' AS strict
          FROM household_visits
          WHERE street_id = ${streetId} AND grid_path LIKE ${like}
            AND CASE WHEN frequency = 'yearly' THEN last_visited_on IS NULL OR last_visited_on < ${yearStart}::date
              ELSE due_on <= ${end}::date END
        ) v
      ) c
      JOIN unnest(${ids}::int8[], ${plans.map((p) => pathOf.get(p.grid_code) ?? '')}::text[]) AS p(id, path)
        ON p.path = c.grid_path
      WHERE c.strict OR c.k - c.n_strict
        <= LEAST(c.n_yearly, GREATEST(ceil(c.n_yearly / ${monthsLeft}::numeric), ${monthlyLoad}::int - c.n_strict))`.execute(
    db,
  );
  return { plans: grids.length, households: Number(written.numAffectedRows ?? 0) };
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
  const year = `${today.slice(0, 4)}-01-01`;
  const byFrequency = await db
    .selectFrom('household_visits')
    .select([
      'frequency',
      sql<number>`count(*)::int`.as('households'),
      sql<number>`count(*) FILTER (WHERE last_visited_on >= ${month}::date)::int`.as('month'),
      sql<number>`count(*) FILTER (WHERE last_visited_on >= ${year}::date)::int`.as('year'),
      sql<number>`count(*) FILTER (WHERE last_visited_on IS NOT NULL AND due_on >= ${today}::date)::int`.as('within'),
      sql<number>`count(*) FILTER (WHERE last_visited_on IS NOT NULL AND due_on < ${today}::date)::int`.as('overdue'),
      sql<number>`count(*) FILTER (WHERE last_visited_on IS NULL)::int`.as('never'),
    ])
    .where('street_id', 'in', [...streets])
    .where('grid_path', 'like', like)
    .groupBy('frequency')
    .execute();
  // this month's visits by visitor, from the counts kept as visits are recorded (a district's month
  // is half a million visits)
  const perVisitor = db
    .selectFrom('visitor_months')
    .select([
      'visitor_id',
      sql<number>`sum(visits)::int`.as('visits'),
      sql<number>`sum(households)::int`.as('households'),
    ])
    .where('street_id', 'in', [...streets])
    .where('month', '=', today.slice(0, 7))
    .where('grid_path', 'like', like)
    .groupBy('visitor_id');
  const byVisitor = await db
    .selectFrom(perVisitor.as('p'))
    .innerJoin('users as u', 'u.id', 'p.visitor_id')
    .select(['u.display_name as visitor', 'p.visits', 'p.households'])
    .orderBy('p.visits', 'desc')
    .execute();
  return { byFrequency, byVisitor };
}
