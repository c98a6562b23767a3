import { streetOfRow } from '../../../core/sql-scope.js';
import { z } from 'zod';
import { moveHouseholdBody } from '../../../../contracts/registry.js';
import { command } from '../../../core/command.js';
import { authorize } from '../../../core/authorize.js';
import { sql } from 'kysely';
import { AppError, notFound } from '../../../core/errors.js';
import { HOUSEHOLDS_CHANGED, type HouseholdsChanged } from '../events.js';

/**
 * A household moves to another house in the street: the household (and its members) now belong to
 * the new house's grid; an event keeps where it came from, so nothing is overwritten silently.
 * It takes the next free household number in the new house.
 */
export const moveHousehold = command({
  action: 'registry.edit',
  input: moveHouseholdBody.extend({ householdId: z.number().int().positive() }),
  async run({ trx, actor, input: o, audit, publish }): Promise<{ number: string }> {
    const from = await trx
      .selectFrom('households')
      .select(['street_id', 'house_id', 'grid_path', 'number'])
      .where('street_id', '=', (await streetOfRow(trx, 'households', o.householdId)) ?? '')
      .where('id', '=', o.householdId)
      .where('active', '=', true)
      .forUpdate()
      .executeTakeFirst();
    if (!from) throw notFound({ zh: '户', en: 'Household' });
    authorize(actor, 'registry.read', { regionPath: from.grid_path }, { hide: { zh: '户', en: 'Household' } });
    const to = await trx
      .selectFrom('houses')
      .select(['id', 'grid_path'])
      .where('street_id', '=', from.street_id)
      .where('id', '=', o.toHouseId)
      // two households moving into one house at once take numbers one after the other
      .forUpdate()
      .executeTakeFirst();
    if (!to) throw notFound({ zh: '迁入房屋', en: 'Destination house' });
    authorize(
      actor,
      'registry.read',
      { regionPath: to.grid_path },
      { hide: { zh: '迁入房屋', en: 'Destination house' } },
    );
    for (const path of [from.grid_path, to.grid_path])
      authorize(
        actor,
        'registry.edit',
        { regionPath: path },
        {
          say: {
            zh: '没有权限修改迁出或迁入地的住户',
            en: 'You may not change households there',
          },
        },
      );
    if (to.id === from.house_id)
      throw new AppError('conflict', { zh: '迁入房屋与现住房屋相同', en: 'The household already lives there' });
    const taken = await trx
      .selectFrom('households')
      .select('number')
      .where('street_id', '=', from.street_id)
      .where('house_id', '=', to.id)
      .execute();
    const used = new Set(taken.map((t) => t.number));
    let n = 1;
    while (used.has(String(n))) n++;
    const number = String(n);
    await trx
      .updateTable('households')
      .set({ house_id: to.id, grid_path: to.grid_path, number, updated_at: sql`now()` })
      .where('street_id', '=', from.street_id)
      .where('id', '=', o.householdId)
      .execute();
    await trx
      .updateTable('residents')
      .set({ grid_path: to.grid_path })
      .where('street_id', '=', from.street_id)
      .where('household_id', '=', o.householdId)
      .execute();
    await trx
      .insertInto('registry_events')
      .values({
        street_id: from.street_id,
        actor_id: actor?.userId ?? null,
        kind: 'household_moved',
        resident_id: null,
        household_id: o.householdId,
        house_id: to.id,
        detail: JSON.stringify({
          fromHouseId: from.house_id,
          fromNumber: from.number,
          toHouseId: to.id,
          number,
          note: o.note,
        }),
      })
      .execute();
    await publish({
      kind: HOUSEHOLDS_CHANGED,
      streetId: from.street_id,
      payload: { householdIds: [o.householdId] } satisfies HouseholdsChanged,
    });
    await audit({
      streetId: from.street_id,
      objectType: 'household',
      objectId: o.householdId,
      detail: { moved: { from: from.house_id, to: to.id } },
    });
    return { number };
  },
});
