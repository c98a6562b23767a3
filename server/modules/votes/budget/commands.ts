import { z } from 'zod';
import {
  budgetBallotInput,
  budgetInput,
  budgetPhaseNames,
  proposalInput,
  reviewInput,
  type BudgetPhase,
} from '../../../../contracts/votes.js';
import { requireActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { residentsOfAccount } from '../queries.js';
import { fen, selectProjects, yuan } from './selection.js';

export const id = z.number().int().positive();
/** Today in Beijing, YYYY-MM-DD. */
export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

type Dates = {
  proposals_from: string;
  proposals_to: string;
  review_to: string;
  voting_from: string;
  voting_to: string;
  delivery_to: string;
  selected_at: Date | null;
};
/** Where a budget stands on a day, by its dates (and whether its selection is fixed). */
export function phaseOf(b: Dates, on = today()): BudgetPhase {
  if (on < b.proposals_from) return 'upcoming';
  if (on <= b.proposals_to) return 'proposals';
  if (on < b.voting_from) return 'review';
  if (on <= b.voting_to) return 'voting';
  if (!b.selected_at) return 'selection';
  return on <= b.delivery_to ? 'delivery' : 'accounts';
}

export async function budgetOf(db: Executor, streetId: string, budgetId: number, lock = false) {
  const b = await db
    .selectFrom('budgets as b')
    .innerJoin('regions as c', 'c.code', 'b.community_code')
    .selectAll('b')
    .select('c.path')
    .where('b.street_id', '=', streetId)
    .where('b.id', '=', budgetId)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!b) throw notFound({ zh: '微实事预算', en: 'Budget' });
  return { ...b, phase: phaseOf(b), target: { regionPath: b.path, streetId: b.street_id } };
}
type Budget = Awaited<ReturnType<typeof budgetOf>>;

const needPhase = (b: Budget, ...phases: BudgetPhase[]) => {
  if (!phases.includes(b.phase))
    throw new AppError('conflict', {
      zh: `现在是“${budgetPhaseNames[b.phase].zh}”阶段，不能${phases.map((p) => budgetPhaseNames[p].zh).join('或')}阶段的操作`,
      en: `The budget is in its ${budgetPhaseNames[b.phase].en} phase`,
    });
};

/** The registry's resident of the budget's community that the account is (matched by its phone), else refused. */
async function residentIn(db: Executor, actor: Actor, b: Budget) {
  const mine = await residentsOfAccount(db, actor.userId, b.street_id);
  const r = mine.length
    ? await db
        .selectFrom('residents')
        .select('id')
        .where('street_id', '=', b.street_id)
        .where(
          'id',
          'in',
          mine.map((m) => m.id),
        )
        .where('status', '=', 'active')
        .where('grid_path', 'like', `%/${b.community_code}/%`)
        .executeTakeFirst()
    : undefined;
  if (!r)
    throw new AppError('forbidden', {
      zh: '只有本社区登记在册的居民可以参与（按手机号与居民登记核对）',
      en: 'For the community’s registered residents',
    });
  return Number(r.id);
}

/** 微实事: a community's budget for a year, its rule and the dates of its phases. */
export const createBudget = command({
  action: 'votes.manage',
  input: budgetInput,
  async run({ trx, actor: who, input: b, audit }) {
    const actor = requireActor(who);
    const c = await placeOf(trx, b.community);
    if (!c.streetId || c.code.length !== 12) throw notFound({ zh: '社区', en: 'Community' });
    authorize(actor, 'votes.manage', { regionPath: c.regionPath, streetId: c.streetId });
    const row = await trx
      .insertInto('budgets')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        title: b.title,
        amount: b.amount,
        rule: b.rule,
        max_choices: b.rule === 'approval' ? b.maxChoices : null,
        proposals_from: b.proposalsFrom,
        proposals_to: b.proposalsTo,
        review_to: b.reviewTo,
        voting_from: b.votingFrom,
        voting_to: b.votingTo,
        delivery_to: b.deliveryTo,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: c.streetId, objectType: 'budget', objectId: row.id, detail: { amount: b.amount } });
    return { id: row.id };
  },
});

/** 提出项目: a resident of the community (or an organisation, by the staff) proposes a project within the budget. */
export const propose = command({
  action: 'votes.cast',
  input: proposalInput.extend({ budgetId: id }),
  async run({ trx, actor: who, input: p, audit }) {
    const actor = requireActor(who);
    const b = await budgetOf(trx, p.street, p.budgetId);
    needPhase(b, 'proposals');
    if (p.organisation) authorize(actor, 'votes.manage', b.target);
    else await residentIn(trx, actor, b);
    if (fen(p.cost) > fen(b.amount))
      throw invalid('cost', `项目预算超过了本期微实事总预算 ${b.amount} 元`, 'Over the whole budget');
    const row = await trx
      .insertInto('budget_proposals')
      .values({
        street_id: b.street_id,
        budget_id: b.id,
        title: p.title,
        detail: p.detail,
        place: p.place,
        cost: p.cost,
        proposer_id: actor.userId,
        organisation: p.organisation,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: b.street_id, objectType: 'budget', objectId: b.id, detail: { proposal: row.id } });
    return { id: row.id };
  },
});

