import { visitSettingsSchema } from '../../../../contracts/visits.js';
import { DEMO_COMMUNITY } from '../../../core/demo.js';
import { prng } from '../../../core/prng.js';
import type { Seed } from '../../../core/seed.js';
import { localDate } from '../../cases/index.js';
import { generatePlans } from '../plans.js';
import { recountVisitorMonths, refreshHouseholds } from '../state.js';
import { seedCare } from './care.js';
import { householdFrequency, type ResidentFacts } from '../rules.js';

const NOTES = [
  '家中一切正常，老人身体尚好',
  '了解近期生活情况，无特殊诉求',
  '宣传反诈知识，发放宣传单',
  '核对家庭成员信息，已更新',
  '住户反映楼道灯偶有不亮，已记录',
  '提醒注意用电用气安全',
  '询问医保缴费情况，已讲解',
  '家中无人，电话联系确认安好',
];
const KINDS = ['home', 'home', 'home', 'home', 'phone', 'door'] as const;

/**
 * A year of 庆城社区's visits (seeds/000: each grid worker ~300 households a month, every household
 * within the year): month by month each grid's stricter households once, the yearly ones spread
 * over the months with a realistic tail not yet seen, and revisits up to the month's load — by the
 * grid's worker (the demo account in 第1网格, the community's worker elsewhere). Then every
 * household's state and this month's plans.
 */
export const visitsSeed: Seed = {
  async load({ db, keyring, streetId }) {
    const random = prng(18_001);
    const community = await db
      .selectFrom('regions')
      .select(['path'])
      .where('code', '=', DEMO_COMMUNITY)
      .executeTakeFirst();
    if (!community) return {};
    const users = new Map(
      (
        await db
          .selectFrom('users')
          .select(['id', 'username'])
          .where('username', 'in', ['gridworker', 'community'])
          .execute()
      ).map((u) => [u.username, u.id]),
    );
    const worker = users.get('gridworker');
    const staff = users.get('community') ?? worker;
    if (!worker || !staff) return {};
    const settings = visitSettingsSchema.parse({});
    const today = localDate(new Date());
    const grids = await db
      .selectFrom('regions')
      .select(['code', 'path'])
      .where('street_id', '=', streetId)
      .where('level', '=', 'grid')
      .where('path', 'like', `${community.path}%`)
      .orderBy('code')
      .execute();
    const rows: {
      street_id: string;
      household_id: number;
      grid_path: string;
      visitor_id: number;
      visited_at: Date;
      kind: (typeof KINDS)[number];
      notes: string;
    }[] = [];
    const thisMonth = Number(today.slice(5, 7));
    const year = today.slice(0, 4);
    for (const [g, grid] of grids.entries()) {
      const households = await db
        .selectFrom('households')
        .select(['id'])
        .where('street_id', '=', streetId)
        .where('grid_path', '=', grid.path)
        .where('active', '=', true)
        .orderBy('id')
        .execute();
      const residents = await db
        .selectFrom('residents')
        .select(['household_id', 'tags', 'residence_type', 'birth_date'])
        .where('street_id', '=', streetId)
        .where('grid_path', '=', grid.path)
        .where('status', '=', 'active')
        .execute();
      const facts = new Map<number, ResidentFacts[]>();
      for (const r of residents)
        if (r.household_id !== null)
          facts.set(r.household_id, [
            ...(facts.get(r.household_id) ?? []),
            { tags: r.tags, residenceType: r.residence_type, birthDate: r.birth_date },
          ]);
      const visitor = g === 0 ? worker : staff;
      const strict = households.filter((h) => householdFrequency(facts.get(h.id) ?? [], today, settings) !== 'yearly');
      const yearly = households.filter((h) => !strict.includes(h));
      // the yearly households in a shuffled order: month m visits its share, and about 4 % are left for December
      const order = [...yearly].sort(() => random() - 0.5);
      const reach = Math.floor(order.length * (thisMonth === 12 ? 0.96 : (0.96 * (thisMonth - 0.5)) / 12));
      const load = Math.min(settings.monthlyLoad, Math.round(households.length * 0.7));
      for (let m = 1; m <= thisMonth; m++) {
        const last = m === thisMonth ? Number(today.slice(8, 10)) : new Date(Date.UTC(Number(year), m, 0)).getUTCDate();
        const dayOf = () => 1 + Math.floor(random() * last);
        const planned = [
          // a few stricter households slip (overdue now)
          ...strict.filter(() => m < thisMonth || random() < 0.6).filter(() => random() < 0.95),
          ...order.slice(Math.floor((reach * (m - 1)) / thisMonth), Math.floor((reach * m) / thisMonth)),
        ];
        const revisits = Math.max(0, Math.round((load - planned.length) * (m === thisMonth ? last / 30 : 1)));
        for (let i = 0; i < revisits; i++)
          planned.push(households[Math.floor(random() * households.length)] as { id: number });
        for (const h of planned) {
          const day = String(dayOf()).padStart(2, '0');
          const hour = 8 + Math.floor(random() * 10);
          rows.push({
            street_id: streetId,
            household_id: h.id,
            grid_path: grid.path,
            visitor_id: visitor,
            visited_at: new Date(
              `${year}-${String(m).padStart(2, '0')}-${day}T${String(hour).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00+08:00`,
            ),
            kind: KINDS[Math.floor(random() * KINDS.length)] as (typeof KINDS)[number],
            notes: NOTES[Math.floor(random() * NOTES.length)] as string,
          });
        }
      }
    }
    const now = Date.now();
    const past = rows.filter((r) => r.visited_at.getTime() < now);
    for (let i = 0; i < past.length; i += 2000)
      await db
        .insertInto('visits')
        .values(past.slice(i, i + 2000))
        .execute();
    // what recording those visits one by one would have kept: the households' state, each visitor's months
    await refreshHouseholds(db, streetId, { underPath: community.path }, today);
    await recountVisitorMonths(db, streetId, community.path);
    const plans = await generatePlans(db, streetId, community.path, today.slice(0, 7));
    const care = await seedCare(db, keyring, streetId, community.path, random);
    return {
      visits: past.length,
      'visit plans': plans.plans,
      'households planned this month': plans.households,
      ...care,
    };
  },
};
