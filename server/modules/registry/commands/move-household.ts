import { authorize } from '../../../core/authorize.js';
import { sql } from 'kysely';
import { type Actor } from '../../../core/access.js';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Executor } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';

/**
 * A household moves to another house in the street: the household (and its members) now belong to
 * the new house's grid; an event keeps where it came from, so nothing is overwritten silently.
 * It takes the next free household number in the new house. Pass a transaction.
 */
export async function moveHousehold(o: {
  db: Executor;
  actor: Actor | null;
  householdId: number;
  toHouseId: number;
  note: string;
  audit: AuditContext;
}): Promise<{ number: string }> {
  const from = await o.db
    .selectFrom('households')
    .select(['street_id', 'house_id', 'grid_path', 'number'])
    .where('id', '=', o.householdId)
    .where('active', '=', true)
    .forUpdate()
    .executeTakeFirst();
  if (!from) throw notFound({ zh: '户', en: 'Household' });
  authorize(o.actor, 'registry.read', { regionPath: from.grid_path }, { hide: { zh: '户', en: 'Household' } });
  const to = await o.db
    .selectFrom('houses')
    .select(['id', 'grid_path'])
    .where('street_id', '=', from.street_id)
    .where('id', '=', o.toHouseId)
    // two households moving into one house at once take numbers one after the other
    .forUpdate()
    .executeTakeFirst();
  if (!to) throw notFound({ zh: '迁入房屋', en: 'Destination house' });
  authorize(
    o.actor,
    'registry.read',
    { regionPath: to.grid_path },
    { hide: { zh: '迁入房屋', en: 'Destination house' } },
  );
  for (const path of [from.grid_path, to.grid_path])
    authorize(
      o.actor,
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
  const taken = await o.db
    .selectFrom('households')
    .select('number')
    .where('street_id', '=', from.street_id)
    .where('house_id', '=', to.id)
    .execute();
  const used = new Set(taken.map((t) => t.number));
  let n = 1;
  while (used.has(String(n))) n++;
  const number = String(n);
  await o.db
    .updateTable('households')
    .set({ house_id: to.id, grid_path: to.grid_path, number, updated_at: sql`now()` })
    .where('street_id', '=', from.street_id)
    .where('id', '=', o.householdId)
    .execute();
  await o.db
    .updateTable('residents')
    .set({ grid_path: to.grid_path })
    .where('street_id', '=', from.street_id)
    .where('household_id', '=', o.householdId)
    .execute();
  await o.db
    .insertInto('registry_events')
    .values({
      street_id: from.street_id,
      actor_id: o.actor?.userId ?? null,
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
  await writeAudit(o.db, o.audit, {
    action: 'registry.edit',
    result: 'ok',
    streetId: from.street_id,
    objectType: 'household',
    objectId: o.householdId,
    detail: { moved: { from: from.house_id, to: to.id } },
  });
  return { number };
}
