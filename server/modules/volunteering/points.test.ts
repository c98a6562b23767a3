import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_STREET } from '../../core/demo.js';
import { earn } from './commands/points.js';
import { expireRedemptions } from './jobs.js';
import { checkLedger } from './ledger.js';

let demo: DemoApp;
let community: Client;
let volunteer: Client;
let resident: Client;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  demo = await demoApp();
  community = await signedIn(demo.app, 'community');
  volunteer = await signedIn(demo.app, 'volunteer');
  resident = await signedIn(demo.app, '13800000001');
});
afterAll(() => demo.close());

const key = () => `k${Math.random().toString(36).slice(2, 14)}`;
const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;
const balanceOf = async (c: Client) => (await c.get('/api/points/me')).json<{ balance: number }>().balance;
async function goods(name: string, price: number, stock: number) {
  const r = await community.post('/api/store/goods', { community: DEMO_COMMUNITY, name, price, stock });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: number }>().id;
}
const stockOf = async (id: number) =>
  (await demo.database.db.selectFrom('store_goods').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
    .stock;
const redeem = (c: Client, goodsId: number, idempotencyKey = key(), quantity = 1) =>
  c.post('/api/store/redeem', { street: DEMO_STREET, goodsId, quantity, idempotencyKey });
const award = (userId: number, points: number, idempotencyKey = key()) =>
  community.post('/api/points/award', { community: DEMO_COMMUNITY, userId, points, note: '测试奖励', idempotencyKey });

describe('the points ledger and the store', () => {
  it('awards once per key, redeems with a pickup code, hands over only with the right code', async () => {
    const k = key();
    const first = await award(resident.me.user.id, 100, k);
    expect(first.statusCode, first.body).toBe(201);
    const before = await balanceOf(resident);
    const again = await award(resident.me.user.id, 100, k);
    expect(again.json()).toEqual({ id: first.json<{ id: number }>().id, replayed: true });
    expect(await balanceOf(resident)).toBe(before);

    const soap = await goods('测试肥皂', 30, 5);
    const rk = key();
    const r = await redeem(resident, soap, rk, 2);
    expect(r.statusCode, r.body).toBe(201);
    const got = r.json<{ id: number; pickupCode: string; points: number }>();
    expect(got.points).toBe(60);
    expect(await balanceOf(resident)).toBe(before - 60);
    expect(await stockOf(soap)).toBe(3);
    // the same press of the button again: the first answer, nothing moved
    const repeat = await redeem(resident, soap, rk, 2);
    expect(repeat.json()).toMatchObject({ id: got.id, pickupCode: got.pickupCode, replayed: true });
    // someone else's key is no way to their pickup code
    const stolen = await redeem(volunteer, soap, rk, 2);
    expect(stolen.statusCode).toBe(409);
    expect(stolen.body).not.toContain(got.pickupCode);
    expect(await balanceOf(resident)).toBe(before - 60);
    expect(await stockOf(soap)).toBe(3);

    const wrong = await community.post(`/api/store/redemptions/${got.id}/pickup`, {
      pickupCode: got.pickupCode === '111111' ? '222222' : '111111',
    });
    expect(wrong.statusCode).toBe(400);
    expect(message(wrong)).toMatch(/取货码不正确/);
    expect(
      (await community.post(`/api/store/redemptions/${got.id}/pickup`, { pickupCode: got.pickupCode })).statusCode,
    ).toBe(200);
    expect(
      (await community.post(`/api/store/redemptions/${got.id}/pickup`, { pickupCode: got.pickupCode })).statusCode,
    ).toBe(409);
    const mine = (await resident.get('/api/store/redemptions/mine')).json<{ items: { id: number; state: string }[] }>();
    expect(mine.items.find((x) => x.id === got.id)?.state).toBe('picked_up');
    expect((await checkLedger(demo.database.db)).ok).toBe(true);
  });

  it('refuses more points than the balance and more goods than the stock in words, writing nothing', async () => {
    const rice = await goods('测试大米', 90_000, 2);
    const txBefore = (await checkLedger(demo.database.db)).transactions;
    const poor = await redeem(volunteer, rice);
    expect(poor.statusCode).toBe(409);
    expect(message(poor)).toBe('积分余额不足');
    expect(await stockOf(rice)).toBe(2);
    expect((await checkLedger(demo.database.db)).transactions).toBe(txBefore);
    const cheap = await goods('测试纸巾', 1, 1);
    const many = await redeem(volunteer, cheap, key(), 2);
    expect(many.statusCode).toBe(409);
    expect(message(many)).toMatch(/库存不足，仅剩 1 件/);
  });

  it('cancelling (or not picking up in time) returns the points and the stock; a correction reverses once', async () => {
    await award(volunteer.me.user.id, 50);
    const before = await balanceOf(volunteer);
    const towel = await goods('测试毛巾', 20, 4);
    const a = (await redeem(volunteer, towel)).json<{ id: number }>();
    expect((await volunteer.post(`/api/store/redemptions/${a.id}/cancel`)).statusCode).toBe(200);
    expect(await balanceOf(volunteer)).toBe(before);
    expect(await stockOf(towel)).toBe(4);
    const b = (await redeem(volunteer, towel)).json<{ id: number }>();
    expect(await expireRedemptions(demo.database.db, new Date(Date.now() + 60 * 86_400_000))).toBeGreaterThanOrEqual(1);
    const expired = await demo.database.db
      .selectFrom('redemptions')
      .select('state')
      .where('id', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(expired.state).toBe('cancelled');
    expect(await balanceOf(volunteer)).toBe(before);
    expect(await stockOf(towel)).toBe(4);

    const t = (await award(volunteer.me.user.id, 7)).json<{ id: number }>();
    const rev = await community.post(`/api/points/transactions/${t.id}/reverse`, {
      street: DEMO_STREET,
      note: '重复奖励，冲正',
    });
    expect(rev.statusCode, rev.body).toBe(201);
    expect(await balanceOf(volunteer)).toBe(before);
    const twice = await community.post(`/api/points/transactions/${t.id}/reverse`, {
      street: DEMO_STREET,
      note: '再次冲正',
    });
    expect(twice.statusCode).toBe(409);
    const ofReversal = await community.post(`/api/points/transactions/${rev.json<{ id: number }>().id}/reverse`, {
      street: DEMO_STREET,
      note: '冲正的冲正',
    });
    expect(ofReversal.statusCode).toBe(400);
    // the history shows every movement with its kind, never an edit
    const history = (await volunteer.get('/api/points/me')).json<{ entries: { kind: string; amount: number }[] }>();
    expect(history.entries.slice(0, 2).map((e) => [e.kind, e.amount])).toEqual([
      ['冲正', -7],
      ['社区奖励', 7],
    ]);
  });

  it('earns points once per source record however often it is asked', async () => {
    const once = () =>
      demo.database.db.transaction().execute((trx) =>
        earn(trx, {
          streetId: DEMO_STREET,
          community: DEMO_COMMUNITY,
          userId: volunteer.me.user.id,
          points: 30,
          source: { kind: 'service_hours', id: 'test-1' },
          note: '服务 3 小时',
        }),
      );
    const before = await balanceOf(volunteer);
    const a = await once();
    const b = await once();
    expect(b).toEqual({ transactionId: a.transactionId, replayed: true });
    expect(await balanceOf(volunteer)).toBe(before + 30);
  });

  it('the check finds a balance that does not match its entries', async () => {
    expect((await checkLedger(demo.database.db)).ok).toBe(true);
    const a = await demo.database.db
      .selectFrom('points_accounts')
      .select(['street_id', 'id'])
      .where('kind', '=', 'holder')
      .executeTakeFirstOrThrow();
    await sql`UPDATE points_accounts SET balance = balance + 1 WHERE street_id = ${a.street_id} AND id = ${a.id}`.execute(
      demo.database.db,
    );
    const bad = await checkLedger(demo.database.db);
    expect(bad.ok).toBe(false);
    expect(bad.drift.map((d) => d.id)).toEqual([a.id]);
    await sql`UPDATE points_accounts SET balance = balance - 1 WHERE street_id = ${a.street_id} AND id = ${a.id}`.execute(
      demo.database.db,
    );
  });

  it.runIf(onPostgres)(
    'racing redemptions on PostgreSQL: exactly as many succeed as points and stock cover',
    async () => {
      // one account racing itself: 100 points, a good of 30 → three of twelve succeed
      const u = await signedIn(demo.app, 'partymember');
      const start = await balanceOf(u);
      await award(u.me.user.id, 100 - start > 0 ? 100 - start : 1);
      const balance = await balanceOf(u);
      const pens = await goods('测试钢笔', 30, 100);
      const results = await Promise.all(Array.from({ length: 12 }, () => redeem(u, pens)));
      const won = results.filter((r) => r.statusCode === 201).length;
      expect(won).toBe(Math.floor(balance / 30));
      expect(results.filter((r) => r.statusCode !== 201).every((r) => r.statusCode === 409)).toBe(true);
      expect(await balanceOf(u)).toBe(balance - 30 * won);
      expect(await stockOf(pens)).toBe(100 - won);
      // the last item: two people with points enough, eight requests → one wins
      await award(resident.me.user.id, 500);
      await award(volunteer.me.user.id, 500);
      const last = await goods('测试最后一件', 10, 1);
      const race = await Promise.all(Array.from({ length: 8 }, (_, i) => redeem(i % 2 ? resident : volunteer, last)));
      expect(race.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(await stockOf(last)).toBe(0);
      expect((await checkLedger(demo.database.db)).ok).toBe(true);
    },
  );
});
