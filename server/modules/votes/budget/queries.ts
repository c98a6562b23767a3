import { sql } from 'kysely';
import { budgetPhaseNames, budgetRuleNames } from '../../../../contracts/votes.js';
import type { Executor } from '../../../core/db.js';
import { maskName } from '../../../core/pii/index.js';
import { budgetOf, phaseOf, selectionOf, votesOf } from './commands.js';
import { fen, yuan } from './selection.js';

type Row = Awaited<ReturnType<typeof budgetOf>>;

const rowOf = (b: Omit<Row, 'target' | 'phase' | 'path'>, ballots: number) => {
  const phase = phaseOf(b);
  return {
    id: b.id,
    street: b.street_id,
    title: b.title,
    amount: b.amount,
    rule: b.rule,
    ruleName: b.rule === 'approval' ? `限选${b.max_choices}项（得票多者优先）` : budgetRuleNames.knapsack.zh,
    maxChoices: b.max_choices,
    phase,
    phaseName: budgetPhaseNames[phase].zh,
    dates: {
      proposalsFrom: b.proposals_from,
      proposalsTo: b.proposals_to,
      reviewTo: b.review_to,
      votingFrom: b.voting_from,
      votingTo: b.voting_to,
      deliveryTo: b.delivery_to,
    },
    ballots,
  };
};

/** A community's budgets, newest first, with their phase and ballots cast. */
export async function budgetsOf(db: Executor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('budgets as b')
    .selectAll('b')
    .select((eb) =>
      eb
        .selectFrom('budget_ballots as x')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('x.street_id', '=', 'b.street_id')
        .whereRef('x.budget_id', '=', 'b.id')
        .as('ballots'),
    )
    .where('b.street_id', '=', streetId)
    .where('b.community_code', '=', community)
    .orderBy('b.voting_to', 'desc')
    .limit(50)
    .execute();
  return rows.map((b) => rowOf(b, Number(b.ballots ?? 0)));
}

/**
 * A budget as anyone of the community sees it: the proposals with the review's decisions and reasons, votes once
 * voting has ended (never while it runs), the selection with its rule, each selected project's milestones and
 * spending, and the accounts — allocated, spent and unspent adding up to the budget.
 */
export async function budgetDetail(db: Executor, b: Row, userId: number | null) {
  const proposals = await db
    .selectFrom('budget_proposals as p')
    .leftJoin('users as u', 'u.id', 'p.proposer_id')
    .select([
      'p.id',
      'p.title',
      'p.detail',
      'p.place',
      'p.cost',
      'p.state',
      'p.reason',
      'p.merged_into',
      'p.organisation',
      'p.proposer_id',
      'u.display_name',
    ])
    .where('p.street_id', '=', b.street_id)
    .where('p.budget_id', '=', b.id)
    .orderBy('p.id')
    .execute();
  const ids = proposals.map((p) => p.id);
  const milestones = ids.length
    ? await db
        .selectFrom('budget_milestones')
        .select(['id', 'proposal_id', 'title', 'note', 'done_on', sql<boolean>`photo IS NOT NULL`.as('photo')])
        .where('street_id', '=', b.street_id)
        .where('proposal_id', 'in', ids)
        .orderBy('done_on')
        .execute()
    : [];
  const spending = ids.length
    ? await db
        .selectFrom('budget_spending')
        .select(['proposal_id', 'item', 'payee', 'amount', 'paid_on', 'voucher'])
        .where('street_id', '=', b.street_id)
        .where('proposal_id', 'in', ids)
        .orderBy('paid_on')
        .execute()
    : [];
  const counted = b.phase !== 'upcoming' && b.phase !== 'proposals' && b.phase !== 'review' && b.phase !== 'voting';
  const votes = counted ? await votesOf(db, b.street_id, b.id) : null;
  const selection = b.result ?? (b.phase === 'selection' ? await selectionOf(db, b) : null);
  const ballots = await db
    .selectFrom('budget_ballots')
    .select(['user_id', 'proposal_ids'])
    .where('street_id', '=', b.street_id)
    .where('budget_id', '=', b.id)
    .execute();
  const mine = userId === null ? undefined : ballots.find((x) => Number(x.user_id) === userId);
  const chosen = new Set((b.result?.rows ?? []).filter((r) => r.selected).map((r) => r.id));
  const allocated = proposals.filter((p) => chosen.has(p.id)).reduce((a, p) => a + fen(p.cost), 0);
  const spent = spending.reduce((a, s) => a + fen(s.amount), 0);
  return {
    ...rowOf(b, ballots.length),
    proposals: proposals.map((p) => {
      const own = spending.filter((s) => s.proposal_id === p.id);
      return {
        id: p.id,
        title: p.title,
        detail: p.detail,
        place: p.place,
        cost: p.cost,
        by: p.organisation ?? maskName(p.display_name ?? '居民'),
        state: p.state,
        reason: p.reason,
        mergedInto: p.merged_into,
        votes: votes ? (votes.get(p.id) ?? 0) : null,
        selected: b.result ? chosen.has(p.id) : null,
        mine: userId !== null && p.proposer_id === userId,
        spent: yuan(own.reduce((a, s) => a + fen(s.amount), 0)),
        milestones: milestones
          .filter((m) => m.proposal_id === p.id)
          .map((m) => ({ id: m.id, title: m.title, note: m.note, doneOn: m.done_on, photo: Boolean(m.photo) })),
        spending: own.map((s) => ({
          item: s.item,
          payee: s.payee,
          amount: s.amount,
          paidOn: s.paid_on,
          voucher: s.voucher,
        })),
      };
    }),
    myBallot: mine ? mine.proposal_ids.map(Number) : null,
    selection,
    accounts: { allocated: yuan(allocated), spent: yuan(spent), unspent: yuan(fen(b.amount) - spent) },
  };
}
