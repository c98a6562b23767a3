import type { Executor } from '../../../core/db.js';
import { OFFICIAL_CALENDAR, SEED_CATEGORIES } from '../defaults.js';
import { invalidateStreetConfig } from '../street-config.js';

/**
 * Gives a street the standard category tree (when it has none) and the official holiday
 * calendar (days it has not set itself). `defaultAgencies` maps a category code to the unit its
 * rule proposes. Safe to run again.
 */
export async function seedStreetCases(
  db: Executor,
  streetId: string,
  defaultAgencies: Record<string, number> = {},
): Promise<{ categories: number; days: number }> {
  const has = await db
    .selectFrom('case_categories')
    .select('id')
    .where('street_id', '=', streetId)
    .limit(1)
    .executeTakeFirst();
  let categories = 0;
  if (!has) {
    const ids = new Map<string, number>();
    for (const c of SEED_CATEGORIES) {
      const row = await db
        .insertInto('case_categories')
        .values({
          street_id: streetId,
          code: c.code,
          parent_id: c.parent ? (ids.get(c.parent) ?? null) : null,
          name: c.name,
          tier: c.tier,
          sign_limit: c.sign[0],
          sign_unit: c.sign[1],
          handle_limit: c.handle[0],
          handle_unit: c.handle[1],
          handler_kind: c.handler,
          default_agency_id: defaultAgencies[c.code] ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(c.code, row.id);
      categories++;
    }
  }
  const inserted = await db
    .insertInto('work_calendar')
    .values(OFFICIAL_CALENDAR.map((d) => ({ street_id: streetId, ...d })))
    .onConflict((oc) => oc.columns(['street_id', 'day']).doNothing())
    .returning('day')
    .execute();
  invalidateStreetConfig(streetId);
  return { categories, days: inserted.length };
}
