import type { Executor } from '../../core/db.js';
import { AppError, invalid } from '../../core/errors.js';
import type { PointsAccountKind, PointsTransactionKind, PointsUnit } from './tables.js';

export type Entry = { accountId: number; amount: number };
export type Posting = {
  streetId: string;
  kind: PointsTransactionKind;
  entries: Entry[];
  /** The record that earned the points ('service_hours', 42): an `earn` posting is made once for it. */
  source?: { kind: string; id: string };
  /** The caller's key for this request: the same key moves nothing twice and answers the first result. */
  idempotencyKey?: string;
  reverses?: number;
  note?: string;
  actorId: number | null;
};
export type Posted = { transactionId: number; replayed: boolean };

const notEnough = (unit: PointsUnit | undefined) =>
  unit === 'minutes'
    ? new AppError('conflict', { zh: '时间银行存储的时长不足', en: 'Not enough banked time' })
    : new AppError('conflict', { zh: '积分余额不足', en: 'Not enough points' });

/**
 * Posts one balanced transaction inside the caller's database transaction: the entries must sum to zero; the
 * accounts are locked in id order (two postings over the same accounts queue, never deadlock), a holder's or
 * the store's balance may not go below zero (refused in words, nothing written), and the balances move with
 * the entries. A repeated idempotency key or an `earn` for a source already earned answers the first
 * transaction and moves nothing (the unique indexes decide, also between concurrent requests).
 */
