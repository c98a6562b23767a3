import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { tagNames, type ResidentTag } from '../../../../contracts/registry.js';
import { activityInput, scanInput } from '../../../../contracts/volunteering.js';
import { requireActor, type Actor } from '../../../core/access.js';
import { allowed, authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { checkinToken, hoursOf, metres, tokenValid } from '../checkin.js';
import { residentOfVolunteer } from './certificates.js';
import { communityOf } from './store.js';

const home = (actor: Actor) =>
  actor.assignments.find((a) => a.regionCode && a.regionCode.length >= 12)?.regionCode?.slice(0, 12);

/** The caller's volunteer record in a street, registered on first use (real-name: their account). */
export async function volunteerOf(trx: Executor, streetId: string, actor: Actor, community?: string) {
  const found = await trx
    .selectFrom('volunteers')
    .select(['id', 'volunteer_no'])
    .where('street_id', '=', streetId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  if (found) return found;
  const c = community ?? home(actor);
  if (!c) throw invalid('community', '请先登记所在社区', 'Register your community first');
  const row = await trx
    .insertInto('volunteers')
    .values({ street_id: streetId, user_id: actor.userId, community_code: c, volunteer_no: `tmp-${actor.userId}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const no = `ZY${streetId}${String(row.id).padStart(6, '0')}`;
  await trx
    .updateTable('volunteers')
    .set({ volunteer_no: no })
    .where('street_id', '=', streetId)
    .where('id', '=', row.id)
    .execute();
  // real name: the registry's record of the person, by the account's phone
  await residentOfVolunteer(trx, streetId, { id: row.id, user_id: actor.userId });
  return { id: row.id, volunteer_no: no };
}

const ageOn = (birth: string | Date, at: Date) => {
  const b = new Date(birth);
  const years = at.getUTCFullYear() - b.getUTCFullYear();
  const before =
    at.getUTCMonth() < b.getUTCMonth() || (at.getUTCMonth() === b.getUTCMonth() && at.getUTCDate() < b.getUTCDate());
  return years - (before ? 1 : 0);
};

/** Who may join (the activity's tags, ages and skills), in words of what is missing; nothing when they may. */
export async function whyNot(
  trx: Executor,
  a: {
    street_id: string;
    tags: string[];
    skills: string[];
    min_age: number | null;
    max_age: number | null;
    starts_at: Date;
  },
  v: { id: number; user_id: number },
) {
  if (a.skills.length) {
    const mine = await trx
      .selectFrom('volunteers')
      .select('skills')
      .where('street_id', '=', a.street_id)
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    if (!a.skills.some((s) => mine.skills.includes(s))) return `本活动需要以下技能之一：${a.skills.join('、')}`;
  }
  if (!a.tags.length && a.min_age === null && a.max_age === null) return null;
  const person = await residentOfVolunteer(trx, a.street_id, v);
  if (!person) return '本活动限定报名条件，请先在社区完成实名登记（居民档案）';
  if (a.tags.length && !a.tags.some((t) => (person.tags as string[]).includes(t)))
    return `本活动仅限：${a.tags.map((t) => tagNames[t as ResidentTag]?.zh ?? t).join('、')}`;
  const age = person.birth_date ? ageOn(person.birth_date, a.starts_at) : null;
  if (a.min_age !== null && (age === null || age < a.min_age)) return `本活动要求年满 ${a.min_age} 周岁`;
  if (a.max_age !== null && (age === null || age > a.max_age)) return `本活动要求不超过 ${a.max_age} 周岁`;
  return null;
}

export async function activityOf(db: Executor, streetId: string, id: number, lock = false) {
  let q = db.selectFrom('activities').selectAll().where('street_id', '=', streetId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  const a = await q.executeTakeFirst();
  if (!a) throw notFound({ zh: '活动', en: 'Activity' });
  return a;
}

/** Whether the actor organises the activity: the one who recorded it, or the community's staff. */
export async function organises(db: Executor, actor: Actor, a: { organiser_id: number; community_code: string }) {
  return (
    a.organiser_id === actor.userId || allowed(actor, 'volunteering.manage', await communityOf(db, a.community_code))
  );
}

/** An activity organised by the community (or one of its teams): the recording organiser is the one who creates it. */
export const createActivity = command({
  action: 'volunteering.manage',
  input: activityInput,
  async run({ trx, actor: who, input: a, audit }) {
    const actor = requireActor(who);
    const c = await communityOf(trx, a.community);
    authorize(actor, 'volunteering.manage', c);
    if (a.unitId !== null) {
      const unit = await trx
        .selectFrom('agencies')
        .select('id')
        .where('street_id', '=', c.streetId)
        .where('id', '=', a.unitId)
        .executeTakeFirst();
      if (!unit) throw invalid('unitId', '本街道没有这个共建单位', 'No such co-building unit here');
    }
    if (a.teamId !== null) {
      const team = await trx
        .selectFrom('volunteer_teams')
        .select('id')
        .where('street_id', '=', c.streetId)
        .where('id', '=', a.teamId)
        .executeTakeFirst();
      if (!team) throw invalid('teamId', '本街道没有这个服务队', 'No such team here');
    }
    const row = await trx
      .insertInto('activities')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        team_id: a.teamId,
        unit_id: a.unitId,
        organiser_id: actor.userId,
        title: a.title,
        detail: a.detail,
        address: a.address,
        lng: a.point?.lng ?? null,
        lat: a.point?.lat ?? null,
        radius_m: a.radiusM,
        starts_at: new Date(a.startsAt),
        ends_at: new Date(a.endsAt),
        capacity: a.capacity,
        skills: a.skills,
        tags: a.tags,
        min_age: a.minAge,
        max_age: a.maxAge,
        checkin_secret: randomBytes(24).toString('base64url'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'activity', objectId: row.id, detail: { capacity: a.capacity } });
    return { id: row.id };
  },
});

const byActivity = z.object({ street: z.string().regex(/^\d{9}$/), activityId: z.number().int().positive() });

/** 报名: a place while there is one, else the waiting list; once per person; not after it began. */
export const signUp = command({
  action: 'volunteering.join',
  input: byActivity,
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const a = await activityOf(trx, input.street, input.activityId, true);
    if (a.state !== 'open' || a.starts_at.getTime() <= Date.now())
      throw new AppError('conflict', {
        zh: '活动已开始或已取消，不能报名',
        en: 'The activity has begun or is cancelled',
      });
    const v = await volunteerOf(trx, input.street, actor);
    const why = await whyNot(trx, a, { id: v.id, user_id: actor.userId });
    if (why) throw new AppError('forbidden', { zh: why, en: 'You do not meet the activity’s conditions' });
    const signed = await trx
      .selectFrom('activity_signups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('street_id', '=', input.street)
      .where('activity_id', '=', a.id)
      .where('state', '=', 'signed')
      .executeTakeFirstOrThrow();
    const state = Number(signed.n) < a.capacity ? ('signed' as const) : ('waiting' as const);
    const row = await trx
      .insertInto('activity_signups')
      .values({ street_id: input.street, activity_id: a.id, volunteer_id: v.id, state })
      .onConflict((oc) =>
        oc
          .columns(['street_id', 'activity_id', 'volunteer_id'])
          .doUpdateSet({ state, signed_at: new Date() })
          .where('activity_signups.state', '=', 'cancelled'),
      )
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { zh: '您已报名该活动', en: 'You have signed up already' });
    await audit({ streetId: input.street, objectType: 'activity', objectId: a.id, detail: { signup: state } });
    return { state };
  },
});

/** Cancels one's sign-up before the start; the first on the waiting list takes the place. */
export const cancelSignup = command({
  action: 'volunteering.join',
  input: byActivity,
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const a = await activityOf(trx, input.street, input.activityId, true);
    if (a.starts_at.getTime() <= Date.now())
      throw new AppError('conflict', { zh: '活动已开始，不能取消报名', en: 'The activity has begun' });
    const v = await volunteerOf(trx, input.street, actor);
    const was = await trx
      .updateTable('activity_signups')
      .set({ state: 'cancelled' })
      .where('street_id', '=', input.street)
      .where('activity_id', '=', a.id)
      .where('volunteer_id', '=', v.id)
      .where('state', '<>', 'cancelled')
      .returning('id')
      .executeTakeFirst();
    if (!was) throw new AppError('conflict', { zh: '您没有报名该活动', en: 'You are not signed up' });
    const next = await trx
      .selectFrom('activity_signups')
      .select('id')
      .where('street_id', '=', input.street)
      .where('activity_id', '=', a.id)
      .where('state', '=', 'waiting')
      .orderBy('signed_at')
      .orderBy('id')
      .executeTakeFirst();
    const signed = await trx
      .selectFrom('activity_signups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('street_id', '=', input.street)
      .where('activity_id', '=', a.id)
      .where('state', '=', 'signed')
      .executeTakeFirstOrThrow();
    if (next && Number(signed.n) < a.capacity)
      await trx
        .updateTable('activity_signups')
        .set({ state: 'signed' })
        .where('street_id', '=', input.street)
        .where('id', '=', next.id)
        .execute();
    await audit({ streetId: input.street, objectType: 'activity', objectId: a.id, detail: { signup: 'cancelled' } });
    return { ok: true as const };
  },
});

/** The organiser's rotating code (for the QR on their phone). */
export async function checkinCodeOf(db: Executor, actor: Actor, street: string, activityId: number) {
  const a = await activityOf(db, street, activityId);
  if (!(await organises(db, actor, a)))
    throw new AppError('forbidden', { zh: '只有活动组织者可以出示签到码', en: 'Only the organiser shows the code' });
  return checkinToken(a.checkin_secret, a.id);
}

/**
 * 扫码签到 / 签退 at the site. The code must be the organiser's current one; the phone's distance from the site is
 * kept (not where it was), a missing or too-far position flags the record without refusing it.
 */
export const scan = command({
  action: 'volunteering.join',
  input: scanInput,
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const a = await activityOf(trx, s.street, s.activityId);
    if (!tokenValid(a.checkin_secret, a.id, s.token))
      throw invalid(
        'token',
        '签到码已过期或无效，请扫描组织者手机上的最新二维码',
        'The code is old or not valid: scan the organiser’s current code',
      );
    const now = new Date();
    if (now.getTime() < a.starts_at.getTime() - 3_600_000 || now.getTime() > a.ends_at.getTime() + 2 * 3_600_000)
      throw invalid('activityId', '不在活动签到时间内', 'Not within the activity’s check-in time');
    const v = await volunteerOf(trx, s.street, actor);
    const signup = await trx
      .selectFrom('activity_signups')
      .select('state')
      .where('street_id', '=', s.street)
      .where('activity_id', '=', a.id)
      .where('volunteer_id', '=', v.id)
      .executeTakeFirst();
    if (signup?.state !== 'signed')
      throw new AppError('forbidden', {
        zh: '您未报名该活动（或在候补中）',
        en: 'You are not signed up (or are waiting)',
      });
    const distance = s.point && a.lng !== null && a.lat !== null ? metres(s.point, { lng: a.lng, lat: a.lat }) : null;
    const far = distance === null || distance > a.radius_m;
    const record = await trx
      .selectFrom('service_records')
      .select(['id', 'checkin_at', 'checkout_at', 'flagged'])
      .where('street_id', '=', s.street)
      .where('activity_id', '=', a.id)
      .where('volunteer_id', '=', v.id)
      .forUpdate()
      .executeTakeFirst();
    if (s.action === 'in') {
      if (record) throw new AppError('conflict', { zh: '您已签到，请勿重复签到', en: 'You have checked in already' });
      const row = await trx
        .insertInto('service_records')
        .values({
          street_id: s.street,
          activity_id: a.id,
          volunteer_id: v.id,
          checkin_at: now,
          checkin_distance_m: distance,
          flagged: far,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit({
        streetId: s.street,
        objectType: 'service_record',
        objectId: row.id,
        detail: { checkin: true, far },
      });
      return { id: row.id, hours: null, flagged: far };
    }
    if (!record) throw invalid('action', '尚未签到，不能签退', 'Check in before checking out');
    if (record.checkout_at) throw new AppError('conflict', { zh: '您已签退', en: 'You have checked out already' });
    const hours = hoursOf(record.checkin_at, now, a.starts_at, a.ends_at);
    await trx
      .updateTable('service_records')
      .set({ checkout_at: now, checkout_distance_m: distance, hours: hours.toFixed(2), flagged: record.flagged || far })
      .where('street_id', '=', s.street)
      .where('id', '=', record.id)
      .execute();
    await audit({
      streetId: s.street,
      objectType: 'service_record',
      objectId: record.id,
      detail: { checkout: true, hours },
    });
    return { id: record.id, hours, flagged: record.flagged || far };
  },
});
