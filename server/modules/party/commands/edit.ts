import { z } from 'zod';
import { memberPatch, mergeInput } from '../../../../contracts/party-units.js';
import { streetsOfActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { notFound } from '../../../core/errors.js';
import { localDate } from '../../cases/index.js';
import { invalid } from '../invalid.js';
import { MEMBER, orgOf } from '../queries.js';

/**
 * Merges an organisation into another of the same level (two branches become one): its members
 * and the organisations under it move to the one it joins, its officers' terms end today, and it
 * ends as `merged` — both keep the event in their history.
 */
export const mergeOrg = command({
  action: 'party.manage',
  input: mergeInput.extend({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const from = await orgOf(trx, input.id, streetsOfActor(actor));
    const into = await orgOf(trx, input.intoId, [from.street_id]);
    authorize(actor, 'party.manage', { regionPath: from.region_path, streetId: from.street_id });
    authorize(actor, 'party.manage', { regionPath: into.region_path, streetId: into.street_id });
    if (from.id === into.id) throw invalid('intoId', '不能与自身合并', 'Not into itself');
    if (from.level !== into.level)
      throw invalid('intoId', `只能与同层级的组织合并（「${into.name}」层级不同）`, 'Merge within one level only');
    const s = from.street_id;
    const moved = await trx
      .updateTable('party_members')
      .set({ org_id: into.id })
      .where('street_id', '=', s)
      .where('org_id', '=', from.id)
      .where('active', '=', true)
      .returning('id')
      .execute();
    await trx
      .updateTable('party_members')
      .set({ region_path: into.region_path })
      .where('street_id', '=', s)
      .where('org_id', '=', into.id)
      .where('resident_id', 'is', null)
      .where('id', 'in', [...moved.map((m) => m.id), 0])
      .execute();
    const children = await trx
      .updateTable('party_orgs')
      .set({ parent_id: into.id, updated_at: new Date() })
      .where('street_id', '=', s)
      .where('parent_id', '=', from.id)
      .where('active', '=', true)
      .returning('id')
      .execute();
    const today = localDate(new Date());
    await trx
      .updateTable('party_officers')
      .set({ term_end: today })
      .where('street_id', '=', s)
      .where('org_id', '=', from.id)
      .where((eb) => eb.or([eb('term_end', 'is', null), eb('term_end', '>', today)]))
      .where('term_start', '<=', today)
      .execute();
    await trx
      .updateTable('party_orgs')
      .set({ active: false, merged_into: into.id, updated_at: new Date() })
      .where('street_id', '=', s)
      .where('id', '=', from.id)
      .execute();
    const detail = { from: from.id, fromName: from.name, into: into.id, intoName: into.name, members: moved.length };
    await trx
      .insertInto('party_org_events')
      .values(
        [from.id, into.id].map((org_id) => ({
          street_id: s,
          org_id,
          actor_id: actor?.userId ?? null,
          kind: 'merged' as const,
          detail: JSON.stringify({ ...detail, children: children.map((c) => c.id) }),
        })),
      )
      .execute();
    await audit({ streetId: s, objectType: 'party_org', objectId: from.id, detail });
    return { ok: true as const, members: moved.length, children: children.length };
  },
});

/** Changes a member's organisation, status, or 亮身份 (the household shows 共产党员户). */
export const patchMember = command({
  action: 'party.manage',
  input: memberPatch.extend({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const streets = streetsOfActor(actor);
    const m = await trx
      .selectFrom('party_members as m')
      .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'm.street_id').onRef('o.id', '=', 'm.org_id'))
      .select(['m.street_id', 'm.id', 'm.resident_id', 'o.region_path'])
      .$if(streets.length > 0, (q) => q.where('m.street_id', 'in', streets))
      .where('m.id', '=', input.id)
      .where('m.active', '=', true)
      .executeTakeFirst();
    if (!m) throw notFound(MEMBER);
    authorize(actor, 'party.manage', { regionPath: m.region_path, streetId: m.street_id });
    const set: { household_marked?: boolean; org_id?: number; status?: 'full' | 'probationary'; region_path?: string } =
      {};
    if (input.householdMarked !== undefined) {
      if (input.householdMarked && m.resident_id === null)
        throw invalid('householdMarked', '该党员未关联居民户籍，无法亮户', 'The member is linked to no household');
      set.household_marked = input.householdMarked;
    }
    if (input.status) set.status = input.status;
    if (input.orgId !== undefined) {
      const to = await orgOf(trx, input.orgId, [m.street_id]);
      authorize(actor, 'party.manage', { regionPath: to.region_path, streetId: m.street_id });
      set.org_id = to.id;
      if (m.resident_id === null) set.region_path = to.region_path;
    }
    if (Object.keys(set).length === 0) throw invalid('', '没有要修改的内容', 'Nothing to change');
    await trx
      .updateTable('party_members')
      .set(set)
      .where('street_id', '=', m.street_id)
      .where('id', '=', m.id)
      .execute();
    await audit({ streetId: m.street_id, objectType: 'party_member', objectId: m.id, detail: input });
    return { ok: true as const };
  },
});
