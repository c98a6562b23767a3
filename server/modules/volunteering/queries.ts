import { redemptionStateNames, transactionKindNames } from '../../../contracts/volunteering.js';
import type { Executor } from '../../core/db.js';
import { volunteeringSettingsOf } from './settings.js';

type Kind = keyof typeof transactionKindNames;

/** An account's newest entries (keyset on the entry id), each with its transaction's kind, note and source. */
export async function entriesOf(db: Executor, streetId: string, accountId: number, before?: number, limit = 50) {
  let q = db
    .selectFrom('points_entries as e')
    .innerJoin('points_transactions as t', (j) =>
      j.onRef('t.street_id', '=', 'e.street_id').onRef('t.id', '=', 'e.transaction_id'),
    )
    .select([
      'e.id',
      'e.transaction_id',
      't.kind',
      'e.amount',
      't.note',
      't.source_kind',
      't.source_id',
      't.created_at',
    ])
    .where('e.street_id', '=', streetId)
    .where('e.account_id', '=', accountId);
  if (before !== undefined) q = q.where('e.id', '<', before);
  const rows = await q.orderBy('e.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    transactionId: r.transaction_id,
    kind: transactionKindNames[r.kind as Kind]?.zh ?? r.kind,
    amount: Number(r.amount),
    note: r.note,
    source: r.source_kind ? `${r.source_kind}:${r.source_id}` : null,
    at: r.created_at.toISOString(),
  }));
}

/** The signed-in person's balance and newest entries (their holder account in their street). */
export async function myPoints(db: Executor, streetIds: readonly string[], userId: number) {
  const accounts = await db
    .selectFrom('points_accounts')
    .select(['street_id', 'id', 'balance', 'unit'])
    .where('street_id', 'in', [...streetIds, ''])
    .where('kind', '=', 'holder')
    .where('user_id', '=', userId)
    .orderBy('balance', 'desc')
    .execute();
  const a = accounts.find((x) => x.unit === 'points');
  const street = a?.street_id ?? streetIds[0];
  const bank = street ? (await volunteeringSettingsOf(db, street)).timeBank : false;
  const banked = bank ? Number(accounts.find((x) => x.unit === 'minutes')?.balance ?? 0) : null;
  if (!a) return { accountId: null, balance: 0, bankedMinutes: banked, entries: [] };
  return {
    accountId: a.id,
    balance: Number(a.balance),
    bankedMinutes: banked,
    entries: await entriesOf(db, a.street_id, a.id),
  };
}

/** A community's accounts: its people's with their balances (highest first), and its own. */
export async function accountsOf(db: Executor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('points_accounts as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.kind', 'a.unit', 'a.balance', 'u.display_name'])
    .where('a.street_id', '=', streetId)
    .where('a.community_code', '=', community)
    .orderBy('a.balance', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    unit: r.unit,
    balance: Number(r.balance),
    holder: r.display_name,
  }));
}

export async function goodsOf(db: Executor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('store_goods')
    .select(['id', 'name', 'price', 'stock', 'unit', 'active'])
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .orderBy('price')
    .orderBy('id')
    .execute();
  return rows;
}

/** Redemptions of a community (its staff's view) or of one person, newest first. */
export async function redemptionsOf(
  db: Executor,
  where: { streetIds: readonly string[]; community?: string; userId?: number; state?: string | undefined },
) {
  let q = db
    .selectFrom('redemptions as r')
    .innerJoin('store_goods as g', (j) => j.onRef('g.street_id', '=', 'r.street_id').onRef('g.id', '=', 'r.goods_id'))
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.id',
      'g.name',
      'r.quantity',
      'r.points',
      'r.state',
      'r.pickup_code',
      'u.display_name',
      'r.expires_at',
      'r.created_at',
    ])
    .where('r.street_id', 'in', [...where.streetIds, '']);
  if (where.community) q = q.where('g.community_code', '=', where.community);
  if (where.userId !== undefined) q = q.where('r.user_id', '=', where.userId);
  if (where.state) q = q.where('r.state', '=', where.state as 'reserved');
  const rows = await q.orderBy('r.created_at', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: r.id,
    goods: r.name,
    quantity: r.quantity,
    points: Number(r.points),
    state: r.state,
    stateName: redemptionStateNames[r.state].zh,
    pickupCode: r.pickup_code,
    person: r.display_name,
    expiresAt: r.expires_at.toISOString(),
    createdAt: r.created_at.toISOString(),
  }));
}
