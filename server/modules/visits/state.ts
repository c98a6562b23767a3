import { sql } from 'kysely';
import { visitSettingsSchema, type VisitSettings } from '../../../contracts/visits.js';
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';
import { likeLiteral } from '../../core/sql-scope.js';
import { localDate, localMidnight } from '../cases/index.js';
import { addMonths, dueBy, frequencyChangesOn, householdFrequency, type ResidentFacts } from './rules.js';

export const visitSettingsOf = (db: Executor, streetId: string): Promise<VisitSettings> =>
  readSettings(db, streetId, 'visits', visitSettingsSchema);

/** Which households to bring up to date: some by id, or all under a place. */
export type HouseholdScope = { householdIds: readonly number[] } | { underPath: string };

/**
 * Brings `household_visits` up to date for the households named: each active household's required
 * frequency from its residents today (the strictest of their tags, RULES.md), its last visit, the
 * day it falls due (never visited: due since it was registered) and the day a birthday next changes
 * its frequency; households no longer active leave the table. Runs after a visit, when the registry
 * changes a household (its event), when the street's rules change, and for the households whose
 * `changes_on` has come before each month's plans — so the state never waits for the calendar.
 */
export async function refreshHouseholds(
  db: Executor,
  streetId: string,
  scope: HouseholdScope,
  today = localDate(new Date()),
): Promise<number> {
  const settings = await visitSettingsOf(db, streetId);
  const byId = 'householdIds' in scope;
  const ids = byId ? [...scope.householdIds, 0] : [];
  const like = byId ? '' : `${likeLiteral(scope.underPath)}%`;
  const households = await db
    .selectFrom('households')
    .select([
      'id',
      'grid_path',
      'active',
      sql<string>`(created_at AT TIME ZONE 'Asia/Shanghai')::date::text`.as('since'),
    ])
    .where('street_id', '=', streetId)
    .$if(byId, (q) => q.where('id', 'in', ids))
    .$if(!byId, (q) => q.where('grid_path', 'like', like).where('active', '=', true))
    .execute();
  if (households.length === 0) return 0;
  const hids = households.map((h) => h.id);
  // a place's households are read by joining on the place (not by a list of ids); the visits go with
  // the household wherever it was visited
  const inPlace = db
    .selectFrom('households')
    .select('id')
    .where('street_id', '=', streetId)
    .where('grid_path', 'like', like)
    .where('active', '=', true);
  const residents = await db
    .selectFrom('residents')
    .select(['household_id', 'tags', 'residence_type', 'birth_date'])
    .where('street_id', '=', streetId)
    .$if(byId, (q) => q.where('household_id', 'in', hids))
    .$if(!byId, (q) => q.where('household_id', 'in', inPlace))
    .where('status', '=', 'active')
    .execute();
  const seen = await db
    .selectFrom('visits')
    .select(['household_id', sql<string>`max((visited_at AT TIME ZONE 'Asia/Shanghai')::date)::text`.as('last')])
    .where('street_id', '=', streetId)
    .$if(byId, (q) => q.where('household_id', 'in', hids))
    .$if(!byId, (q) => q.where('household_id', 'in', inPlace))
    .groupBy('household_id')
    .execute();
  const facts = new Map<number, ResidentFacts[]>();
  for (const r of residents) {
    if (r.household_id === null) continue;
    const list = facts.get(r.household_id) ?? [];
    list.push({ tags: r.tags, residenceType: r.residence_type, birthDate: r.birth_date });
    facts.set(r.household_id, list);
  }
  const last = new Map(seen.map((s) => [s.household_id, s.last]));
  const active = households.filter((h) => h.active);
  const gone = households.filter((h) => !h.active).map((h) => h.id);
  if (gone.length > 0)
    await db
      .deleteFrom('household_visits')
      .where('street_id', '=', streetId)
      .where('household_id', 'in', gone)
      .execute();
  const now = new Date();
  for (let i = 0; i < active.length; i += 5000) {
    const rows = active.slice(i, i + 5000).map((h) => {
      const people = facts.get(h.id) ?? [];
      const frequency = householdFrequency(people, today, settings);
      const lastOn = last.get(h.id) ?? null;
      return {
        street_id: streetId,
        household_id: h.id,
        grid_path: h.grid_path,
        frequency,
        last_visited_on: lastOn,
        due_on: dueBy(lastOn, frequency, h.since),
        changes_on: frequencyChangesOn(people, today, settings),
        updated_at: now,
      };
    });
    await db
      .insertInto('household_visits')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['street_id', 'household_id']).doUpdateSet((eb) => ({
          grid_path: eb.ref('excluded.grid_path'),
          frequency: eb.ref('excluded.frequency'),
          last_visited_on: eb.ref('excluded.last_visited_on'),
          due_on: eb.ref('excluded.due_on'),
          changes_on: eb.ref('excluded.changes_on'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  return active.length;
}

/**
 * Counts a just-recorded visit in its visitor's month (`visitor_months`): one more visit, and one
 * more household unless this visitor already saw it in this grid this month. Called after the
 * household's state was written in the same transaction, whose row lock makes a second visit to
 * the household wait and then see this one.
 */
export async function countVisit(
  db: Executor,
  v: { streetId: string; id: number; householdId: number; gridPath: string; visitorId: number; visitedAt: Date },
): Promise<void> {
  const month = localDate(v.visitedAt).slice(0, 7);
  const start = localMidnight(`${month}-01`);
  const end = localMidnight(`${addMonths(`${month}-01`, 1)}`);
  const before = await db
    .selectFrom('visits')
    .select('id')
    .where('street_id', '=', v.streetId)
    .where('household_id', '=', v.householdId)
    .where('visitor_id', '=', v.visitorId)
    .where('grid_path', '=', v.gridPath)
    .where('visited_at', '>=', start)
    .where('visited_at', '<', end)
    .where('id', '<>', v.id)
    .limit(1)
    .executeTakeFirst();
  await db
    .insertInto('visitor_months')
    .values({
      street_id: v.streetId,
      grid_path: v.gridPath,
      month,
      visitor_id: v.visitorId,
      visits: 1,
      households: before ? 0 : 1,
    })
    .onConflict((oc) =>
      oc.columns(['street_id', 'month', 'grid_path', 'visitor_id']).doUpdateSet({
        visits: sql`visitor_months.visits + excluded.visits`,
        households: sql`visitor_months.households + excluded.households`,
      }),
    )
    .execute();
}

/** Counts again every visitor's months under a place from the visits (after visits were written in bulk: the demo, a benchmark). */
export async function recountVisitorMonths(db: Executor, streetId: string, underPath: string): Promise<void> {
  const like = `${likeLiteral(underPath)}%`;
  await db.deleteFrom('visitor_months').where('street_id', '=', streetId).where('grid_path', 'like', like).execute();
  await sql`
    INSERT INTO visitor_months (street_id, grid_path, month, visitor_id, visits, households)
    SELECT street_id, grid_path, to_char(visited_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), visitor_id,
      count(*), count(DISTINCT household_id)
    FROM visits WHERE street_id = ${streetId} AND grid_path LIKE ${like}
    GROUP BY street_id, grid_path, 3, visitor_id`.execute(db);
}
