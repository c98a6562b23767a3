import { randomUUID } from 'node:crypto';
import type { RaterKind } from '../../../contracts/assessment.js';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE } from '../../core/demo.js';
import { lookupHash } from '../../core/pii/index.js';
import { prng } from '../../core/prng.js';
import type { Seed } from '../../core/seed.js';
import { seedReviewsAndAwards } from './seed-reviews.js';

const ITEMS: { title: string; points: number; rule: string; source?: string; target?: number }[] = [
  { title: '党组织建设', points: 20, rule: '“三会一课”按时召开、支部设置规范、换届按期，每缺一项扣2分' },
  { title: '党员教育管理', points: 15, rule: '党员学习教育全覆盖，流动党员管理到位，发展党员程序规范' },
  { title: '服务群众', points: 15, rule: '党群服务阵地按时开放、服务清单事项落实、错时延时服务到位' },
  { title: '民主议事与居务公开', points: 10, rule: '议事协商按“六步法”开展，党务居务按期公开' },
  { title: '案件结案率', points: 15, rule: '系统自动计算', source: 'cases.closure' },
  { title: '按期走访到位率', points: 10, rule: '系统自动计算', source: 'visits.within_interval' },
  {
    title: '在职党员双报到',
    points: 10,
    rule: '系统自动计算，30人得满分',
    source: 'party.dual_registered',
    target: 30,
  },
  {
    title: '志愿服务时长',
    points: 5,
    rule: '系统自动计算，全年500小时得满分',
    source: 'volunteering.hours',
    target: 500,
  },
];
const WEIGHTS: Record<RaterKind, number> = { street_leader: 40, agency: 20, member_rep: 20, resident_rep: 20 };
/** Sheets per kind and community in a scored quarter (paper forms collected at the review meeting). */
const SHEETS: Record<RaterKind, number> = { street_leader: 3, agency: 2, member_rep: 3, resident_rep: 4 };

/**
 * The demo street's 2026 party-building responsibility table: rated items and items from the system's figures, the
 * second and third quarters scored by every kind of rater (anonymous, extremes dropped), the fourth assigned to the
 * demo accounts — the operator as a street leader, the co-building unit's handler, a party member and the demo
 * resident as representatives — for 庆城社区, waiting for their scores.
 */
export const assessmentSeed: Seed = {
  async load({ db, streetId, keyring }) {
    return db.transaction().execute(async (trx) => {
      const year = new Date().getFullYear();
      const t = await trx
        .insertInto('assessment_tables')
        .values({
          street_id: streetId,
          year,
          title: `${year}年度社区党建工作责任制考核`,
          anonymous: true,
          drop_extremes: true,
          weights: JSON.stringify(WEIGHTS),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('assessment_items')
        .values(
          ITEMS.map((i, n) => ({
            street_id: streetId,
            table_id: t.id,
            no: n + 1,
            title: i.title,
            points: i.points,
            rule: i.rule,
            source: i.source ?? null,
            target: i.target ?? null,
          })),
        )
        .execute();
      const communities = await trx
        .selectFrom('regions')
        .select('code')
        .where('street_id', '=', streetId)
        .where('level', '=', 'community')
        .orderBy('code')
        .execute();
      await trx
        .insertInto('assessment_subjects')
        .values(communities.map((c) => ({ street_id: streetId, table_id: t.id, code: c.code })))
        .execute();
      const rnd = prng(41);
      // every sheet and score in two statements (on Citus each statement is a round trip to a worker)
      const sheets: {
        street_id: string;
        id: string;
        table_id: number;
        quarter: number;
        subject_code: string;
        kind: RaterKind;
        rater_id: null;
      }[] = [];
      const scores: { street_id: string; sheet_id: string; table_id: number; no: number; score: number }[] = [];
      for (const quarter of [2, 3])
        for (const [ci, c] of communities.entries()) {
          const strength = 0.78 + ((ci * 7) % 5) * 0.04;
          for (const kind of Object.keys(SHEETS) as RaterKind[])
            for (let k = 0; k < SHEETS[kind]; k++) {
              const id = randomUUID();
              sheets.push({
                street_id: streetId,
                id,
                table_id: t.id,
                quarter,
                subject_code: c.code,
                kind,
                rater_id: null,
              });
              ITEMS.forEach((i, n) => {
                if (!i.source)
                  scores.push({
                    street_id: streetId,
                    sheet_id: id,
                    table_id: t.id,
                    no: n + 1,
                    score: Math.min(i.points, Math.round(i.points * (strength + (rnd() - 0.5) * 0.2) * 2) / 2),
                  });
              });
            }
        }
      if (sheets.length) {
        await trx.insertInto('assessment_sheets').values(sheets).execute();
        await trx.insertInto('assessment_scores').values(scores).execute();
      }
      const raters: [string, RaterKind][] = [
        ['operator', 'street_leader'],
        ['handler', 'agency'],
        ['partymember', 'member_rep'],
        [DEMO_RESIDENT_PHONE, 'resident_rep'],
      ];
      for (const [username, kind] of raters) {
        const u = await trx
          .selectFrom('users')
          .select('id')
          .where((eb) =>
            username === DEMO_RESIDENT_PHONE
              ? eb('phone_hash', '=', lookupHash(keyring, DEMO_RESIDENT_PHONE))
              : eb('username', '=', username),
          )
          .executeTakeFirst();
        if (!u) continue;
        await trx
          .insertInto('assessment_raters')
          .values({
            street_id: streetId,
            table_id: t.id,
            quarter: 4,
            user_id: u.id,
            subject_code: communities.some((c) => c.code === DEMO_COMMUNITY)
              ? DEMO_COMMUNITY
              : (communities[0]?.code ?? ''),
            kind,
          })
          .execute();
      }
      return { assessmentSheets: sheets.length, ...(await seedReviewsAndAwards(trx, streetId, rnd)) };
    });
  },
};
