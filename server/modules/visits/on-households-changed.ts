import type { Trx } from '../../core/db.js';
import type { DomainEvent } from '../../core/events.js';
import { localDate } from '../cases/index.js';
import type { HouseholdsChanged } from '../registry/index.js';
import { refreshCareSubjects } from './care/subjects.js';
import { refreshHouseholds, visitSettingsOf } from './state.js';

/**
 * Households whose people changed (registry): their required frequency and state are worked out
 * again (and their care subjects), and a household now in another grid leaves its old grid's plan for this month and joins
 * the new grid's (at the end of the round). Idempotent: a second delivery finds it already there.
 */
export async function onHouseholdsChanged(trx: Trx, event: DomainEvent): Promise<void> {
  const streetId = event.streetId;
  const { householdIds } = event.payload as HouseholdsChanged;
  if (!streetId || householdIds.length === 0) return;
  await refreshHouseholds(trx, streetId, { householdIds });
  await refreshCareSubjects(trx, streetId, { householdIds }, await visitSettingsOf(trx, streetId));
  const month = localDate(new Date()).slice(0, 7);
  const states = await trx
    .selectFrom('household_visits')
    .select(['household_id', 'grid_path', 'due_on', 'frequency'])
    .where('street_id', '=', streetId)
    .where('household_id', 'in', householdIds)
    .execute();
  const gone = householdIds.filter((id) => !states.some((s) => s.household_id === id));
  const plans = await trx
    .selectFrom('visit_plans as p')
    .innerJoin('regions as g', 'g.code', 'p.grid_code')
    .select(['p.id', 'g.path'])
    .where('p.street_id', '=', streetId)
    .where('p.month', '=', month)
    .execute();
  for (const s of states) {
    const home = plans.find((p) => p.path === s.grid_path);
    // out of every other grid's plan this month
    const others = plans.filter((p) => p !== home).map((p) => p.id);
    const removed = await trx
      .deleteFrom('visit_plan_items')
      .where('street_id', '=', streetId)
      .where('plan_id', 'in', [...others, 0])
      .where('household_id', '=', s.household_id)
      .returning('plan_id')
      .execute();
    if (!home || removed.length === 0) continue;
    const last = await trx
      .selectFrom('visit_plan_items')
      .select((eb) => eb.fn.max('position').as('n'))
      .where('street_id', '=', streetId)
      .where('plan_id', '=', home.id)
      .executeTakeFirst();
    await trx
      .insertInto('visit_plan_items')
      .values({
        street_id: streetId,
        plan_id: home.id,
        household_id: s.household_id,
        position: Number(last?.n ?? 0) + 1,
        due_on: s.due_on,
        frequency: s.frequency,
      })
      .onConflict((oc) => oc.columns(['street_id', 'plan_id', 'household_id']).doNothing())
      .execute();
  }
  if (gone.length > 0)
    await trx
      .deleteFrom('visit_plan_items')
      .where('street_id', '=', streetId)
      .where('plan_id', 'in', [...plans.map((p) => p.id), 0])
      .where('household_id', 'in', gone)
      .execute();
}
