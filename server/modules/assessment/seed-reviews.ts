import type { Grade } from '../../../contracts/assessment.js';
import { DEMO_COMMUNITY } from '../../core/demo.js';
import type { Trx } from '../../core/db.js';
import { localDate } from '../cases/index.js';
import { branchMembers } from './reviews.js';

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const SELF =
  '本年度认真参加“三会一课”和主题党日，带头参与社区志愿服务和网格联户工作，按时足额交纳党费。不足是理论学习还不够深入。';

/**
 * The demo's 民主评议 (the demo member's branch: most members have assessed themselves and rated the others; the demo
 * account `partymember` has not yet) and awards in 庆城社区: last year's 文明楼院 awarded, this year's 五好文明家庭 in its
 * voting week, this year's 最美志愿者 taking nominations.
 */
export async function seedReviewsAndAwards(trx: Trx, streetId: string, rnd: () => number) {
  const year = new Date().getFullYear();
  const demo = await trx
    .selectFrom('party_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.org_id'])
    .where('m.street_id', '=', streetId)
    .where('u.username', '=', 'partymember')
    .executeTakeFirst();
  let reviewed = 0;
  if (demo) {
    const members = await branchMembers(trx, streetId, demo.org_id);
    const r = await trx
      .insertInto('member_reviews')
      .values({ street_id: streetId, org_id: demo.org_id, year, title: `${year}年度民主评议党员`, excellent_max: 30 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const grade = (): Grade => (rnd() < 0.25 ? 'excellent' : rnd() < 0.95 ? 'qualified' : 'basic');
    await trx
      .insertInto('member_review_entries')
      .values(
        members.map((m) => ({
          street_id: streetId,
          review_id: r.id,
          member_id: m.id,
          self_grade: m.user_id ? null : grade(),
          self_text: m.user_id ? null : SELF,
          final_grade: null,
        })),
      )
      .execute();
    const raters = members.filter((m) => !m.user_id).slice(0, -1);
    const rows = raters.flatMap((rater) =>
      members
        .filter((m) => m.id !== rater.id)
        .map((m) => ({
          street_id: streetId,
          review_id: r.id,
          rater_member_id: rater.id,
          member_id: m.id,
          grade: grade(),
        })),
    );
    if (rows.length) await trx.insertInto('member_review_ratings').values(rows).execute();
    reviewed = members.length;
  }

  const today = localDate(new Date());
  const staff = (
    await trx
      .selectFrom('users')
      .select('id')
      .where('username', 'in', ['operator', 'secretary', 'community', 'gridworker', 'volunteer'])
      .execute()
  ).map((u) => u.id);
  const make = async (
    a: {
      kind: 'five_good_family' | 'civil_courtyard' | 'best_volunteer';
      year: number;
      title: string;
      quota: number;
      decide: 'vote' | 'committee';
      nominate: string;
      vote: string;
      publicity: string | null;
    },
    nominees: [string, string, 'nominated' | 'accepted' | 'rejected' | 'awarded', string | null][],
  ) => {
    const row = await trx
      .insertInto('awards')
      .values({
        street_id: streetId,
        community_code: DEMO_COMMUNITY,
        kind: a.kind,
        year: a.year,
        title: a.title,
        quota: a.quota,
        decide: a.decide,
        nominate_until: a.nominate,
        vote_until: a.vote,
        publicity_days: 5,
        publicity_until: a.publicity,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids = [];
    for (const [i, [name, reason, state, note]] of nominees.entries())
      ids.push(
        (
          await trx
            .insertInto('award_nominees')
            .values({
              street_id: streetId,
              award_id: row.id,
              name,
              reason,
              state,
              note,
              nominated_by: staff[i % Math.max(1, staff.length)] ?? null,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      );
    return { id: row.id, nominees: ids };
  };
  await make(
    {
      kind: 'civil_courtyard',
      year: year - 1,
      title: `${year - 1}年度文明楼院`,
      quota: 2,
      decide: 'committee',
      nominate: `${year - 1}-10-31`,
      vote: `${year - 1}-11-15`,
      publicity: `${year - 1}-11-25`,
    },
    [
      ['南营大院3号楼', '楼道整洁，居民自治公约执行好，连续三年无矛盾纠纷上交', 'awarded', null],
      ['庆城花园1号楼', '楼栋长带头组织邻里互助，加装电梯协商一致', 'awarded', null],
      ['东街小区5号楼', '楼道堆物整治彻底', 'accepted', null],
    ],
  );
  const families = await make(
    {
      kind: 'five_good_family',
      year,
      title: `${year}年度五好文明家庭`,
      quota: 3,
      decide: 'vote',
      nominate: addDays(today, -3),
      vote: addDays(today, 7),
      publicity: null,
    },
    [
      ['林秀英家庭', '三代同堂、孝老爱亲，照顾瘫痪婆婆二十年', 'accepted', null],
      ['陈建国家庭', '夫妻均为社区志愿者，常年参加垃圾分类督导', 'accepted', null],
      ['王丽华家庭', '热心邻里事务，调解楼道纠纷十余起', 'accepted', null],
      ['张伟家庭', '家风家教好，子女品学兼优', 'accepted', null],
      ['刘芳家庭', '勤俭持家，积极参加社区文体活动', 'accepted', null],
      ['赵某家庭', '与林秀英家庭同住，再次推荐', 'rejected', '与林秀英家庭为同一户，已合并'],
    ],
  );
  const votes = families.nominees
    .slice(0, 5)
    .flatMap((n, i) =>
      staff.slice(0, 5 - i).map((u) => ({ street_id: streetId, award_id: families.id, user_id: u, nominee_id: n })),
    );
  if (votes.length) await trx.insertInto('award_votes').values(votes).execute();
  await make(
    {
      kind: 'best_volunteer',
      year,
      title: `${year}年度最美志愿者`,
      quota: 5,
      decide: 'committee',
      nominate: addDays(today, 10),
      vote: addDays(today, 20),
      publicity: null,
    },
    [['黄志强', '常年为独居老人代购送药，服务时长超过300小时', 'nominated', null]],
  );
  return { memberReviewed: reviewed, awards: 3 };
}
