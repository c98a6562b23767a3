import type { NeedCategory } from '../../../../contracts/needs.js';
import { DEMO_COMMUNITY, DEMO_STREET } from '../../../core/demo.js';
import { prng } from '../../../core/prng.js';
import type { Seed } from '../../../core/seed.js';
import { seedOrders } from './orders.js';
import { seedPurchases } from './purchases.js';

/** What the street's units and teams offer (seeds/001, 002): category, kind, title, capacity a month. */
const OFFERS: [NeedCategory, 'venue' | 'service' | 'goods' | 'fund', string, number][] = [
  ['elderly.meal', 'service', '长者助餐送餐', 60],
  ['elderly.home', 'service', '上门助浴助洁', 12],
  ['elderly.company', 'service', '党员结对探访', 30],
  ['medical.clinic', 'service', '每月义诊和健康讲座', 4],
  ['child.tutoring', 'service', '四点半课堂课业辅导', 20],
  ['housing.repair', 'service', '家电水电义务维修', 15],
  ['legal', 'service', '法律咨询进社区', 4],
  ['culture', 'service', '文艺团队进社区演出', 2],
  ['venue', 'venue', '单位会议室对社区开放', 8],
  ['hardship.goods', 'goods', '米面油爱心物资', 50],
  ['hardship.fund', 'fund', '困难群众救助金', 20_000],
  ['employment', 'service', '就业岗位推荐和技能培训', 10],
];
const NEEDS: [NeedCategory, string][] = [
  ['elderly.meal', '独居老人午餐送餐'],
  ['elderly.home', '失能老人每周上门助洁'],
  ['elderly.company', '空巢老人希望有人常来看看'],
  ['medical.clinic', '老人希望定期量血压'],
  ['child.tutoring', '双职工家庭孩子放学无人辅导'],
  ['housing.repair', '老旧小区住户热水器漏水'],
  ['legal', '邻里纠纷需要法律咨询'],
  ['hardship.goods', '低保户生活物资困难'],
  ['employment', '失业人员希望找到工作'],
  ['culture', '居民希望多组织文体活动'],
];
const WISHES = [
  ['一套小学数学练习册', 40, 'child', '小明'],
  ['一个带刻度的放大镜', 35, 'elderly', '王奶奶'],
  ['一双冬天的棉鞋', 120, 'elderly', '李爷爷'],
  ['一个新书包', 90, 'child', '小雨'],
  ['一床厚棉被', 180, 'hardship', '陈阿姨'],
  ['一盒彩色画笔', 30, 'child', '乐乐'],
  ['一个电饭煲', 160, 'hardship', '张叔叔'],
  ['一台收音机', 80, 'elderly', '林奶奶'],
] as const;

/**
 * The demo street's three lists: resources from its co-building units and social organisations,
 * a year of 庆城社区's needs (most matched and met, some waiting, a few fallen back to the
 * community), their projects and ratings, and micro-wishes in every state.
 */
