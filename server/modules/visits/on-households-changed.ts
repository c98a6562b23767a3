import { sql } from 'kysely';
import type { Trx } from '../../core/db.js';
import type { DomainEvent } from '../../core/events.js';
import { localDate } from '../cases/index.js';
import type { HouseholdsChanged } from '../registry/index.js';
import { refreshCareSubjects } from './care/subjects.js';
import { refreshHouseholds, visitSettingsOf } from './state.js';

/**
 * Households whose people changed (registry: an edit, a move, an import's batch): their required
 * frequency and state are worked out again (and their care subjects), and a household now in
 * another grid leaves its old grid's plan for this month and joins the new grid's; one no longer
 * active leaves the plans. A few statements whatever the number of households. Idempotent: a
 * second delivery finds it already there.
 */
export async function onHouseholdsChanged(trx: Trx, event: DomainEvent): Promise<void> {
  const streetId = event.streetId;
  const { householdIds } = event.payload as HouseholdsChanged;
  if (!streetId || householdIds.length === 0) return;
  await refreshHouseholds(trx, streetId, { householdIds });
  await refreshCareSubjects(trx, streetId, { householdIds }, await visitSettingsOf(trx, streetId));
  const month = localDate(new Date()).slice(0, 7);
  const plans = await trx
    .selectFrom('visit_plans as p')
    .innerJoin('regions as g', 'g.code', 'p.grid_code')
    .select(['p.id', 'g.path'])
    .where('p.street_id', '=', streetId)
    .where('p.month', '=', month)
    .execute();
  if (plans.length === 0) return;
  const states = await trx
    .selectFrom('household_visits')
    .select(['household_id', 'grid_path', 'due_on', 'frequency'])
    .where('street_id', '=', streetId)
    .where('household_id', 'in', householdIds)
    .execute();
  const planOf = new Map(plans.map((p) => [p.path, p.id]));
  const home = states.flatMap((s) => {
    const plan = planOf.get(s.grid_path);
    return plan === undefined ? [] : [{ ...s, plan }];
  });
  // out of every plan but its own grid's (a household gone: out of all)
  const removed = await trx
    .deleteFrom('visit_plan_items')
    .where('street_id', '=', streetId)
    .where(
      'plan_id',
      'in',
      plans.map((p) => p.id),
    )
    .where('household_id', 'in', householdIds)
    .where(
      sql<boolean>`(plan_id, household_id) NOT IN (SELECT * FROM unnest(${home.map((h) => h.plan)}::int8[], ${home.map((h) => h.household_id)}::int8[]))`,
    )
    .returning('household_id')
    .execute();
  const moved = home.filter((h) => removed.some((r) => r.household_id === h.household_id));
  if (moved.length > 0)
    await trx
      .insertInto('visit_plan_items')
      .values(
        moved.map((h) => ({
          street_id: streetId,
          plan_id: h.plan,
          household_id: h.household_id,
          due_on: h.due_on,
          frequency: h.frequency,
        })),
      )
      .onConflict((oc) => oc.columns(['street_id', 'plan_id', 'household_id']).doNothing())
      .execute();
}
