import { z } from 'zod';
import { teamInput, volunteerEdit, volunteerRecordInput } from '../../../../contracts/volunteering.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { communityOf } from './store.js';

const street = z.string().regex(/^\d{9}$/);

/** A volunteer and the community they are registered in, for the community's staff (404 otherwise). */
async function managed(trx: Executor, actor: ReturnType<typeof requireActor>, streetId: string, id: number) {
  const v = await trx
    .selectFrom('volunteers')
    .select(['id', 'community_code', 'user_id'])
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!v) throw notFound({ zh: '志愿者', en: 'Volunteer' });
  const c = await communityOf(trx, v.community_code);
  authorize(actor, 'volunteering.manage', c);
  return { ...v, streetId: c.streetId, community: c };
}

/** 培训、表彰、评价: three of the five kinds of record, kept by the community that recorded them. */
export const addVolunteerRecord = command({
  action: 'volunteering.manage',
  input: volunteerRecordInput.and(z.object({ volunteerId: z.number().int().positive() })),
  async run({ trx, actor: who, input: r, audit }) {
    const actor = requireActor(who);
    const v = await managed(trx, actor, r.street, r.volunteerId);
    if (r.onDate > new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10))
      throw invalid('onDate', '日期不能晚于今天', 'The date is in the future');
    const row = await trx
      .insertInto('volunteer_records')
      .values({
        street_id: v.streetId,
        volunteer_id: v.id,
        community_code: v.community_code,
        kind: r.kind,
        on_date: r.onDate,
        title: r.title,
        detail: r.detail,
        hours: r.kind === 'training' && r.hours !== null ? r.hours.toFixed(2) : null,
        grade: r.kind === 'evaluation' ? r.grade : null,
        recorded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: v.streetId, objectType: 'volunteer', objectId: v.id, detail: { record: r.kind } });
    return { id: row.id };
  },
});

/** Skills and availability (basics), kept by the community's staff. */
export const editVolunteer = command({
  action: 'volunteering.manage',
  input: volunteerEdit.extend({ id: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await managed(trx, actor, input.street, input.id);
    await trx
      .updateTable('volunteers')
      .set({ skills: [...new Set(input.skills)], availability: input.availability })
      .where('street_id', '=', v.streetId)
      .where('id', '=', v.id)
      .execute();
    await audit({ streetId: v.streetId, objectType: 'volunteer', objectId: v.id, detail: { skills: input.skills } });
    return { ok: true as const };
  },
});

/** 实名关联: the staff link a volunteer to the registry's record of the person (checked in person). */
export const linkResident = command({
  action: 'volunteering.manage',
  input: z.object({ street, id: z.number().int().positive(), residentId: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await managed(trx, actor, input.street, input.id);
    const r = await trx
      .selectFrom('residents')
      .select(['id', 'status'])
      .where('street_id', '=', v.streetId)
      .where('id', '=', input.residentId)
      .executeTakeFirst();
    if (!r || r.status !== 'active') throw invalid('residentId', '本街道没有这位在册居民', 'No such resident here');
    const taken = await trx
      .selectFrom('volunteers')
      .select('volunteer_no')
      .where('street_id', '=', v.streetId)
      .where('resident_id', '=', r.id)
      .where('id', '<>', v.id)
      .executeTakeFirst();
    if (taken)
      throw new AppError('conflict', {
        zh: `该居民已关联志愿者 ${taken.volunteer_no}`,
        en: `Linked to volunteer ${taken.volunteer_no} already`,
      });
    await trx
      .updateTable('volunteers')
      .set({ resident_id: r.id })
      .where('street_id', '=', v.streetId)
      .where('id', '=', v.id)
      .execute();
    await audit({ streetId: v.streetId, objectType: 'volunteer', objectId: v.id, detail: { resident: r.id } });
    return { ok: true as const };
  },
});

/** 服务队: a team of the community, its leader (a volunteer of the community) and the party group inside it. */
export const createTeam = command({
  action: 'volunteering.manage',
  input: teamInput,
  async run({ trx, actor: who, input: t, audit }) {
    const actor = requireActor(who);
    const c = await communityOf(trx, t.community);
    authorize(actor, 'volunteering.manage', c);
    if (t.leaderId !== null) {
      const leader = await trx
        .selectFrom('volunteers')
        .select('id')
        .where('street_id', '=', c.streetId)
        .where('id', '=', t.leaderId)
        .executeTakeFirst();
      if (!leader) throw invalid('leaderId', '队长须是本街道的注册志愿者', 'The leader must be a volunteer here');
    }
    let partyGroup = t.partyGroup;
    if (t.partyOrgId !== null) {
      const org = await trx
        .selectFrom('party_orgs')
        .select(['name', 'level', 'active'])
        .where('street_id', '=', c.streetId)
        .where('id', '=', t.partyOrgId)
        .executeTakeFirst();
      if (!org?.active || !['group', 'branch'].includes(org.level))
        throw invalid('partyOrgId', '请选择本街道的党小组或党支部', 'Pick a party group or branch of the street');
      partyGroup = org.name.slice(0, 40);
    }
    const row = await trx
      .insertInto('volunteer_teams')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        name: t.name,
        leader_id: t.leaderId,
        party_group: partyGroup,
        party_org_id: t.partyOrgId,
      })
      .onConflict((oc) => oc.columns(['street_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { zh: '已有同名的服务队', en: 'A team of that name exists' });
    if (t.leaderId !== null)
      await trx
        .insertInto('team_members')
        .values({ street_id: c.streetId, team_id: row.id, volunteer_id: t.leaderId })
        .execute();
    await audit({ streetId: c.streetId, objectType: 'volunteer_team', objectId: row.id, detail: { name: t.name } });
    return { id: row.id };
  },
});

/** Adds volunteers to a team (already members are left as they are). */
export const addTeamMembers = command({
  action: 'volunteering.manage',
  input: z.object({
    street,
    teamId: z.number().int().positive(),
    volunteerIds: z.array(z.number().int().positive()).min(1).max(200),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const t = await trx
      .selectFrom('volunteer_teams')
      .select(['id', 'community_code'])
      .where('street_id', '=', input.street)
      .where('id', '=', input.teamId)
      .executeTakeFirst();
    if (!t) throw notFound({ zh: '服务队', en: 'Team' });
    authorize(actor, 'volunteering.manage', await communityOf(trx, t.community_code));
    const ids = [...new Set(input.volunteerIds)];
    const found = await trx
      .selectFrom('volunteers')
      .select('id')
      .where('street_id', '=', input.street)
      .where('id', 'in', ids)
      .execute();
    if (found.length !== ids.length)
      throw invalid('volunteerIds', '有人不是本街道的注册志愿者', 'Not all volunteers here');
    await trx
      .insertInto('team_members')
      .values(ids.map((v) => ({ street_id: input.street, team_id: t.id, volunteer_id: v })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await audit({
      streetId: input.street,
      objectType: 'volunteer_team',
      objectId: t.id,
      detail: { added: ids.length },
    });
    return { ok: true as const };
  },
});
