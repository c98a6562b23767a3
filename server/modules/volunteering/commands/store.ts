import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { goodsInput, redeemInput } from '../../../../contracts/volunteering.js';
import { requireActor, streetsOfActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { communityAccount, holderAccount, post } from '../ledger.js';
import { volunteeringSettingsOf } from '../settings.js';

/** A community of a street, as a target for the rules (404 otherwise). */
export async function communityOf(db: Executor, code: string) {
  const c = await placeOf(db, code);
  if (!c.streetId || c.code.length !== 12) throw notFound({ zh: '社区', en: 'Community' });
  return { ...c, streetId: c.streetId };
}

/** 积分超市: a good with its point price and stock. */
export const addGoods = command({
  action: 'volunteering.manage',
  input: goodsInput,
  async run({ trx, actor, input: g, audit }) {
    const c = await communityOf(trx, g.community);
    authorize(actor, 'volunteering.manage', c);
    if (g.unit === 'minutes' && !(await volunteeringSettingsOf(trx, c.streetId)).timeBank)
      throw invalid('unit', '本街道未开通时间银行，不能按时长标价', 'The street keeps no time bank');
    const row = await trx
      .insertInto('store_goods')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        name: g.name,
        price: g.price,
        stock: g.stock,
        unit: g.unit,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'store_goods', objectId: row.id, detail: { stock: g.stock } });
    return { id: row.id };
  },
});

async function redemptionOf(db: Executor, streetId: string, transactionId: number) {
  return db
    .selectFrom('redemptions')
    .select(['id', 'pickup_code', 'points', 'state', 'user_id'])
    .where('street_id', '=', streetId)
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
}

/**
 * 兑换: the points and the stock reserved in one transaction, with a pickup code. The good's row is locked
 * first, then the accounts (ledger order), so racing redemptions queue: none takes stock or points that are
 * not there. A repeated idempotency key answers the first redemption and moves nothing.
 */
export const redeem = command({
  action: 'volunteering.redeem',
  input: redeemInput.extend({ street: z.string().regex(/^\d{9}$/) }),
  async run({ trx, actor: who, input: r, audit }) {
    const actor = requireActor(who);
    const earlier = await trx
      .selectFrom('points_transactions')
      .select('id')
      .where('street_id', '=', r.street)
      .where('idempotency_key', '=', r.idempotencyKey)
      .executeTakeFirst();
    if (earlier) return { ...(await answer(trx, r.street, earlier.id, actor.userId)), replayed: true };
    const g = await trx
      .selectFrom('store_goods')
      .select(['id', 'community_code', 'name', 'price', 'stock', 'unit', 'active'])
      .where('street_id', '=', r.street)
      .where('id', '=', r.goodsId)
      .forUpdate()
      .executeTakeFirst();
    if (!g || !g.active) throw notFound({ zh: '商品', en: 'Good' });
    if (g.stock < r.quantity)
      throw new AppError('conflict', {
        zh: g.stock === 0 ? `“${g.name}”已兑完` : `“${g.name}”库存不足，仅剩 ${g.stock} 件`,
        en: g.stock === 0 ? 'Out of stock' : `Only ${g.stock} left`,
      });
    const points = g.price * r.quantity;
    // a service of the time bank is paid in banked minutes, never points (and never cash)
    const mine = await holderAccount(trx, r.street, g.community_code, actor.userId, g.unit);
    const store = await communityAccount(trx, r.street, g.community_code, 'store', g.unit);
    const posted = await post(trx, {
      streetId: r.street,
      kind: 'redeem',
      idempotencyKey: r.idempotencyKey,
      note: g.unit === 'minutes' ? `时间银行兑换服务 ${g.name} × ${r.quantity}` : `兑换 ${g.name} × ${r.quantity}`,
      actorId: actor.userId,
      entries: [
        { accountId: mine.id, amount: -points },
        { accountId: store, amount: points },
      ],
    });
    if (posted.replayed)
      return { ...(await answer(trx, r.street, posted.transactionId, actor.userId)), replayed: true };
    await trx
      .updateTable('store_goods')
      .set((eb) => ({ stock: eb('stock', '-', r.quantity) }))
      .where('street_id', '=', r.street)
      .where('id', '=', g.id)
      .execute();
    const { pickupDays } = await volunteeringSettingsOf(trx, r.street);
    const row = await trx
      .insertInto('redemptions')
      .values({
        street_id: r.street,
        goods_id: g.id,
        user_id: actor.userId,
        quantity: r.quantity,
        points,
        pickup_code: String(randomInt(100_000, 1_000_000)),
        transaction_id: posted.transactionId,
        expires_at: new Date(Date.now() + pickupDays * 86_400_000),
      })
      .returning(['id', 'pickup_code'])
      .executeTakeFirstOrThrow();
    await audit({ streetId: r.street, objectType: 'redemption', objectId: row.id, detail: { points } });
    return { id: row.id, pickupCode: row.pickup_code, points, replayed: false };
  },
});

