import { z } from 'zod';
import {
  dualDecision,
  dualRegistrationInput,
  memberInput,
  postInput,
  serviceInput,
} from '../../../../contracts/party.js';
import { requireActor, streetsOfActor } from '../../../core/access.js';
import { allowed, authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { AppError, notFound } from '../../../core/errors.js';
import type { Executor } from '../../../core/db.js';
import { invalid } from '../invalid.js';
import { communityPathOf, orgOf, regionOf } from '../queries.js';

/**
 * Adds a member to an organisation. A member linked to a resident must live inside the place of
 * the organisation and of the secretary's roles (the registry's record is the same person).
 */
export const addMember = command({
  action: 'party.manage',
  input: memberInput.extend({ userId: z.number().int().positive().nullable().default(null) }),
  conflicts: { party_members_resident: { zh: '该居民已是党员', en: 'The resident is a member already' } },
  async run({ trx, actor, input: o, audit }) {
    const org = await orgOf(trx, o.orgId, streetsOfActor(actor));
    authorize(actor, 'party.manage', { regionPath: org.region_path, streetId: org.street_id });
    let path = org.region_path;
    if (o.residentId !== null) {
      const r = await trx
        .selectFrom('residents')
        .select(['grid_path', 'status'])
        .where('street_id', '=', org.street_id)
        .where('id', '=', o.residentId)
        .executeTakeFirst();
      const community = communityPathOf(org.region_path);
      if (
        !r ||
        r.status !== 'active' ||
        !r.grid_path.startsWith(community) ||
        !allowed(actor, 'party.manage', { regionPath: r.grid_path, streetId: org.street_id })
      )
        throw invalid(
          'residentId',
          '该居民不在本社区或不在您的管理范围内',
          'The resident lives outside the community or your scope',
        );
      path = r.grid_path;
    }
    if (o.joinedOn > new Date().toISOString().slice(0, 10))
      throw invalid('joinedOn', '入党日期不能晚于今天', 'Joined in the future');
    const row = await trx
      .insertInto('party_members')
      .values({
        street_id: org.street_id,
        org_id: org.id,
        resident_id: o.residentId,
        user_id: o.userId,
        name: o.name,
        status: o.status,
        joined_on: o.joinedOn,
        relation: o.relation,
        category: o.category,
        household_marked: o.householdMarked,
        region_path: path,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: org.street_id, objectType: 'party_member', objectId: row.id, detail: { org: org.name } });
    return { id: row.id };
  },
});

/** Adds a post (设岗定责) to the community's list. */
export const addPost = command({
  action: 'party.manage',
  input: postInput,
  conflicts: { party_posts_street_id_community_code_name_key: { zh: '该岗位已存在', en: 'The post exists already' } },
  async run({ trx, actor, input, audit }) {
    const c = await regionOf(trx, input.community);
    if (!c?.street_id || c.level !== 'community') throw notFound({ zh: '社区', en: 'Community' });
    authorize(actor, 'party.manage', { regionPath: c.path, streetId: c.street_id });
    const row = await trx
      .insertInto('party_posts')
      .values({ street_id: c.street_id, community_code: c.code, name: input.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.street_id, objectType: 'party_post', objectId: row.id, detail: input });
    return { id: row.id };
  },
});

/** The signed-in user's own member record (403 for an account that is no member's). */
export async function ownMember(trx: Executor, userId: number) {
  const m = await trx
    .selectFrom('party_members')
    .select(['id', 'street_id', 'name', 'region_path'])
    .where('user_id', '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!m) throw new AppError('forbidden', { zh: '您的账号尚未关联党员信息', en: 'Your account is no party member’s' });
  return m;
}

/** 双报到: a member reports to the community where they live, naming their unit. */
export const requestDualRegistration = command({
  action: 'party.serve',
  input: dualRegistrationInput,
  conflicts: {
    dual_registrations_open: { zh: '您已报到或正在等待审核', en: 'You have registered or are waiting already' },
  },
  async run({ trx, actor, input, audit }) {
    const me = await ownMember(trx, requireActor(actor).userId);
    const c = await regionOf(trx, input.community);
    if (!c?.street_id || c.level !== 'community' || c.street_id !== me.street_id)
      throw invalid('community', '请选择您居住的社区（本街道）', 'Pick the community you live in (this street)');
    const row = await trx
      .insertInto('dual_registrations')
      .values({
        street_id: me.street_id,
        member_id: me.id,
        community_code: c.code,
        employer: input.employer,
        status: 'requested',
        note: input.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: me.street_id,
      objectType: 'dual_registration',
      objectId: row.id,
      detail: { community: c.code },
    });
    return { id: row.id };
  },
});

/** The community secretary approves a registration and gives a post, or turns it down. */
export const decideDualRegistration = command({
  action: 'party.manage',
  input: dualDecision.extend({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const streets = streetsOfActor(actor);
    const d = await trx
      .selectFrom('dual_registrations as d')
      .innerJoin('regions as r', 'r.code', 'd.community_code')
      .select(['d.street_id', 'd.status', 'd.community_code', 'r.path'])
      .$if(streets.length > 0, (q) => q.where('d.street_id', 'in', streets))
      .where('d.id', '=', input.id)
      .executeTakeFirst();
    if (!d) throw notFound({ zh: '报到申请', en: 'Registration' });
    authorize(actor, 'party.manage', { regionPath: d.path, streetId: d.street_id });
    if (d.status !== 'requested')
      throw new AppError('conflict', { zh: '该申请已处理', en: 'The request was decided already' });
    if (input.approve) await checkPost(trx, d.street_id, d.community_code, input.postId, '党员');
    await trx
      .updateTable('dual_registrations')
      .set({
        status: input.approve ? 'approved' : 'rejected',
        post_id: input.approve ? input.postId : null,
        note: input.note,
        decided_at: new Date(),
        decided_by: actor?.userId ?? null,
      })
      .where('street_id', '=', d.street_id)
      .where('id', '=', input.id)
      .execute();
    await audit({ streetId: d.street_id, objectType: 'dual_registration', objectId: input.id, detail: input });
    return { ok: true as const };
  },
});

/** A member records a service they gave (their own record only). */
export const recordService = command({
  action: 'party.serve',
  input: serviceInput,
  async run({ trx, actor, input, audit }) {
    const me = await ownMember(trx, requireActor(actor).userId);
    checkServedOn(input.servedOn);
    const row = await trx
      .insertInto('party_services')
      .values({
        street_id: me.street_id,
        member_id: me.id,
        served_on: input.servedOn,
        hours: input.hours,
        what: input.what,
        recorded_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: me.street_id, objectType: 'party_service', objectId: row.id, detail: input });
    return { id: row.id };
  },
});

/** An approval names an active post of the registration's community (设岗定责). */
export async function checkPost(
  trx: Executor,
  streetId: string,
  community: string,
  postId: number | null,
  who: string,
) {
  if (postId === null) throw invalid('postId', `请为报到${who}设定岗位`, 'Give a post');
  const post = await trx
    .selectFrom('party_posts')
    .select('id')
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .where('id', '=', postId)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!post) throw invalid('postId', '岗位不属于本社区', 'The post is not of this community');
}

/** A service is recorded for a day of this year or last, not the future (Beijing time). */
export function checkServedOn(servedOn: string) {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (servedOn > today) throw invalid('servedOn', '服务日期不能晚于今天', 'Served in the future');
  if (servedOn < `${Number(today.slice(0, 4)) - 1}-01-01`)
    throw invalid('servedOn', '只能记录今年和去年的服务', 'Only this year and last');
}
