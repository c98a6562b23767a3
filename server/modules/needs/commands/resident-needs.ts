import { z } from 'zod';
import { needCategoryCodes, sensitiveCategories, urgencies } from '../../../../contracts/needs.js';
import { requireActor, streetsOfActor } from '../../../core/access.js';
import { command } from '../../../core/command.js';
import { invalid } from '../../../core/errors.js';
import { communityPlace, fallsBackAt } from './lists.js';

export const residentNeedInput = z.object({
  category: z.enum(needCategoryCodes),
  title: z.string().trim().min(2).max(60),
  detail: z.string().trim().max(1000).default(''),
  urgency: z.enum(urgencies).default('normal'),
});

/**
 * A resident raises a need on the phone: it joins their community's need list at their home (found
 * by the phone number they signed in with among the registry's residents), never public — private
 * when it touches health, disability or hardship, else for the community's staff.
 */
export const raiseNeed = command({
  action: 'needs.wish',
  input: residentNeedInput,
  async run({ trx, actor: who, input: n, audit }) {
    const actor = requireActor(who);
    const home = actor.assignments.find((a) => a.regionCode && a.regionCode.length >= 12)?.regionCode?.slice(0, 12);
    if (!home) throw invalid('community', '您的账号尚未关联社区', 'Your account has no community');
    const c = await communityPlace(trx, home);
    const me = await trx
      .selectFrom('users as u')
      .innerJoin('residents as r', (j) => j.onRef('r.phone_hash', '=', 'u.phone_hash'))
      .innerJoin('households as hh', (j) =>
        j.onRef('hh.street_id', '=', 'r.street_id').onRef('hh.id', '=', 'r.household_id'),
      )
      .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'),
      )
      .select(['r.id', 'r.household_id', 'hh.grid_path', 'b.id as building_id', 'b.lng', 'b.lat'])
      .where('u.id', '=', actor.userId)
      .where('r.street_id', 'in', [...streetsOfActor(actor), ''])
      .where('r.status', '=', 'active')
      .executeTakeFirst();
    const row = await trx
      .insertInto('needs')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        grid_path: me?.grid_path ?? null,
        category: n.category,
        title: n.title,
        detail: n.detail,
        requester_kind: me ? 'household' : 'resident',
        resident_id: me?.id ?? null,
        household_id: me?.household_id ?? null,
        building_id: me?.building_id ?? null,
        lng: me?.lng ?? null,
        lat: me?.lat ?? null,
        source: 'resident',
        urgency: n.urgency,
        privacy: sensitiveCategories.includes(n.category) ? 'private' : 'community',
        falls_back_at: await fallsBackAt(trx, c.streetId),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'need', objectId: row.id, detail: { category: n.category } });
    return { id: row.id };
  },
});
