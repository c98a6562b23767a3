import { z } from 'zod';
import { needCategoryCodes } from '../../../../contracts/needs.js';
import { requireActor, streetsOfActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { invalid, notFound } from '../../../core/errors.js';
import { checkPrivacy, fallsBackAt } from './lists.js';

export const fromCaseInput = z.object({
  caseId: z.number().int().positive(),
  category: z.enum(needCategoryCodes),
  title: z.string().trim().min(2).max(60).optional(),
});

/**
 * A case of tier 家事 or 共事 becomes a need (三事分流: what one family or a few neighbours need is met
 * from the resource list, not dispatched to a department): at the case's place, keyed on the case
 * (a second time is a 409 in words), for the community's staff.
 */
export const needFromCase = command({
  action: 'needs.manage',
  input: fromCaseInput,
  conflicts: { needs_source: { zh: '该诉求已转为需求', en: 'This case is a need already' } },
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const k = await trx
      .selectFrom('cases')
      .select(['street_id', 'id', 'tier', 'description', 'region_path', 'lng', 'lat'])
      .where('street_id', 'in', [...streetsOfActor(actor), ''])
      .where('id', '=', input.caseId)
      .executeTakeFirst();
    if (!k) throw notFound({ zh: '诉求', en: 'Case' });
    const parts = k.region_path.split('/').filter(Boolean);
    const community = parts[4];
    if (!community || community.length !== 12)
      throw invalid('caseId', '该诉求不在某个社区内', 'The case is not within a community');
    authorize(actor, 'needs.manage', { regionPath: `/${parts.slice(0, 5).join('/')}/`, streetId: k.street_id });
    if (k.tier === 'public')
      throw invalid('caseId', '只有家事、共事类诉求可以转为需求', 'Only household and shared cases become needs');
    checkPrivacy(input.category, 'community');
    const row = await trx
      .insertInto('needs')
      .values({
        street_id: k.street_id,
        community_code: community,
        grid_path: parts.length >= 6 ? `/${parts.slice(0, 6).join('/')}/` : null,
        category: input.category,
        title: input.title ?? k.description.slice(0, 60),
        detail: k.description.slice(0, 1000),
        requester_kind: k.tier === 'household' ? 'household' : 'community',
        lng: k.lng,
        lat: k.lat,
        source: 'case',
        source_ref: k.id,
        privacy: 'community',
        falls_back_at: await fallsBackAt(trx, k.street_id),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: k.street_id, objectType: 'need', objectId: row.id, detail: { case: k.id } });
    return { id: row.id };
  },
});
