import { randomBytes } from 'node:crypto';
import { DEMO_COMMUNITY, DEMO_STREET } from '../../core/demo.js';
import type { Seed } from '../../core/seed.js';
import { residentOfVolunteer } from './commands/certificates.js';
import { communityAccount, holderAccount, post } from './ledger.js';
import { seedVolunteerCorps } from './seed-volunteers.js';

/** 积分超市's shelves in 庆城社区 (seeds/004: tissues and detergent for points). */
const GOODS: [string, number, number][] = [
  ['抽纸（一提）', 30, 120],
  ['洗衣液（2kg）', 80, 60],
  ['洗洁精', 40, 80],
  ['大米（5kg）', 150, 30],
  ['食用油（1.8L）', 180, 20],
  ['牙膏牙刷套装', 50, 50],
];

const ACTIVITIES: [string, string, number][] = [
  ['敬老院助老服务', '鼓楼区社会福利院', 3],
  ['社区环境整治', '庆城社区各小区', 2],
  ['四点半课堂辅导', '庆城社区党群服务中心', 2],
  ['文明交通劝导', '东街口路口', 2],
  ['独居老人上门探访', '庆城社区', 2],
];

/**
 * The demo's store, team, volunteers and a year of activities with confirmed hours — the points they earned (each
 * a balanced transaction from the community's issuing account), a few redemptions picked up.
 */