export const needsSeed: Seed = {
  async load({ db, streetId }) {
    if (streetId !== DEMO_STREET) return {};
    const random = prng(19_001);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    const agencies = await db
      .selectFrom('agencies')
      .select(['id', 'kind'])
      .where('street_id', '=', streetId)
      .where('kind', 'in', ['co_building_unit', 'social_organization'])
      .orderBy('id')
      .execute();
    const community = await db
      .selectFrom('regions')
      .select(['path'])
      .where('code', '=', DEMO_COMMUNITY)
      .executeTakeFirstOrThrow();
    const users = new Map(
      (
        await db
          .selectFrom('users')
          .select(['id', 'username', 'phone_hash'])
          .where('username', 'in', ['community', 'partymember', 'volunteer'])
          .execute()
      ).map((u) => [u.username, u.id]),
    );
    const staff = users.get('community');
    if (!staff || agencies.length === 0) return {};
    const year = new Date().getFullYear();
    const resources = [];
    for (const [i, [category, kind, title, capacity]] of [...OFFERS, ...OFFERS].entries()) {
      const a = agencies[i % agencies.length];
      resources.push({
        street_id: streetId,
        community_code: i % 3 === 0 ? null : DEMO_COMMUNITY,
        kind,
        category,
        title,
        owner_kind: a?.kind === 'social_organization' ? ('organisation' as const) : ('unit' as const),
        agency_id: a?.id ?? null,
        capacity,
        capacity_left: Math.max(1, Math.round(capacity * (0.3 + random() * 0.7))),
        lng: 119.29 + random() * 0.02,
        lat: 26.08 + random() * 0.02,
        valid_from: `${year}-01-01`,
        valid_to: `${year + 1}-06-30`,
        created_by: staff,
      });
    }
    const made = await db.insertInto('resources').values(resources).returning(['id', 'category']).execute();
    const homes = await db
      .selectFrom('households as hh')
      .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
      .innerJoin('buildings as b', (j) =>
        j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'),
      )
      .select(['hh.id', 'hh.grid_path', 'b.id as building', 'b.lng', 'b.lat'])
      .where('hh.street_id', '=', streetId)
      .where('hh.grid_path', 'like', `${community.path}%`)
      .where('hh.active', '=', true)
      .orderBy('hh.id')
      .limit(400)
      .execute();
    const now = Date.now();
    let needs = 0;
    let projects = 0;
    for (let k = 0; k < 120 && homes.length > 0; k++) {
      const [category, title] = pick(NEEDS);
      const home = pick(homes);
      // the first few raised this week (still waiting), the rest spread over the year
      const age = k < 6 ? k : 10 + Math.floor(random() * 330);
      const at = new Date(now - age * 86_400_000);
      // most met, some matched and running, some waiting, a few fallen back to the community
      const fate = k < 6 ? 'open' : k % 17 === 0 ? 'fallback' : age < 40 ? 'matched' : 'met';
      const n = await db
        .insertInto('needs')
        .values({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          grid_path: home.grid_path,
          category,
          title,
          requester_kind: 'household',
          household_id: home.id,
          building_id: home.building,
          lng: home.lng,
          lat: home.lat,
          source: pick(['visit', 'resident', 'staff', 'survey'] as const),
          urgency: random() < 0.15 ? 'urgent' : 'normal',
          privacy: category.startsWith('hardship') || category.startsWith('medical') ? 'private' : 'community',
          state: fate,
          met_at: fate === 'met' ? new Date(at.getTime() + 30 * 86_400_000) : null,
          falls_back_at: new Date(at.getTime() + 7 * 86_400_000),
          fallback_user_id: fate === 'fallback' ? staff : null,
          created_by: staff,
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      needs++;
      if (fate !== 'matched' && fate !== 'met') continue;
      const r = made.find((x) => x.category === category) ?? made[0];
      if (!r) continue;
      const start = new Date(at.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
      const project = await db
        .insertInto('need_projects')
        .values({
          street_id: streetId,
          need_id: n.id,
          resource_id: r.id,
          owner_id: staff,
          starts_on: start,
          ends_on: new Date(at.getTime() + 33 * 86_400_000).toISOString().slice(0, 10),
          state: fate === 'met' ? 'done' : 'active',
          rating: fate === 'met' ? (random() < 0.8 ? 5 : 4) : null,
          done_at: fate === 'met' ? new Date(at.getTime() + 30 * 86_400_000) : null,
          created_at: new Date(at.getTime() + 2 * 86_400_000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // its milestones: arranged, under way, done — with what was done; a running one's may be overdue
      const steps = ['对接落实', '服务开展', '回访评价'] as const;
      await db
        .insertInto('project_milestones')
        .values(
          steps.map((title, i) => {
            const due = at.getTime() + (5 + i * 12) * 86_400_000;
            const done = fate === 'met' || (due < now - 3 * 86_400_000 && random() < 0.7);
            return {
              street_id: streetId,
              project_id: project.id,
              title,
              due_on: new Date(due + 8 * 3_600_000).toISOString().slice(0, 10),
              done_at: done ? new Date(Math.min(due, now - 86_400_000)) : null,
              done_by: done ? staff : null,
              evidence: done ? ['已与提供方确认时间和人员', '服务记录已签字', '回访居民，表示满意'][i] : '',
            };
          }),
        )
        .execute();
      projects++;
    }
    const resident = await db
      .selectFrom('users')
      .select('id')
      .where('kind', '=', 'resident')
      .orderBy('id')
      .executeTakeFirst();
    const claimer = users.get('partymember') ?? users.get('volunteer');
    const states = ['confirmed', 'confirmed', 'confirmed', 'delivered', 'claimed', 'open', 'open', 'pending'] as const;
    for (const [i, [wish, value, kind, name]] of WISHES.entries()) {
      const state = states[i] ?? 'open';
      const claimed = ['claimed', 'delivered', 'confirmed'].includes(state);
      const at = new Date(now - (60 - i * 7) * 86_400_000);
      await db
        .insertInto('wishes')
        .values({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          poster_id: resident?.id ?? staff,
          beneficiary_kind: kind,
          shown_name: name,
          wish,
          value_yuan: value,
          state,
          reviewed_by: state === 'pending' ? null : staff,
          claimed_by: claimed ? (claimer ?? staff) : null,
          claimed_at: claimed ? new Date(at.getTime() + 2 * 86_400_000) : null,
          delivered_at: state === 'delivered' || state === 'confirmed' ? new Date(at.getTime() + 5 * 86_400_000) : null,
          confirmed_at: state === 'confirmed' ? new Date(at.getTime() + 6 * 86_400_000) : null,
          created_at: at,
        })
        .execute();
    }
    const orders = await seedOrders(
      db,
      streetId,
      { resident: resident?.id ?? staff, staff, member: claimer ?? staff },
      random,
    );
    const purchases = await seedPurchases(db, streetId, staff);
    return { resources: made.length, needs, projects, wishes: WISHES.length, orders, purchases };
  },
};
