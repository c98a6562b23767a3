import { z } from 'zod';
import { awardInput } from '../../../../contracts/volunteering.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { invalid } from '../../../core/errors.js';
import { communityAccount, holderAccount, post, reverse } from '../ledger.js';
import type { PointsUnit } from '../tables.js';
import { communityOf } from './store.js';

/**
 * Points earned by a source record (an hour of confirmed service, a granted wish …): from the community's
 * issuing account to the person's, once per source however often it is asked (the ledger's unique source).
 */
export async function earn(
  trx: Executor,
  o: {
    streetId: string;
    community: string;
    userId: number;
    points: number;
    source: { kind: string; id: string };
    note: string;
    /** Minutes banked in the time bank instead of points. */
    unit?: PointsUnit;
  },
) {
  const holder = await holderAccount(trx, o.streetId, o.community, o.userId, o.unit);
  const issuing = await communityAccount(trx, o.streetId, o.community, 'issuing', o.unit);
  return post(trx, {
    streetId: o.streetId,
    kind: 'earn',
    source: o.source,
    note: o.note,
    actorId: null,
    entries: [
      { accountId: issuing, amount: -o.points },
      { accountId: holder.id, amount: o.points },
    ],
  });
}

/** 社区奖励: the community's staff award points to a person, with a reason; the key makes a repeat harmless. */
export const awardPoints = command({
  action: 'volunteering.manage',
  input: awardInput,
  async run({ trx, actor: who, input: a, audit }) {
    const actor = requireActor(who);
    const c = await communityOf(trx, a.community);
    authorize(actor, 'volunteering.manage', c);
    const user = await trx.selectFrom('users').select('id').where('id', '=', a.userId).executeTakeFirst();
    if (!user) throw invalid('userId', '没有这个用户', 'No such user');
    const holder = await holderAccount(trx, c.streetId, c.code, a.userId);
    const issuing = await communityAccount(trx, c.streetId, c.code, 'issuing');
    const posted = await post(trx, {
      streetId: c.streetId,
      kind: 'award',
      idempotencyKey: a.idempotencyKey,
      note: a.note,
      actorId: actor.userId,
      entries: [
        { accountId: issuing, amount: -a.points },
        { accountId: holder.id, amount: a.points },
      ],
    });
    if (!posted.replayed)
      await audit({
        streetId: c.streetId,
        objectType: 'points_transaction',
        objectId: posted.transactionId,
        detail: { points: a.points, userId: a.userId },
      });
    return { id: posted.transactionId, replayed: posted.replayed };
  },
});

/** A correction: the reversing transaction of one, with the reason (never an edit; once per transaction). */
export const reversePoints = command({
  action: 'volunteering.manage',
  input: z.object({
    street: z.string().regex(/^\d{9}$/),
    id: z.number().int().positive(),
    note: z.string().trim().min(2).max(200),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const t = await trx
      .selectFrom('points_entries as e')
      .innerJoin('points_accounts as a', (j) =>
        j.onRef('a.street_id', '=', 'e.street_id').onRef('a.id', '=', 'e.account_id'),
      )
      .select('a.community_code')
      .where('e.street_id', '=', input.street)
      .where('e.transaction_id', '=', input.id)
      .executeTakeFirst();
    if (!t) throw invalid('id', '没有这笔积分记录', 'No such transaction');
    authorize(actor, 'volunteering.manage', await communityOf(trx, t.community_code));
    const posted = await reverse(trx, input.street, input.id, input.note, actor.userId);
    await audit({
      streetId: input.street,
      objectType: 'points_transaction',
      objectId: input.id,
      detail: { reversedBy: posted.transactionId },
    });
    return { id: posted.transactionId };
  },
});
