import type { NeedCategory } from '../../../../contracts/needs.js';
import type { Db } from '../../../core/db.js';
import { DEMO_COMMUNITY } from '../../../core/demo.js';

type Item = [NeedCategory, string, string, number, number];
/**
 * The need library's community-wide needs (seeds/002: 空巢老人居家养老, 青少年心理疏导, 残疾儿童康复训练)
 * and the purchases answering them: the street's 120,000-yuan 关护通 contract (100 homes fitted, home
 * help under way), one community contract settled, one just begun; two needs still waiting for a provider.
 */
const PURCHASES: {
  title: string;
  street: boolean;
  fund: string;
  yuan: number;
  monthsAgo: number;
  items: Item[];
  paid: number;
}[] = [
  {
    title: '独居老人“关护通”智慧养老设备安装及家政服务',
    street: true,
    fund: '自治区级政府购买服务',
    yuan: 120_000,
    monthsAgo: 7,
    items: [
      ['elderly.company', '为65周岁以上独居、孤寡老人安装关护通设备', '户', 100, 100],
      ['elderly.home', '上门家政服务', '次', 400, 262],
    ],
    paid: 2,
  },
  {
    title: '青少年心理疏导服务',
    street: false,
    fund: '街道社区服务经费',
    yuan: 30_000,
    monthsAgo: 10,
    items: [
      ['child.care', '青少年一对一心理辅导', '人次', 60, 60],
      ['child.care', '家长心理健康讲座', '场', 6, 6],
    ],
    paid: 3,
  },
  {
    title: '残疾儿童康复训练',
    street: false,
    fund: '区残联专项资金',
    yuan: 48_000,
    monthsAgo: 1,
    items: [['medical.rehab', '脑瘫、孤独症儿童康复训练', '人', 30, 8]],
    paid: 1,
  },
];
const WAITING: [NeedCategory, string][] = [
  ['culture', '社区老年大学书法绘画课程'],
  ['elderly.company', '高龄老人精神慰藉服务'],
];

export async function seedPurchases(db: Db, streetId: string, staff: number) {
  const orgs = await db
    .selectFrom('agencies')
    .select(['id'])
    .where('street_id', '=', streetId)
    .where('kind', '=', 'social_organization')
    .orderBy('id')
    .execute();
  if (orgs.length === 0) return 0;
  const now = Date.now();
  const dayOf = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
  for (const [category, title] of WAITING)
    await db
      .insertInto('needs')
      .values({
        street_id: streetId,
        community_code: DEMO_COMMUNITY,
        category,
        title,
        requester_kind: 'community',
        source: 'survey',
        privacy: 'public',
        falls_back_at: new Date(now + 5 * 86_400_000),
        created_by: staff,
        created_at: new Date(now - 20 * 86_400_000),
      })
      .execute();
  for (const [k, p] of PURCHASES.entries()) {
    const signed = now - p.monthsAgo * 30 * 86_400_000;
    const row = await db
      .insertInto('purchases')
      .values({
        street_id: streetId,
        community_code: p.street ? null : DEMO_COMMUNITY,
        title: p.title,
        agency_id: (orgs[k % orgs.length] as { id: number }).id,
        contract_no: `GZ-${dayOf(signed).slice(0, 4)}-${String(k + 1).padStart(3, '0')}`,
        fund_source: p.fund,
        signed_on: dayOf(signed),
        starts_on: dayOf(signed + 7 * 86_400_000),
        ends_on: dayOf(signed + 365 * 86_400_000),
        budget_fen: p.yuan * 100,
        created_by: staff,
        created_at: new Date(signed),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [category, title, unit, target, accepted] of p.items) {
      const met = accepted === target;
      const need = await db
        .insertInto('needs')
        .values({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          category,
          title: `需求：${title}`.slice(0, 60),
          requester_kind: 'community',
          source: 'survey',
          privacy: 'community',
          state: met ? 'met' : 'matched',
          met_at: met ? new Date(now - 14 * 86_400_000) : null,
          falls_back_at: new Date(signed),
          created_by: staff,
          created_at: new Date(signed - 30 * 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const item = await db
        .insertInto('purchase_items')
        .values({ street_id: streetId, purchase_id: row.id, need_id: need.id, category, title, unit, target, accepted })
        .returning('id')
        .executeTakeFirstOrThrow();
      // accepted in two rounds, with what the community checked
      const first = Math.ceil(accepted / 2);
      for (const [i, count] of [first, accepted - first].entries())
        if (count > 0)
          await db
            .insertInto('purchase_acceptances')
            .values({
              street_id: streetId,
              purchase_id: row.id,
              item_id: item.id,
              count,
              evidence: i === 0 ? '服务台账与居民签字单已核对' : '回访居民满意，台账照片已存档',
              accepted_by: staff,
              accepted_at: new Date(Math.min(signed + (i + 1) * 60 * 86_400_000, now - (2 - i) * 86_400_000)),
            })
            .execute();
    }
    const DUE = [7, 150, 365];
    const PAID = [10, 160, 300];
    const shares = [
      ['签约首付', 30, 0],
      ['中期付款', 40, 50],
      ['验收尾款', 30, 100],
    ] as const;
    for (const [i, [milestone, pct, after]] of shares.entries())
      await db
        .insertInto('purchase_payments')
        .values({
          street_id: streetId,
          purchase_id: row.id,
          position: i + 1,
          milestone,
          amount_fen: (p.yuan * pct) | 0,
          after_share: after,
          due_on: dayOf(signed + (DUE[i] ?? 0) * 86_400_000),
          paid_at: i < p.paid ? new Date(Math.min(signed + (PAID[i] ?? 0) * 86_400_000, now - 86_400_000)) : null,
          paid_by: i < p.paid ? staff : null,
        })
        .execute();
  }
  return PURCHASES.length;
}
