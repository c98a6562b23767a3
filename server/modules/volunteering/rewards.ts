import type { DomainEvent } from '../../core/events.js';
import type { Trx } from '../../core/db.js';
import type { CareHelped } from '../visits/index.js';
import type { WishConfirmed } from '../needs/index.js';
import { earn } from './commands/points.js';
import { pointsRuleOf } from './settings.js';

/**
 * Points for what other modules record: a granted micro-wish (needs) and a pair-up helper's care visit (visits),
 * by the community's rule, each traceable to its source record and earned once for it (the ledger's unique source).
 */
export async function onWishConfirmed(trx: Trx, event: DomainEvent): Promise<void> {
  const w = event.payload as WishConfirmed;
  if (!event.streetId || !w.community) return;
  const points = await pointsRuleOf(trx, event.streetId, w.community, 'pointsPerWish');
  if (points > 0)
    await earn(trx, {
      streetId: event.streetId,
      community: w.community,
      userId: w.userId,
      points,
      source: { kind: 'wish', id: String(w.wishId) },
      note: '认领的微心愿已实现',
    });
}

export async function onCareHelped(trx: Trx, event: DomainEvent): Promise<void> {
  const c = event.payload as CareHelped;
  if (!event.streetId || !/^\d{12}$/.test(c.community)) return;
  const points = await pointsRuleOf(trx, event.streetId, c.community, 'pointsPerCareVisit');
  if (points > 0)
    await earn(trx, {
      streetId: event.streetId,
      community: c.community,
      userId: c.userId,
      points,
      source: { kind: 'care_checkin', id: String(c.checkinId) },
      note: '结对帮扶走访',
    });
}