/** 可行性审查: accept, merge into another (public reason) or reject (public reason). */
export const review = command({
  action: 'votes.manage',
  input: reviewInput.extend({ budgetId: id, proposalId: id }),
  async run({ trx, actor: who, input: r, audit }) {
    const actor = requireActor(who);
    const b = await budgetOf(trx, r.street, r.budgetId);
    authorize(actor, 'votes.manage', b.target);
    needPhase(b, 'proposals', 'review');
    if (r.decision !== 'accepted' && r.reason.length < 2)
      throw invalid('reason', '合并或不予采纳须写明理由（将公开）', 'A reason, made public');
    const inBudget = (pid: number) =>
      trx
        .selectFrom('budget_proposals')
        .select(['id', 'state'])
        .where('street_id', '=', b.street_id)
        .where('budget_id', '=', b.id)
        .where('id', '=', pid)
        .executeTakeFirst();
    if (!(await inBudget(r.proposalId))) throw notFound({ zh: '项目', en: 'Proposal' });
    if (r.decision === 'merged') {
      const into = r.mergeInto === null ? undefined : await inBudget(r.mergeInto);
      if (!into || into.state !== 'accepted' || r.mergeInto === r.proposalId)
        throw invalid('mergeInto', '请选择本期已采纳的另一个项目合并', 'Another accepted proposal');
    }
    await trx
      .updateTable('budget_proposals')
      .set({
        state: r.decision,
        reason: r.reason || null,
        merged_into: r.decision === 'merged' ? r.mergeInto : null,
        reviewed_by: actor.userId,
        reviewed_at: new Date(),
      })
      .where('street_id', '=', b.street_id)
      .where('id', '=', r.proposalId)
      .execute();
    await audit({ streetId: b.street_id, objectType: 'budget', objectId: b.id, detail: { review: r } });
    return { ok: true as const };
  },
});

/** 投票: one ballot per resident — up to K accepted projects (approval), or any whose costs fit the budget (knapsack). */
export const castBudgetBallot = command({
  action: 'votes.cast',
  input: budgetBallotInput.extend({ budgetId: id }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const b = await budgetOf(trx, input.street, input.budgetId);
    needPhase(b, 'voting');
    const resident = await residentIn(trx, actor, b);
    const ids = [...new Set(input.proposalIds)];
    if (ids.length !== input.proposalIds.length) throw invalid('proposalIds', '同一项目只能选一次', 'Each once');
    const picked = await trx
      .selectFrom('budget_proposals')
      .select(['id', 'cost'])
      .where('street_id', '=', b.street_id)
      .where('budget_id', '=', b.id)
      .where('state', '=', 'accepted')
      .where('id', 'in', ids)
      .execute();
    if (picked.length !== ids.length)
      throw invalid('proposalIds', '只能选择本期经审查采纳的项目', 'Accepted proposals of this budget only');
    if (b.rule === 'approval' && ids.length > (b.max_choices ?? 0))
      throw invalid('proposalIds', `每人最多选 ${b.max_choices} 个项目`, `At most ${b.max_choices}`);
    const total = picked.reduce((a, p) => a + fen(p.cost), 0);
    if (b.rule === 'knapsack' && total > fen(b.amount))
      throw invalid(
        'proposalIds',
        `所选项目合计 ${yuan(total)} 元，超过了预算 ${b.amount} 元`,
        `The chosen projects cost ${yuan(total)}, over the budget`,
      );
    const row = await trx
      .insertInto('budget_ballots')
      .values({
        street_id: b.street_id,
        budget_id: b.id,
        resident_id: resident,
        user_id: actor.userId,
        proposal_ids: ids,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('resident_id')
      .executeTakeFirst();
    if (!row) throw new AppError('conflict', { zh: '您已经投过票了，每人一票', en: 'One ballot each; you voted' });
    await audit({ streetId: b.street_id, objectType: 'budget', objectId: b.id, detail: { ballot: ids.length } });
    return { ok: true as const };
  },
});

/** 确定入选项目: after the vote, the selection by the published rule, fixed once. */
export const selectBudget = command({
  action: 'votes.manage',
  input: z.object({ street: z.string().regex(/^\d{9}$/), budgetId: id }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const b = await budgetOf(trx, input.street, input.budgetId, true);
    authorize(actor, 'votes.manage', b.target);
    needPhase(b, 'selection');
    const result = await selectionOf(trx, b);
    await trx
      .updateTable('budgets')
      .set({ result: JSON.stringify(result), selected_at: new Date() })
      .where('street_id', '=', b.street_id)
      .where('id', '=', b.id)
      .execute();
    await audit({
      streetId: b.street_id,
      objectType: 'budget',
      objectId: b.id,
      detail: { selected: result.selectedTotal },
    });
    return result;
  },
});

/** The selection over the accepted proposals and the ballots cast (what the close fixes; live before it). */
export async function selectionOf(db: Executor, b: { street_id: string; id: number; amount: string }) {
  const proposals = await db
    .selectFrom('budget_proposals')
    .select(['id', 'cost'])
    .where('street_id', '=', b.street_id)
    .where('budget_id', '=', b.id)
    .where('state', '=', 'accepted')
    .execute();
  const votes = await votesOf(db, b.street_id, b.id);
  return selectProjects(
    fen(b.amount),
    proposals.map((p) => ({ id: Number(p.id), cost: fen(p.cost), votes: votes.get(Number(p.id)) ?? 0 })),
  );
}

export async function votesOf(db: Executor, streetId: string, budgetId: number) {
  const rows = await db
    .selectFrom('budget_ballots')
    .select('proposal_ids')
    .where('street_id', '=', streetId)
    .where('budget_id', '=', budgetId)
    .execute();
  const n = new Map<number, number>();
  for (const r of rows) for (const p of r.proposal_ids) n.set(Number(p), (n.get(Number(p)) ?? 0) + 1);
  return n;
}
