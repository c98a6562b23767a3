import { sql } from 'kysely';
import type { Db, Executor } from '../../../core/db.js';
import { communityAccount, holderAccount, post, reverse } from '../ledger.js';
import { volunteeringSettingsOf } from '../settings.js';
import { earn } from './points.js';

const BANKED = 'banked_hours';

/**
 * 时间银行: confirmed hours banked as minutes of service, up to the person's cap (what would pass the cap is not
 * banked; the note says so). Once per source record, like points. Nothing when the street keeps no time bank.
 */
export async function bankHours(
  trx: Executor,
  o: { streetId: string; community: string; userId: number; hours: number; sourceId: string; note: string },
) {
  const s = await volunteeringSettingsOf(trx, o.streetId);
  if (!s.timeBank) return null;
  const holder = await holderAccount(trx, o.streetId, o.community, o.userId, 'minutes');
  const room = s.timeBankCapHours * 60 - Number(holder.balance);
  const minutes = Math.min(Math.round(o.hours * 60), Math.max(0, room));
  if (minutes <= 0) return null;
  const capped = minutes < Math.round(o.hours * 60);
  return earn(trx, {
    ...o,
    unit: 'minutes',
    points: minutes,
    source: { kind: BANKED, id: o.sourceId },
    note: capped ? `${o.note}（已达存储上限 ${s.timeBankCapHours} 小时）` : o.note,
  });
}

/** A corrected record's banked time: the standing deposit reversed (the corrected hours are banked anew). */
export async function unbankRecord(trx: Executor, streetId: string, recordId: number, note: string, actor: number) {
  const standing = await trx
    .selectFrom('points_transactions as t')
    .select('t.id')
    .where('t.street_id', '=', streetId)
    .where('t.kind', '=', 'earn')
    .where('t.source_kind', '=', BANKED)
    .where((eb) => eb.or([eb('t.source_id', '=', String(recordId)), eb('t.source_id', 'like', `${recordId}#%`)]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('points_transactions as r')
            .select('r.id')
            .whereRef('r.street_id', '=', 't.street_id')
            .whereRef('r.reverses_id', '=', 't.id'),
        ),
      ),
    )
    .execute();
  for (const t of standing) await reverse(trx, streetId, t.id, note, actor);
}

/**
 * 年末清零 (when the street has chosen it): what each person held at the year's end (and still holds — points spent
 * since are gone already) moves to the community's expiry account, once per account and year (the request key),
 * each in its own transaction with the account locked.
 */
export async function expireYear(db: Db, streetId: string, year: number) {
  const cutoff = sql<Date>`make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'Asia/Shanghai')`;
  const holders = await db
    .selectFrom('points_accounts')
    .select(['id', 'community_code'])
    .where('street_id', '=', streetId)
    .where('kind', '=', 'holder')
    .where('unit', '=', 'points')
    .where('balance', '>', 0)
    .where('created_at', '<', cutoff)
    .execute();
  let expired = 0;
  for (const h of holders)
    await db.transaction().execute(async (trx) => {
      const now = await trx
        .selectFrom('points_accounts')
        .select('balance')
        .where('street_id', '=', streetId)
        .where('id', '=', h.id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const then = await trx
        .selectFrom('points_entries as e')
        .innerJoin('points_transactions as t', (j) =>
          j.onRef('t.street_id', '=', 'e.street_id').onRef('t.id', '=', 'e.transaction_id'),
        )
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('e.amount'), eb.lit(0)).as('n'))
        .where('e.street_id', '=', streetId)
        .where('e.account_id', '=', h.id)
        .where('t.created_at', '<', cutoff)
        .executeTakeFirstOrThrow();
      const amount = Math.min(Number(now.balance), Number(then.n));
      if (amount <= 0) return;
      const expiry = await communityAccount(trx, streetId, h.community_code, 'expiry');
      const posted = await post(trx, {
        streetId,
        kind: 'expire',
        idempotencyKey: `expire-${year}-${h.id}`,
        note: `${year} 年末积分清零`,
        actorId: null,
        entries: [
          { accountId: h.id, amount: -amount },
          { accountId: expiry, amount },
        ],
      });
      if (!posted.replayed) expired++;
    });
  return expired;
}

/** The job: in January, last year's points expire in every street that has chosen it. */
export async function expireLastYear(db: Db, now = new Date()) {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  if (local.getUTCMonth() !== 0) return 0;
  const streets = await db.selectFrom('points_accounts').select('street_id').distinct().execute();
  let n = 0;
  for (const { street_id } of streets)
    if ((await volunteeringSettingsOf(db, street_id)).expireAtYearEnd)
      n += await expireYear(db, street_id, local.getUTCFullYear() - 1);
  return n;
}
