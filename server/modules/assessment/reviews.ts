import { sql } from 'kysely';
import { z } from 'zod';
import { gradeNames, grades, reviewInput, type Grade } from '../../../contracts/assessment.js';
import { requireActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { command } from '../../core/command.js';
import type { Executor } from '../../core/db.js';
import { AppError, invalid, notFound } from '../../core/errors.js';

const street = z.string().regex(/^\d{9}$/);
const id = z.number().int().positive();

/** A review with its branch's place (for the rules); 404 when there is none. */
export async function reviewOf(db: Executor, streetId: string, reviewId: number) {
  const r = await db
    .selectFrom('member_reviews as r')
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'r.street_id').onRef('o.id', '=', 'r.org_id'))
    .select([
      'r.street_id',
      'r.id',
      'r.org_id',
      'o.name as org',
      'o.region_path',
      'r.year',
      'r.title',
      'r.excellent_max',
      'r.state',
    ])
    .where('r.street_id', '=', streetId)
    .where('r.id', '=', reviewId)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '民主评议', en: 'Review' });
  return { ...r, target: { regionPath: r.region_path, streetId: r.street_id } };
}

/** The signed-in person's membership in a review (their party member record), or a refusal in words. */
async function memberIn(trx: Executor, streetId: string, reviewId: number, userId: number) {
  const m = await trx
    .selectFrom('member_review_entries as e')
    .innerJoin('party_members as m', (j) =>
      j.onRef('m.street_id', '=', 'e.street_id').onRef('m.id', '=', 'e.member_id'),
    )
    .select(['e.member_id'])
    .where('e.street_id', '=', streetId)
    .where('e.review_id', '=', reviewId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
  if (!m)
    throw new AppError('forbidden', { zh: '您不是该支部参加评议的党员', en: 'You are not reviewed in this branch' });
  return m.member_id;
}

/** A branch's full members, those of its party groups (党小组) included. */
export async function branchMembers(db: Executor, streetId: string, orgId: number) {
  return db
    .selectFrom('party_members as m')
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'm.street_id').onRef('o.id', '=', 'm.org_id'))
    .select(['m.id', 'm.user_id'])
    .where('m.street_id', '=', streetId)
    .where((eb) => eb.or([eb('o.id', '=', orgId), eb('o.parent_id', '=', orgId)]))
    .where('m.active', '=', true)
    .where('m.status', '=', 'full')
    .orderBy('m.id')
    .execute();
}

