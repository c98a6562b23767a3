import { z } from 'zod';
import { milestoneInput, spendingInput } from '../../../../contracts/votes.js';
import { requireActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor, Trx } from '../../../core/db.js';
import { invalid, notFound } from '../../../core/errors.js';
import { budgetOf, id } from './commands.js';
import { fen, yuan } from './selection.js';

/** A selected project of a budget in delivery (its milestones and spending are written against it). */
async function selectedProject(trx: Trx, actor: Actor, street: string, budgetId: number, proposalId: number) {
  const b = await budgetOf(trx, street, budgetId);
  authorize(actor, 'votes.manage', b.target);
  if (!b.result?.rows.some((r) => r.id === proposalId && r.selected))
    throw invalid('proposalId', '只能记录入选项目的实施情况', 'Selected projects only');
  return b;
}

/** 实施进度: a milestone of a selected project (a photo may follow). */
export const addMilestone = command({
  action: 'votes.manage',
  input: milestoneInput.extend({ budgetId: id, proposalId: id }),
  async run({ trx, actor: who, input: m, audit }) {
    const actor = requireActor(who);
    const b = await selectedProject(trx, actor, m.street, m.budgetId, m.proposalId);
    const row = await trx
      .insertInto('budget_milestones')
      .values({
        street_id: b.street_id,
        proposal_id: m.proposalId,
        title: m.title,
        note: m.note,
        done_on: m.doneOn,
        by_user: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: b.street_id, objectType: 'budget', objectId: b.id, detail: { milestone: row.id } });
    return { id: row.id };
  },
});

/** 支出: a spending entry of a selected project; a project never spends more than it was given. */
export const addSpending = command({
  action: 'votes.manage',
  input: spendingInput.extend({ budgetId: id, proposalId: id }),
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const b = await selectedProject(trx, actor, s.street, s.budgetId, s.proposalId);
    const p = await trx
      .selectFrom('budget_proposals')
      .select(['cost', 'title'])
      .where('street_id', '=', b.street_id)
      .where('id', '=', s.proposalId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const spent = await trx
      .selectFrom('budget_spending')
      .select('amount')
      .where('street_id', '=', b.street_id)
      .where('proposal_id', '=', s.proposalId)
      .execute();
    const total = spent.reduce((a, x) => a + fen(x.amount), 0) + fen(s.amount);
    if (total > fen(p.cost))
      throw invalid(
        'amount',
        `“${p.title}”的支出合计将达 ${yuan(total)} 元，超过该项目预算 ${p.cost} 元`,
        'Over the project’s budget',
      );
    const row = await trx
      .insertInto('budget_spending')
      .values({
        street_id: b.street_id,
        proposal_id: s.proposalId,
        item: s.item,
        payee: s.payee,
        amount: s.amount,
        paid_on: s.paidOn,
        voucher: s.voucher,
        by_user: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: b.street_id, objectType: 'budget', objectId: b.id, detail: { spending: s.amount } });
    return { id: row.id };
  },
});

export const MAX_MILESTONE_PHOTO = 5 * 1024 * 1024;
/** 现场照片: the photo of a milestone (JPEG or PNG), shown on the public accounts. */
export const setMilestonePhoto = command({
  action: 'votes.manage',
  input: z.object({
    street: z.string().regex(/^\d{9}$/),
    budgetId: id,
    milestoneId: id,
    mime: z.enum(['image/jpeg', 'image/png']),
    data: z.instanceof(Buffer),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const b = await budgetOf(trx, input.street, input.budgetId);
    authorize(actor, 'votes.manage', b.target);
    if (input.data.length === 0) throw invalid('photo', '照片是空的', 'The photo is empty');
    const done = await trx
      .updateTable('budget_milestones')
      .set({ photo: input.data, photo_mime: input.mime })
      .where('street_id', '=', b.street_id)
      .where('id', '=', input.milestoneId)
      .where('proposal_id', 'in', (eb) =>
        eb
          .selectFrom('budget_proposals')
          .select('id')
          .where('street_id', '=', b.street_id)
          .where('budget_id', '=', b.id),
      )
      .executeTakeFirst();
    if (!Number(done.numUpdatedRows)) throw notFound({ zh: '实施进度', en: 'Milestone' });
    await audit({ streetId: b.street_id, objectType: 'budget', objectId: b.id, detail: { photo: input.milestoneId } });
    return { ok: true as const };
  },
});

/** A milestone's photo, for the public accounts. */
export async function milestonePhoto(db: Executor, streetId: string, budgetId: number, milestoneId: number) {
  return db
    .selectFrom('budget_milestones as m')
    .innerJoin('budget_proposals as p', (j) =>
      j.onRef('p.street_id', '=', 'm.street_id').onRef('p.id', '=', 'm.proposal_id'),
    )
    .select(['m.photo', 'm.photo_mime'])
    .where('m.street_id', '=', streetId)
    .where('p.budget_id', '=', budgetId)
    .where('m.id', '=', milestoneId)
    .executeTakeFirst();
}
