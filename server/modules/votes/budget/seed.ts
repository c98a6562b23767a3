import { sql } from 'kysely';
import { roll } from '../roll.js';
import type { Trx } from '../../../core/db.js';
import { DEMO_COMMUNITY } from '../../../core/demo.js';
import { selectionOf } from './commands.js';

const day = (d: number) => new Date(Date.now() + 8 * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);

type P = { title: string; place: string; cost: string; state?: 'accepted' | 'rejected' | 'merged'; reason?: string };
const FIRST: P[] = [
  { title: '老旧楼道加装扶手', place: '庆城新村1—6号楼', cost: '48000', state: 'accepted' },
  { title: '小区增设休闲座椅', place: '庆城新村中心花园', cost: '26000', state: 'accepted' },
  { title: '儿童游乐区铺设安全软垫', place: '庆城新村东侧游乐区', cost: '35000', state: 'accepted' },
  { title: '长者食堂添置保温餐车', place: '庆城社区长者食堂', cost: '18000', state: 'accepted' },
  { title: '背街小巷路灯维修更换', place: '庆城路背街小巷', cost: '62000', state: 'accepted' },
  { title: '垃圾分类亭加装洗手池', place: '各小区垃圾分类亭', cost: '30000', state: 'accepted' },
  {
    title: '中心花园增设凉亭',
    place: '庆城新村中心花园',
    cost: '40000',
    state: 'merged',
    reason: '与“小区增设休闲座椅”同一地点，合并实施',
  },
  {
    title: '小区外墙整体粉刷',
    place: '庆城新村',
    cost: '190000',
    state: 'rejected',
    reason: '外墙属业主共有部分，须由业主共同决定并使用维修资金，不属微实事范围',
  },
];
const SECOND: P[] = [
  { title: '电动自行车充电桩增设', place: '庆城新村东侧空地', cost: '56000', state: 'accepted' },
  { title: '四点钟学校添置图书', place: '庆城社区党群服务中心', cost: '12000', state: 'accepted' },
  { title: '楼道声控灯更换', place: '庆城新村7—12号楼', cost: '24000', state: 'accepted' },
  { title: '小区出入口无障碍坡道', place: '庆城新村南门', cost: '38000', state: 'accepted' },
  { title: '健身器材更新', place: '庆城社区广场', cost: '45000', state: 'accepted' },
];
const THIRD: P[] = [
  { title: '社区广场增设遮阳棚', place: '庆城社区广场', cost: '30000' },
  { title: '独居老人智能门磁', place: '庆城社区', cost: '20000' },
];

/**
 * 微实事 in 庆城社区: the first round of the year delivered and its accounts public (the selection by its rule,
 * milestones, every payment), a second round in its voting week, and next year's open for proposals — the demo
 * resident can propose in one and vote in the other.
 */