/** 开展民主评议: a branch's review of the year, every active member on the list, the share of 优秀 it allows. */
export const openReview = command({
  action: 'assessment.review',
  input: reviewInput,
  conflicts: {
    member_reviews_street_id_org_id_year_key: {
      zh: '该支部本年度已开展民主评议',
      en: 'The branch has this year’s review',
    },
  },
  async run({ trx, actor: who, input: r, audit }) {
    const actor = requireActor(who);
    const org = await trx
      .selectFrom('party_orgs')
      .select(['id', 'region_path', 'level'])
      .where('street_id', '=', r.street)
      .where('id', '=', r.orgId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!org) throw invalid('orgId', '请选择党组织', 'Pick a party organisation');
    authorize(actor, 'assessment.review', { regionPath: org.region_path, streetId: r.street });
    const members = await branchMembers(trx, r.street, org.id);
    if (members.length < 2) throw invalid('orgId', '该党组织正式党员不足2人，无法互评', 'Fewer than two full members');
    const row = await trx
      .insertInto('member_reviews')
      .values({
        street_id: r.street,
        org_id: org.id,
        year: r.year,
        title: r.title,
        excellent_max: r.excellentMax,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('member_review_entries')
      .values(
        members.map((m) => ({
          street_id: r.street,
          review_id: row.id,
          member_id: m.id,
          self_grade: null,
          self_text: null,
          final_grade: null,
        })),
      )
      .execute();
    await audit({
      streetId: r.street,
      objectType: 'member_review',
      objectId: row.id,
      detail: { org: org.id, members: members.length },
    });
    return { id: row.id, members: members.length };
  },
});

/** 个人自评: a member's own account of the year and the grade they give themselves (changeable until it closes). */
export const selfAssess = command({
  action: 'assessment.score',
  input: z.object({ street, reviewId: id, grade: z.enum(grades), text: z.string().trim().min(10).max(2000) }),
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const r = await reviewOf(trx, s.street, s.reviewId);
    if (r.state !== 'open') throw new AppError('conflict', { zh: '评议已结束', en: 'The review is closed' });
    const member = await memberIn(trx, s.street, r.id, actor.userId);
    await trx
      .updateTable('member_review_entries')
      .set({ self_grade: s.grade, self_text: s.text })
      .where('street_id', '=', s.street)
      .where('review_id', '=', r.id)
      .where('member_id', '=', member)
      .execute();
    await audit({ streetId: s.street, objectType: 'member_review', objectId: r.id, detail: { self: true } });
    return { ok: true as const };
  },
});

/** 党员互评: a member grades every other member of the review, all at once and once only. */
export const rateMembers = command({
  action: 'assessment.score',
  input: z.object({ street, reviewId: id, ratings: z.array(z.object({ memberId: id, grade: z.enum(grades) })).min(1) }),
  conflicts: { member_review_ratings_pkey: { zh: '您已提交过互评', en: 'You have already rated' } },
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const r = await reviewOf(trx, s.street, s.reviewId);
    if (r.state !== 'open') throw new AppError('conflict', { zh: '评议已结束', en: 'The review is closed' });
    const me = await memberIn(trx, s.street, r.id, actor.userId);
    const others = (
      await trx
        .selectFrom('member_review_entries')
        .select('member_id')
        .where('street_id', '=', s.street)
        .where('review_id', '=', r.id)
        .where('member_id', '<>', me)
        .execute()
    ).map((e) => e.member_id);
    const done = await trx
      .selectFrom('member_review_ratings')
      .select('member_id')
      .where('street_id', '=', s.street)
      .where('review_id', '=', r.id)
      .where('rater_member_id', '=', me)
      .executeTakeFirst();
    if (done) throw new AppError('conflict', { zh: '您已提交过互评', en: 'You have already rated' });
    const given = new Set(s.ratings.map((x) => x.memberId));
    if (given.has(me)) throw invalid('ratings', '互评不能评自己', 'Not yourself');
    if (
      others.some((o) => !given.has(o)) ||
      given.size !== s.ratings.length ||
      s.ratings.some((x) => !others.includes(x.memberId))
    )
      throw invalid(
        'ratings',
        `请为本支部其他 ${others.length} 名党员逐一评定等次`,
        `Rate each of the ${others.length} other members once`,
      );
    await trx
      .insertInto('member_review_ratings')
      .values(
        s.ratings.map((x) => ({
          street_id: s.street,
          review_id: r.id,
          rater_member_id: me,
          member_id: x.memberId,
          grade: x.grade,
        })),
      )
      .execute();
    await audit({
      streetId: s.street,
      objectType: 'member_review',
      objectId: r.id,
      detail: { ratings: s.ratings.length },
    });
    return { ok: true as const };
  },
});

/**
 * 确定评议等次: the branch sets every member's grade and closes the review; 优秀 may not pass the share the review
 * allows (rounded down: 30 % of 7 members is 2); every member is graded in the same act, or nothing is.
 */
export const closeReview = command({
  action: 'assessment.review',
  input: z.object({ street, reviewId: id, grades: z.array(z.object({ memberId: id, grade: z.enum(grades) })).min(1) }),
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const r = await reviewOf(trx, s.street, s.reviewId);
    authorize(actor, 'assessment.review', r.target);
    await sql`SELECT 1 FROM member_reviews WHERE street_id = ${s.street} AND id = ${r.id} FOR UPDATE`.execute(trx);
    if (r.state !== 'open') throw new AppError('conflict', { zh: '评议已结束', en: 'The review is closed' });
    const members = (
      await trx
        .selectFrom('member_review_entries')
        .select('member_id')
        .where('street_id', '=', s.street)
        .where('review_id', '=', r.id)
        .execute()
    ).map((e) => e.member_id);
    const set = new Map(s.grades.map((g) => [g.memberId, g.grade]));
    if (members.some((m) => !set.has(m)) || set.size !== members.length)
      throw invalid('grades', `请为全部 ${members.length} 名党员确定等次`, `Grade all ${members.length} members`);
    const limit = Math.floor((members.length * r.excellent_max) / 100);
    const excellent = [...set.values()].filter((g) => g === 'excellent').length;
    if (excellent > limit)
      throw invalid(
        'grades',
        `评为${gradeNames.excellent.zh}的不能超过 ${r.excellent_max}%（${members.length} 人中最多 ${limit} 人），现为 ${excellent} 人`,
        `At most ${limit} of ${members.length} may be excellent; ${excellent} given`,
      );
    for (const [member, grade] of set)
      await trx
        .updateTable('member_review_entries')
        .set({ final_grade: grade as Grade })
        .where('street_id', '=', s.street)
        .where('review_id', '=', r.id)
        .where('member_id', '=', member)
        .execute();
    await trx
      .updateTable('member_reviews')
      .set({ state: 'closed', closed_at: new Date() })
      .where('street_id', '=', s.street)
      .where('id', '=', r.id)
      .execute();
    await audit({
      streetId: s.street,
      objectType: 'member_review',
      objectId: r.id,
      detail: { excellent, members: members.length },
    });
    return { ok: true as const };
  },
});
