import { DEMO_COMMUNITY, DEMO_STREET } from '../../core/demo.js';
import type { Seed } from '../../core/seed.js';
import { communityAccount, holderAccount, post } from './ledger.js';

/** 积分超市's shelves in 庆城社区 (seeds/004: tissues and detergent for points). */
const GOODS: [string, number, number][] = [
  ['抽纸（一提）', 30, 120],
  ['洗衣液（2kg）', 80, 60],
  ['洗洁精', 40, 80],
  ['大米（5kg）', 150, 30],
  ['食用油（1.8L）', 180, 20],
  ['牙膏牙刷套装', 50, 50],
];

/**
 * The demo's store and the points its volunteers and party members have: a year of awards for service (each
 * a balanced transaction from the community's issuing account), a few redemptions picked up.
 */
export const volunteeringSeed: Seed = {
  async load({ db, streetId }) {
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
    for (const [i, u] of [...people.map((p) => p.id), ...(resident ? [resident.id] : [])].entries()) {
      const holder = await holderAccount(db, streetId, DEMO_COMMUNITY, u);
      for (let m = 0; m < 6; m++) {
        await post(db, {
          streetId,
          kind: 'earn',
          source: { kind: 'demo_service', id: `${u}-${m}` },
          note: ['敬老院助老服务 3 小时', '社区环境整治 2 小时', '四点半课堂辅导 2 小时'][m % 3] as string,
          actorId: null,
          entries: [
            { accountId: issuing, amount: -(20 + 10 * ((i + m) % 3)) },
            { accountId: holder.id, amount: 20 + 10 * ((i + m) % 3) },
          ],
        });
        transactions++;
      }
      // one redemption picked up already
      const g = goods[i % goods.length];
      if (!g) continue;
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
    return { goods: goods.length, pointsTransactions: transactions };
  },
};