export async function post(trx: Executor, p: Posting): Promise<Posted> {
  if (p.entries.length < 2 || p.entries.some((e) => !Number.isSafeInteger(e.amount) || e.amount === 0))
    throw new AppError('internal', { zh: '记账分录无效', en: 'Invalid ledger entries' });
  if (p.entries.reduce((s, e) => s + e.amount, 0) !== 0)
    throw new AppError('internal', { zh: '记账分录借贷不平', en: 'Ledger entries do not balance' });
  const row = await trx
    .insertInto('points_transactions')
    .values({
      street_id: p.streetId,
      kind: p.kind,
      source_kind: p.source?.kind ?? null,
      source_id: p.source?.id ?? null,
      idempotency_key: p.idempotencyKey ?? null,
      reverses_id: p.reverses ?? null,
      note: p.note ?? '',
      created_by: p.actorId,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) {
    const first = await trx
      .selectFrom('points_transactions')
      .select('id')
      .where('street_id', '=', p.streetId)
      .where((eb) =>
        eb.or([
          ...(p.idempotencyKey ? [eb('idempotency_key', '=', p.idempotencyKey)] : []),
          ...(p.source && p.kind === 'earn'
            ? [
                eb.and([
                  eb('kind', '=', 'earn'),
                  eb('source_kind', '=', p.source.kind),
                  eb('source_id', '=', p.source.id),
                ]),
              ]
            : []),
          ...(p.reverses ? [eb('reverses_id', '=', p.reverses)] : []),
        ]),
      )
      .executeTakeFirst();
    if (!first) throw new AppError('conflict', { zh: '记账冲突，请重试', en: 'Ledger conflict: try again' });
    if (p.reverses && !p.idempotencyKey)
      throw new AppError('conflict', { zh: '该笔积分已冲正', en: 'This transaction is reversed already' });
    return { transactionId: first.id, replayed: true };
  }
  const ids = [...new Set(p.entries.map((e) => e.accountId))].sort((a, b) => a - b);
  const accounts = await trx
    .selectFrom('points_accounts')
    .select(['id', 'kind', 'balance', 'unit'])
    .where('street_id', '=', p.streetId)
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
  if (accounts.length !== ids.length)
    throw new AppError('internal', { zh: '积分账户不存在', en: 'No such points account' });
  if (new Set(accounts.map((a) => a.unit)).size > 1)
    throw new AppError('internal', { zh: '积分与时间不能混记一笔', en: 'Points and banked time in one transaction' });
  for (const a of accounts) {
    const change = p.entries.filter((e) => e.accountId === a.id).reduce((s, e) => s + e.amount, 0);
    if (mustStayPositive(a.kind) && Number(a.balance) + change < 0) throw notEnough(a.unit);
  }
  await trx
    .insertInto('points_entries')
    .values(
      p.entries.map((e) => ({
        street_id: p.streetId,
        transaction_id: row.id,
        account_id: e.accountId,
        amount: e.amount,
      })),
    )
    .execute();
  for (const a of accounts) {
    const change = p.entries.filter((e) => e.accountId === a.id).reduce((s, e) => s + e.amount, 0);
    if (change !== 0)
      await trx
        .updateTable('points_accounts')
        .set((eb) => ({ balance: eb('balance', '+', change) }))
        .where('street_id', '=', p.streetId)
        .where('id', '=', a.id)
        .execute();
  }
  return { transactionId: row.id, replayed: false };
}

const mustStayPositive = (kind: PointsAccountKind) => kind === 'holder' || kind === 'store';

/** A person's account in the street (made on first use, in their community): points, or banked minutes. */
export async function holderAccount(
  trx: Executor,
  streetId: string,
  community: string,
  userId: number,
  unit: PointsUnit = 'points',
) {
  await trx
    .insertInto('points_accounts')
    .values({ street_id: streetId, community_code: community, kind: 'holder', user_id: userId, unit })
    .onConflict((oc) => oc.columns(['street_id', 'user_id', 'unit']).where('kind', '=', 'holder').doNothing())
    .execute();
  return trx
    .selectFrom('points_accounts')
    .select(['id', 'balance', 'community_code'])
    .where('street_id', '=', streetId)
    .where('kind', '=', 'holder')
    .where('user_id', '=', userId)
    .where('unit', '=', unit)
    .executeTakeFirstOrThrow();
}

/** A community's issuing, store or expiry account (made on first use). */
export async function communityAccount(
  trx: Executor,
  streetId: string,
  community: string,
  kind: Exclude<PointsAccountKind, 'holder'>,
  unit: PointsUnit = 'points',
) {
  await trx
    .insertInto('points_accounts')
    .values({ street_id: streetId, community_code: community, kind, user_id: null, unit })
    .onConflict((oc) =>
      oc.columns(['street_id', 'community_code', 'kind', 'unit']).where('kind', '<>', 'holder').doNothing(),
    )
    .execute();
  const a = await trx
    .selectFrom('points_accounts')
    .select('id')
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .where('kind', '=', kind)
    .where('unit', '=', unit)
    .executeTakeFirstOrThrow();
  return a.id;
}

/** The reversing transaction of one (a correction): every entry negated, once per transaction. */
export async function reverse(trx: Executor, streetId: string, id: number, note: string, actorId: number | null) {
  const entries = await trx
    .selectFrom('points_entries as e')
    .innerJoin('points_transactions as t', (j) =>
      j.onRef('t.street_id', '=', 'e.street_id').onRef('t.id', '=', 'e.transaction_id'),
    )
    .select(['e.account_id', 'e.amount', 't.kind'])
    .where('e.street_id', '=', streetId)
    .where('e.transaction_id', '=', id)
    .execute();
  if (entries.length === 0) throw invalid('id', '没有这笔积分记录', 'No such transaction');
  if (entries[0]?.kind === 'reverse') throw invalid('id', '冲正记录不能再冲正', 'A reversal cannot be reversed');
  return post(trx, {
    streetId,
    kind: 'reverse',
    reverses: id,
    note,
    actorId,
    entries: entries.map((e) => ({ accountId: e.account_id, amount: -Number(e.amount) })),
  });
}

/** The ledger's invariants, street by street: every transaction balances, every balance is the sum of its entries, no holder below zero. */
export async function checkLedger(db: Executor) {
  const unbalanced = await db
    .selectFrom('points_entries')
    .select(['street_id', 'transaction_id'])
    .groupBy(['street_id', 'transaction_id'])
    .having((eb) => eb.fn.sum('amount'), '<>', 0)
    .execute();
  const drift = await db
    .selectFrom('points_accounts as a')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('points_entries')
          .select(['street_id', 'account_id', (x) => x.fn.sum<number>('amount').as('total')])
          .groupBy(['street_id', 'account_id'])
          .as('s'),
      (j) => j.onRef('s.street_id', '=', 'a.street_id').onRef('s.account_id', '=', 'a.id'),
    )
    .select(['a.street_id', 'a.id', 'a.balance', 's.total'])
    .where((eb) => eb(eb.fn.coalesce('s.total', eb.lit(0)), '<>', eb.ref('a.balance')))
    .execute();
  const negative = await db
    .selectFrom('points_accounts')
    .select(['street_id', 'id', 'balance'])
    .where('kind', 'in', ['holder', 'store'])
    .where('balance', '<', 0)
    .execute();
  const counts = await db
    .selectFrom('points_transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    transactions: Number(counts.n),
    unbalanced,
    drift,
    negative,
    ok: !unbalanced.length && !drift.length && !negative.length,
  };
}
