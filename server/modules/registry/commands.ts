import { streetOfRow } from '../../core/sql-scope.js';
import { z } from 'zod';
import { houseOwnersBody, residentStatusBody } from '../../../contracts/registry.js';
import { command } from '../../core/command.js';
import { authorize } from '../../core/authorize.js';
import { AppError, notFound } from '../../core/errors.js';
import { HOUSEHOLDS_CHANGED, type HouseholdsChanged } from './events.js';

const conflict = (zh: string, en: string) => new AppError('conflict', { zh, en });

/**
 * A resident leaves the street or dies: the record stays (history is never overwritten), its status
 * changes and an event records who, when and why.
 */
export const changeResidentStatus = command({
  action: 'registry.edit',
  input: residentStatusBody.extend({ residentId: z.number().int().positive() }),
  async run({ trx, actor, input: o, audit, publish }): Promise<void> {
    const r = await trx
      .selectFrom('residents')
      .select(['street_id', 'grid_path', 'status', 'household_id'])
      .where('street_id', '=', (await streetOfRow(trx, 'residents', o.residentId)) ?? '')
      .where('id', '=', o.residentId)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw notFound({ zh: '居民', en: 'Resident' });
    authorize(actor, 'registry.read', { regionPath: r.grid_path }, { hide: { zh: '居民', en: 'Resident' } });
    authorize(
      actor,
      'registry.edit',
      { regionPath: r.grid_path },
      { say: { zh: '没有权限修改该居民', en: 'You may not change this resident' } },
    );
    if (r.status === 'deceased')
      throw conflict('该居民已登记死亡，不能再修改状态', 'The resident is recorded as deceased');
    if (r.status === o.status) throw conflict('状态未改变', 'The status is already so');
    await trx
      .updateTable('residents')
      .set({ status: o.status, updated_at: new Date() })
      .where('street_id', '=', r.street_id)
      .where('id', '=', o.residentId)
      .execute();
    await trx
      .insertInto('registry_events')
      .values({
        street_id: r.street_id,
        actor_id: actor?.userId ?? null,
        kind: o.status,
        resident_id: o.residentId,
        household_id: r.household_id,
        house_id: null,
        detail: JSON.stringify({ from: r.status, note: o.note }),
      })
      .execute();
    if (r.household_id !== null)
      await publish({
        kind: HOUSEHOLDS_CHANGED,
        streetId: r.street_id,
        payload: { householdIds: [r.household_id] } satisfies HouseholdsChanged,
      });
    await audit({
      streetId: r.street_id,
      objectType: 'resident',
      objectId: o.residentId,
      reason: o.note,
      detail: { status: [r.status, o.status] },
    });
  },
});

/**
 * A house changes owner: the current owners' entries end on `since` (they stay as history) and
 * the new owners start then.
 */
export const changeHouseOwners = command({
  action: 'registry.edit',
  input: houseOwnersBody.extend({ houseId: z.number().int().positive() }),
  async run({ trx, actor, input: o, audit }): Promise<void> {
    const h = await trx
      .selectFrom('houses')
      .select(['street_id', 'grid_path'])
      .where('street_id', '=', (await streetOfRow(trx, 'houses', o.houseId)) ?? '')
      .where('id', '=', o.houseId)
      .forUpdate()
      .executeTakeFirst();
    if (!h) throw notFound({ zh: '房屋', en: 'House' });
    authorize(actor, 'registry.read', { regionPath: h.grid_path }, { hide: { zh: '房屋', en: 'House' } });
    authorize(
      actor,
      'registry.edit',
      { regionPath: h.grid_path },
      { say: { zh: '没有权限修改该房屋', en: 'You may not change this house' } },
    );
    const current = await trx
      .selectFrom('house_owners')
      .select(['id', 'owner_name', 'since'])
      .where('street_id', '=', h.street_id)
      .where('house_id', '=', o.houseId)
      .where('until', 'is', null)
      .execute();
    if (current.some((c) => c.since > o.since))
      throw conflict('变更日期早于现业主的登记日期', 'The change is dated before the current owners were registered');
    for (const r of o.owners) {
      if (r.residentId === undefined) continue;
      const resident = await trx
        .selectFrom('residents')
        .select('id')
        .where('street_id', '=', h.street_id)
        .where('id', '=', r.residentId)
        .executeTakeFirst();
      if (!resident) throw notFound({ zh: `居民 ${r.residentId}`, en: `Resident ${r.residentId}` });
    }
    if (current.length)
      await trx
        .updateTable('house_owners')
        .set({ until: o.since })
        .where('street_id', '=', h.street_id)
        .where(
          'id',
          'in',
          current.map((c) => c.id),
        )
        .execute();
    await trx
      .insertInto('house_owners')
      .values(
        o.owners.map((r) => ({
          street_id: h.street_id,
          house_id: o.houseId,
          resident_id: r.residentId ?? null,
          owner_name: r.name,
          since: o.since,
          until: null,
        })),
      )
      .execute();
    await trx
      .insertInto('registry_events')
      .values({
        street_id: h.street_id,
        actor_id: actor?.userId ?? null,
        kind: 'owner_changed',
        resident_id: null,
        household_id: null,
        house_id: o.houseId,
        detail: JSON.stringify({
          from: current.map((c) => c.owner_name),
          to: o.owners.map((r) => r.name),
          since: o.since,
        }),
      })
      .execute();
    await audit({
      streetId: h.street_id,
      objectType: 'house',
      objectId: o.houseId,
      detail: { owners: o.owners.length, since: o.since },
    });
  },
});
