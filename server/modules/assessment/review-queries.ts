import { sql } from 'kysely';
import { grades, type Grade } from '../../../contracts/assessment.js';
import type { Executor } from '../../core/db.js';

/** A branch's review: each member's self-assessment, the tally of the others' grades, the final grade. */
export async function reviewEntries(db: Executor, streetId: string, reviewId: number) {
  const [entries, ratings] = await Promise.all([
    db
      .selectFrom('member_review_entries as e')
      .innerJoin('party_members as m', (j) =>
        j.onRef('m.street_id', '=', 'e.street_id').onRef('m.id', '=', 'e.member_id'),
      )
      .select(['e.member_id', 'm.name', 'e.self_grade', 'e.self_text', 'e.final_grade'])
      .where('e.street_id', '=', streetId)
      .where('e.review_id', '=', reviewId)
      .orderBy('m.name')
      .execute(),
    db
      .selectFrom('member_review_ratings')
      .select(['member_id', 'grade', (eb) => eb.fn.countAll<string>().as('n')])
      .where('street_id', '=', streetId)
      .where('review_id', '=', reviewId)
      .groupBy(['member_id', 'grade'])
      .execute(),
  ]);
  return entries.map((e) => ({
    memberId: e.member_id,
    name: e.name,
    selfGrade: e.self_grade,
    selfText: e.self_text,
    tally: Object.fromEntries(
      grades.map((g) => [g, Number(ratings.find((x) => x.member_id === e.member_id && x.grade === g)?.n ?? 0)]),
    ) as Record<Grade, number>,
    finalGrade: e.final_grade,
  }));
}

/** Reviews of the branches under the given region paths, with progress. */
export async function reviewsIn(db: Executor, streetId: string, paths: string[]) {
  if (!paths.length) return [];
  const rows = await db
    .selectFrom('member_reviews as r')
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'r.street_id').onRef('o.id', '=', 'r.org_id'))
    .select((eb) => [
      'r.id',
      'r.street_id',
      'o.name as org',
      'r.year',
      'r.title',
      'r.excellent_max',
      'r.state',
      eb
        .selectFrom('member_review_entries as e')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('e.street_id', '=', 'r.street_id')
        .whereRef('e.review_id', '=', 'r.id')
        .as('members'),
      eb
        .selectFrom('member_review_entries as e')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('e.street_id', '=', 'r.street_id')
        .whereRef('e.review_id', '=', 'r.id')
        .where('e.self_grade', 'is not', null)
        .as('self_done'),
      eb
        .selectFrom('member_review_ratings as x')
        .select(sql<string>`count(DISTINCT x.rater_member_id)`.as('n'))
        .whereRef('x.street_id', '=', 'r.street_id')
        .whereRef('x.review_id', '=', 'r.id')
        .as('raters'),
    ])
    .where('r.street_id', '=', streetId)
    .where((eb) => eb.or(paths.map((p) => eb('o.region_path', 'like', `${p}%`))))
    .orderBy('r.year', 'desc')
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    streetId: r.street_id,
    org: r.org,
    year: r.year,
    title: r.title,
    excellentMax: r.excellent_max,
    state: r.state,
    members: Number(r.members ?? 0),
    selfDone: Number(r.self_done ?? 0),
    raters: Number(r.raters ?? 0),
  }));
}

/** The open reviews the signed-in person takes part in: their own entry and the others to rate. */
export async function myReviews(db: Executor, userId: number) {
  const mine = await db
    .selectFrom('member_review_entries as e')
    .innerJoin('party_members as m', (j) =>
      j.onRef('m.street_id', '=', 'e.street_id').onRef('m.id', '=', 'e.member_id'),
    )
    .innerJoin('member_reviews as r', (j) =>
      j.onRef('r.street_id', '=', 'e.street_id').onRef('r.id', '=', 'e.review_id'),
    )
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'r.street_id').onRef('o.id', '=', 'r.org_id'))
    .select([
      'e.street_id',
      'e.review_id',
      'e.member_id',
      'e.self_grade',
      'e.self_text',
      'e.final_grade',
      'r.title',
      'r.state',
      'o.name as org',
    ])
    .where('m.user_id', '=', userId)
    .orderBy('r.year', 'desc')
    .execute();
  return Promise.all(
    mine.map(async (e) => {
      const others = await db
        .selectFrom('member_review_entries as x')
        .innerJoin('party_members as m', (j) =>
          j.onRef('m.street_id', '=', 'x.street_id').onRef('m.id', '=', 'x.member_id'),
        )
        .select(['x.member_id', 'm.name'])
        .where('x.street_id', '=', e.street_id)
        .where('x.review_id', '=', e.review_id)
        .where('x.member_id', '<>', e.member_id)
        .orderBy('m.name')
        .execute();
      const rated = await db
        .selectFrom('member_review_ratings')
        .select('member_id')
        .where('street_id', '=', e.street_id)
        .where('review_id', '=', e.review_id)
        .where('rater_member_id', '=', e.member_id)
        .limit(1)
        .executeTakeFirst();
      return {
        street: e.street_id,
        reviewId: e.review_id,
        title: e.title,
        org: e.org,
        state: e.state,
        selfGrade: e.self_grade,
        selfText: e.self_text,
        finalGrade: e.final_grade,
        rated: Boolean(rated),
        others: others.map((o) => ({ memberId: o.member_id, name: o.name })),
      };
    }),
  );
}
