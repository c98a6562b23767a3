import { selectionRule } from '../../../../contracts/votes.js';

/** Yuan as exact decimal text ↔ whole fen (cents), so sums and comparisons are exact. */
export function fen(yuan: string): number {
  const [whole = '0', frac = ''] = yuan.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
}
export const yuan = (f: number) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;

export type Candidate = { id: number; cost: number; votes: number };

/**
 * 入选 (docs/RULES.md "Participatory budgeting"): most votes first; a project the money left cannot pay for is
 * skipped and the next one tried (as CONSUL does); ties go to the lower cost, then the earlier proposal.
 */
export function selectProjects(amount: number, candidates: Candidate[]) {
  const order = [...candidates].sort((a, b) => b.votes - a.votes || a.cost - b.cost || a.id - b.id);
  let left = amount;
  const rows = order.map((c, i) => {
    const fits = c.cost <= left;
    if (fits) left -= c.cost;
    return {
      id: c.id,
      rank: i + 1,
      votes: c.votes,
      cost: yuan(c.cost),
      selected: fits,
      note: fits ? '入选' : `剩余预算 ${yuan(left)} 元不足，跳过`,
    };
  });
  return { rule: selectionRule, selectedTotal: yuan(amount - left), remaining: yuan(left), rows };
}