/** The first answer to a repeated key — only to whoever redeemed (another's key is not a way to their pickup code). */
async function answer(db: Executor, streetId: string, transactionId: number, userId: number) {
  const r = await redemptionOf(db, streetId, transactionId);
  if (!r || r.user_id !== userId)
    throw new AppError('conflict', { zh: '请求编号已被使用，请重试', en: 'This request key is taken: try again' });
  return { id: r.id, pickupCode: r.pickup_code, points: Number(r.points) };
}

async function reservedOf(db: Executor, actor: Actor, id: number) {
  const r = await db
    .selectFrom('redemptions as r')
    .innerJoin('store_goods as g', (j) => j.onRef('g.street_id', '=', 'r.street_id').onRef('g.id', '=', 'r.goods_id'))
    .select([
      'r.street_id',
      'r.id',
      'r.user_id',
      'r.state',
      'r.quantity',
      'r.points',
      'r.goods_id',
      'r.transaction_id',
      'g.community_code',
    ])
    .where('r.street_id', 'in', [...streetsOfActor(actor), ''])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '兑换记录', en: 'Redemption' });
  return r;
}

/** The community worker hands the good over: the pickup code must match. */
export const confirmPickup = command({
  action: 'volunteering.manage',
  input: z.object({ id: z.number().int().positive(), pickupCode: z.string().regex(/^\d{6}$/) }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const r = await reservedOf(trx, actor, input.id);
    authorize(actor, 'volunteering.manage', await communityOf(trx, r.community_code));
    const done = await trx
      .updateTable('redemptions')
      .set({ state: 'picked_up', done_at: new Date(), done_by: actor.userId })
      .where('street_id', '=', r.street_id)
      .where('id', '=', r.id)
      .where('state', '=', 'reserved')
      .where('pickup_code', '=', input.pickupCode)
      .returning('id')
      .executeTakeFirst();
    if (!done)
      throw r.state === 'reserved'
        ? invalid('pickupCode', '取货码不正确', 'Wrong pickup code')
        : new AppError('conflict', { zh: '该兑换已领取或已取消', en: 'Picked up or cancelled already' });
    await audit({ streetId: r.street_id, objectType: 'redemption', objectId: r.id, detail: { pickedUp: true } });
    return { ok: true as const };
  },
});

/** Cancels a reserved redemption: the points back to the holder, the stock back on the shelf. */
export async function cancelReserved(
  trx: Executor,
  streetId: string,
  id: number,
  actorId: number | null,
  note: string,
) {
  const r = await trx
    .updateTable('redemptions')
    .set({ state: 'cancelled', done_at: new Date(), done_by: actorId })
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .where('state', '=', 'reserved')
    .returning(['goods_id', 'quantity', 'transaction_id'])
    .executeTakeFirst();
  if (!r) return false;
  const entries = await trx
    .selectFrom('points_entries')
    .select(['account_id', 'amount'])
    .where('street_id', '=', streetId)
    .where('transaction_id', '=', r.transaction_id)
    .execute();
  await post(trx, {
    streetId,
    kind: 'return',
    note,
    actorId,
    entries: entries.map((e) => ({ accountId: e.account_id, amount: -Number(e.amount) })),
  });
  await trx
    .updateTable('store_goods')
    .set((eb) => ({ stock: eb('stock', '+', r.quantity) }))
    .where('street_id', '=', streetId)
    .where('id', '=', r.goods_id)
    .execute();
  return true;
}

/** The one who redeemed (or the community's staff) cancels before pickup. */
export const cancelRedemption = command({
  action: 'volunteering.redeem',
  input: z.object({ id: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const r = await reservedOf(trx, actor, input.id);
    if (r.user_id !== actor.userId) authorize(actor, 'volunteering.manage', await communityOf(trx, r.community_code));
    if (!(await cancelReserved(trx, r.street_id, r.id, actor.userId, '取消兑换，积分退回')))
      throw new AppError('conflict', { zh: '该兑换已领取或已取消', en: 'Picked up or cancelled already' });
    await audit({ streetId: r.street_id, objectType: 'redemption', objectId: r.id, detail: { cancelled: true } });
    return { ok: true as const };
  },
});
