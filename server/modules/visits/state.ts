import { sql } from 'kysely';
import { visitSettingsSchema, type VisitSettings } from '../../../contracts/visits.js';
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';
import { likeLiteral } from '../../core/sql-scope.js';
import { localDate } from '../cases/index.js';
import { dueBy, householdFrequency, type ResidentFacts } from './rules.js';

export const visitSettingsOf = (db: Executor, streetId: string): Promise<VisitSettings> =>
  readSettings(db, streetId, 'visits', visitSettingsSchema);

/** Which households to bring up to date: some by id, or all under a place. */
export type HouseholdScope = { householdIds: readonly number[] } | { underPath: string };

/**
 * Brings `household_visits` up to date for the households named: each active household's required
 * frequency from its residents today (the strictest of their tags, RULES.md), its last visit, this
 * year's visits and the day it falls due; households no longer active leave the table. Runs after a
 * visit, when tags change (plans regenerate) and before each month's plans.
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
    .select(['id', 'grid_path', 'active'])
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
  const year = `${today.slice(0, 4)}-01-01`;
  const seen = await db
    .selectFrom('visits')
    .select([
      'household_id',
      sql<string>`max((visited_at AT TIME ZONE 'Asia/Shanghai')::date)::text`.as('last'),
      sql<number>`count(*) FILTER (WHERE (visited_at AT TIME ZONE 'Asia/Shanghai')::date >= ${year}::date)::int`.as(
        'this_year',
      ),
    ])
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
  const last = new Map(seen.map((s) => [s.household_id, s]));
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
      const frequency = householdFrequency(facts.get(h.id) ?? [], today, settings);
      const v = last.get(h.id);
      const lastOn = v?.last ?? null;
      return {
        street_id: streetId,
        household_id: h.id,
        grid_path: h.grid_path,
        frequency,
        last_visited_on: lastOn,
        due_on: dueBy(lastOn, frequency, today),
        visits_this_year: v?.this_year ?? 0,
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
          visits_this_year: eb.ref('excluded.visits_this_year'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
  return active.length;
}
