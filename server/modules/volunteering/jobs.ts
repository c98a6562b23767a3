import type { Executor } from '../../core/db.js';
import { cancelReserved } from './commands/store.js';

/** Redemptions not picked up in time are cancelled: the points back to the holder, the stock on the shelf. */
export async function expireRedemptions(db: Executor, now = new Date()) {
  const due = await db
    .selectFrom('redemptions')
    .select(['street_id', 'id'])
    .where('state', '=', 'reserved')
    .where('expires_at', '<', now)
    .orderBy('street_id')
    .limit(500)
    .execute();
  let n = 0;
  for (const r of due)
    if (await db.transaction().execute((trx) => cancelReserved(trx, r.street_id, r.id, null, '逾期未领取，积分退回')))
      n++;
  return n;
}