export const volunteeringSeed: Seed = {
  async load({ db, streetId, keyring, size }) {
    if (streetId !== DEMO_STREET) return {};
    const goods = await db
      .insertInto('store_goods')
      .values(
        GOODS.map(([name, price, stock]) => ({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          name,
          price,
          stock,
        })),
      )
      .returning(['id', 'price'])
      .execute();
    const people = await db
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', 'in', ['volunteer', 'partymember', 'gridworker'])
      .orderBy('id')
      .execute();
    const resident = await db
      .selectFrom('users')
      .select('id')
      .where('kind', '=', 'resident')
      .orderBy('id')
      .executeTakeFirst();
    const issuing = await communityAccount(db, streetId, DEMO_COMMUNITY, 'issuing');
    const store = await communityAccount(db, streetId, DEMO_COMMUNITY, 'store');
    let transactions = 0;
    const users = [...people.map((p) => p.id), ...(resident ? [resident.id] : [])];
    const volunteers: { id: number; user: number }[] = [];
    for (const u of users) {
      const v = await db
        .insertInto('volunteers')
        .values({
          street_id: streetId,
          user_id: u,
          community_code: DEMO_COMMUNITY,
          volunteer_no: `tmp-${u}`,
          skills: ['助老', '环境整治'],
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('volunteers')
        .set({ volunteer_no: `ZY${streetId}${String(v.id).padStart(6, '0')}` })
        .where('street_id', '=', streetId)
        .where('id', '=', v.id)
        .execute();
      volunteers.push({ id: v.id, user: u });
      await residentOfVolunteer(db, streetId, { id: v.id, user_id: u }); // the resident's account: by phone
    }
    const organiser = await db.selectFrom('users').select('id').where('username', '=', 'community').executeTakeFirst();
    const team = await db
      .insertInto('volunteer_teams')
      .values({
        street_id: streetId,
        community_code: DEMO_COMMUNITY,
        name: '庆城社区红马甲志愿服务队',
        leader_id: volunteers[0]?.id ?? null,
        party_group: '红马甲党小组',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // its party group is one of 庆城's in the party tree, where the party module has one
    const group = await db
      .selectFrom('party_orgs')
      .select(['id', 'name'])
      .where('street_id', '=', streetId)
      .where('level', '=', 'group')
      .where('region_path', 'like', `%/${DEMO_COMMUNITY}/%`)
      .orderBy('id')
      .executeTakeFirst();
    if (group)
      await db
        .updateTable('volunteer_teams')
        .set({ party_org_id: group.id, party_group: group.name.slice(0, 40) })
        .where('street_id', '=', streetId)
        .where('id', '=', team.id)
        .execute();
    if (volunteers.length)
      await db
        .insertInto('team_members')
        .values(volunteers.map((v) => ({ street_id: streetId, team_id: team.id, volunteer_id: v.id })))
        .execute();
    // a year of activities, twice a month: everyone signed up came, checked in and out, and was confirmed
    const now = Date.now();
    // (the tests' small street: eight of them — every test file loads it)
    for (let k = 0; k < (size.householdsPerGrid ? 8 : 26) && organiser; k++) {
      const [title, address, hours] = ACTIVITIES[k % ACTIVITIES.length] as [string, string, number];
      const day = new Date(now + (k < 2 ? (k + 3) * 86_400_000 : -(k - 1) * 14 * 86_400_000));
      const starts = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 1, 0));
      const ends = new Date(starts.getTime() + hours * 3_600_000);
      const a = await db
        .insertInto('activities')
        .values({
          street_id: streetId,
          community_code: DEMO_COMMUNITY,
          team_id: team.id,
          organiser_id: organiser.id,
          title,
          address,
          lng: 119.3,
          lat: 26.09,
          starts_at: starts,
          ends_at: ends,
          capacity: 20,
          checkin_secret: randomBytes(24).toString('base64url'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [i, v] of volunteers.entries()) {
        if ((k + i) % 4 === 3) continue;
        await db
          .insertInto('activity_signups')
          .values({ street_id: streetId, activity_id: a.id, volunteer_id: v.id, state: 'signed' })
          .execute();
        if (k < 2) continue; // upcoming
        const worked = Math.max(1, hours - ((k + i) % 2) * 0.5);
        const r = await db
          .insertInto('service_records')
          .values({
            street_id: streetId,
            activity_id: a.id,
            volunteer_id: v.id,
            checkin_at: starts,
            checkin_distance_m: 40,
            checkout_at: new Date(starts.getTime() + worked * 3_600_000),
            checkout_distance_m: 55,
            hours: worked.toFixed(2),
            confirmed_at: new Date(starts.getTime() + (worked + 20) * 3_600_000),
            confirmed_by: organiser.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const holder = await holderAccount(db, streetId, DEMO_COMMUNITY, v.user);
        const t = await post(db, {
          streetId,
          kind: 'earn',
          source: { kind: 'service_hours', id: String(r.id) },
          note: `${title} ${worked} 小时`,
          actorId: null,
          entries: [
            { accountId: issuing, amount: -Math.round(worked * 10) },
            { accountId: holder.id, amount: Math.round(worked * 10) },
          ],
        });
        await db
          .updateTable('service_records')
          .set({ points_transaction_id: t.transactionId })
          .where('street_id', '=', streetId)
          .where('id', '=', r.id)
          .execute();
        transactions++;
      }
    }
    for (const [i, u] of users.entries()) {
      const holder = await holderAccount(db, streetId, DEMO_COMMUNITY, u);
      // one redemption picked up already
      const g = goods[i % goods.length];
      if (!g || Number(holder.balance) < g.price) continue;
      const t = await post(db, {
        streetId,
        kind: 'redeem',
        note: '兑换商品',
        actorId: u,
        entries: [
          { accountId: holder.id, amount: -g.price },
          { accountId: store, amount: g.price },
        ],
      });
      await db
        .insertInto('redemptions')
        .values({
          street_id: streetId,
          goods_id: g.id,
          user_id: u,
          quantity: 1,
          points: g.price,
          state: 'picked_up',
          pickup_code: String(100_000 + i * 7_919),
          transaction_id: t.transactionId,
          expires_at: new Date(Date.now() + 7 * 86_400_000),
          done_at: new Date(),
        })
        .execute();
      await db
        .updateTable('store_goods')
        .set((eb) => ({ stock: eb('stock', '-', 1) }))
        .where('street_id', '=', streetId)
        .where('id', '=', g.id)
        .execute();
      transactions++;
    }
    // the street's corps: about a thousand (a few dozen in the tests' small street)
    const corps = organiser
      ? await seedVolunteerCorps(db, {
          streetId,
          keyring,
          // the tests' small street: a few people and a few activities (every test file loads it)
          count: size.householdsPerGrid ? 20 : 1000,
          activities: size.householdsPerGrid ? 2 : 24,
          now,
          organiserId: organiser.id,
        })
      : { volunteers: 0, records: 0 };
    // points spent too: some of 庆城's corps have taken tissues home with theirs
    const savers = await db
      .selectFrom('points_accounts as a')
      .innerJoin('volunteers as v', (j) =>
        j.onRef('v.street_id', '=', 'a.street_id').onRef('v.user_id', '=', 'a.user_id'),
      )
      .select(['a.id', 'a.user_id'])
      .where('a.street_id', '=', streetId)
      .where('a.kind', '=', 'holder')
      .where('a.community_code', '=', DEMO_COMMUNITY)
      .where('a.balance', '>=', 60)
      .where('v.resident_id', 'is not', null)
      .orderBy('a.id')
      .limit(30)
      .execute();
    const tissues = goods[0];
    for (const [i, h] of savers.entries()) {
      if (!tissues || !h.user_id) break;
      const t = await post(db, {
        streetId,
        kind: 'redeem',
        note: '兑换 抽纸（一提） × 1',
        actorId: h.user_id,
        entries: [
          { accountId: h.id, amount: -tissues.price },
          { accountId: store, amount: tissues.price },
        ],
      });
      await db
        .insertInto('redemptions')
        .values({
          street_id: streetId,
          goods_id: tissues.id,
          user_id: h.user_id,
          quantity: 1,
          points: tissues.price,
          state: 'picked_up',
          pickup_code: String(200_000 + i * 7_919),
          transaction_id: t.transactionId,
          expires_at: new Date(now + 7 * 86_400_000),
          done_at: new Date(now - i * 86_400_000),
        })
        .execute();
      await db
        .updateTable('store_goods')
        .set((eb) => ({ stock: eb('stock', '-', 1) }))
        .where('street_id', '=', streetId)
        .where('id', '=', tissues.id)
        .execute();
      transactions++;
    }
    return {
      goods: goods.length,
      pointsTransactions: transactions,
      volunteers: corps.volunteers + volunteers.length,
      serviceRecords: corps.records,
    };
  },
};