export async function seedBudgets(trx: Trx, streetId: string, secretary: number, excluded: number | null) {
  const voters = await sql<{ resident: number; user: number }>`
    SELECT r.id AS resident, u.id AS "user" FROM residents r JOIN users u ON u.phone_hash = r.phone_hash
    WHERE r.street_id = ${streetId} AND r.status = 'active' AND r.grid_path LIKE ${`%/${DEMO_COMMUNITY}/%`}
    ORDER BY r.id`.execute(trx);
  const budget = async (
    title: string,
    amount: string,
    rule: 'approval' | 'knapsack',
    d: [number, number, number, number, number, number],
    proposals: P[],
  ) => {
    const b = await trx
      .insertInto('budgets')
      .values({
        street_id: streetId,
        community_code: DEMO_COMMUNITY,
        title,
        amount,
        rule,
        max_choices: rule === 'approval' ? 3 : null,
        proposals_from: day(d[0]),
        proposals_to: day(d[1]),
        review_to: day(d[2]),
        voting_from: day(d[3]),
        voting_to: day(d[4]),
        delivery_to: day(d[5]),
        created_by: secretary,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ids: { id: number; cost: string; state: string }[] = [];
    for (const p of proposals) {
      const merged =
        p.state === 'merged' ? ids.find((x) => x.state === 'accepted' && p.reason?.includes('座椅')) : null;
      const row = await trx
        .insertInto('budget_proposals')
        .values({
          street_id: streetId,
          budget_id: b.id,
          title: p.title,
          place: p.place,
          cost: p.cost,
          proposer_id: voters.rows[roll(p.title) % Math.max(1, voters.rows.length)]?.user ?? secretary,
          state: p.state ?? 'submitted',
          reason: p.reason ?? null,
          merged_into: p.state === 'merged' ? (merged?.id ?? ids[1]?.id ?? null) : null,
          reviewed_by: p.state ? secretary : null,
          reviewed_at: p.state ? new Date(Date.now() + d[2] * 86_400_000) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push({ id: row.id, cost: p.cost, state: p.state ?? 'submitted' });
    }
    return { id: b.id, amount, rule, ids: ids.filter((x) => x.state === 'accepted') };
  };
  const vote = async (
    b: { id: number; amount: string; rule: string; ids: { id: number; cost: string }[] },
    share: number,
  ) => {
    const rows = [];
    for (const v of voters.rows) {
      if (Number(v.user) === excluded || roll(`${b.id}:${v.resident}`) >= share) continue;
      // each voter's favourites, kept within the rule: three at most, or what the budget holds
      const ranked = [...b.ids].sort((x, y) => roll(`${v.resident}:${x.id}`) - roll(`${v.resident}:${y.id}`));
      const chosen: number[] = [];
      let spent = 0;
      for (const p of ranked) {
        if (b.rule === 'approval' ? chosen.length >= 3 : spent + Number(p.cost) > Number(b.amount)) continue;
        chosen.push(p.id);
        spent += Number(p.cost);
      }
      rows.push({
        street_id: streetId,
        budget_id: b.id,
        resident_id: Number(v.resident),
        user_id: Number(v.user),
        proposal_ids: chosen,
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('budget_ballots')
        .values(rows.slice(i, i + 500))
        .execute();
    return rows.length;
  };

  const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
  const first = await budget(`${year}年上半年微实事`, '200000', 'approval', [-330, -310, -295, -290, -280, -30], FIRST);
  const cast = await vote(first, 70);
  const result = await selectionOf(trx, { street_id: streetId, id: first.id, amount: first.amount });
  await trx
    .updateTable('budgets')
    .set({ result: JSON.stringify(result), selected_at: new Date(Date.now() - 279 * 86_400_000) })
    .where('street_id', '=', streetId)
    .where('id', '=', first.id)
    .execute();
  for (const r of result.rows.filter((x) => x.selected)) {
    const cost = Number(r.cost);
    for (const [n, [title, at]] of (
      [
        ['签订施工合同', -250],
        ['开工', -220],
        ['完工验收', -120],
      ] as const
    ).entries())
      await trx
        .insertInto('budget_milestones')
        .values({
          street_id: streetId,
          proposal_id: r.id,
          title,
          note: n === 2 ? '居民代表参与验收' : '',
          done_on: day(at),
          by_user: secretary,
        })
        .execute();
    for (const [item, share, at, voucher] of [
      ['预付款（合同价30%）', 0.3, -240, 'FP-A'],
      ['进度款', 0.4, -160, 'FP-B'],
      ['验收后结算', 0.25, -110, 'FP-C'],
    ] as const)
      await trx
        .insertInto('budget_spending')
        .values({
          street_id: streetId,
          proposal_id: r.id,
          item,
          payee: '福州市鼓楼区某建设工程有限公司',
          amount: (Math.round(cost * share * 100) / 100).toFixed(2),
          paid_on: day(at),
          voucher: `${voucher}-${r.id}`,
          by_user: secretary,
        })
        .execute();
  }
  const second = await budget(`${year}年下半年微实事`, '150000', 'knapsack', [-40, -25, -12, -3, 7, 180], SECOND);
  await vote(second, 45);
  await budget(`${year + 1}年微实事`, '200000', 'approval', [-5, 20, 30, 35, 45, 220], THIRD);
  return cast;
}
