import type { ColumnType, Generated } from 'kysely';
import type { Choice, TallyResult } from '../../../contracts/votes.js';

/** A numeric read as exact decimal text. */
type Decimal = ColumnType<string, string, string>;

export type OwnerVotesTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  estate_id: number;
  title: string;
  /** The 业主大会 of the deliberation module this vote belongs to, if any. */
  meeting_id: number | null;
  opens_at: Date;
  closes_at: Date;
  /** The estate's rule of procedure: owners who did not vote counted with the majority (off by default). */
  non_voters_with_majority: Generated<boolean>;
  state: Generated<'open' | 'closed'>;
  snapshot_at: Generated<Date>;
  /** Each item's tally, fixed when the vote closes. */
  result: ColumnType<{ no: number; title: string; tally: TallyResult }[] | null, string | null | undefined, string>;
  notice_id: number | null;
  closed_at: Date | null;
  closed_by: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
};
export type OwnerVoteItemsTable = { street_id: string; vote_id: number; no: number; matter: number; title: string };
/** One voter of the snapshot: an owner, joint owners together, or the developer (its unsold units together). */
export type OwnerVoteVotersTable = {
  street_id: string;
  vote_id: number;
  /** `r12`, `r12+r13` (joint owners), `n<house>:<name>` (an owner known by name only) or `developer`. */
  voter: string;
  /** o1, o2 … in the published ballot file; `dev` for the developer. */
  pseudonym: string;
  developer: Generated<boolean>;
  owner_names: string;
  resident_ids: ColumnType<number[], number[] | undefined, number[]>;
  /** Which of joint owners votes for them all (they name one; the first registered until they do). */
  delegate_resident_id: number | null;
};
export type OwnerVoteUnitsTable = {
  street_id: string;
  vote_id: number;
  house_id: number;
  label: string;
  area: Decimal;
  area_source: 'registered' | 'surveyed' | 'contract';
  voter: string;
};
export type OwnerVoteFilesTable = {
  street_id: string;
  id: Generated<number>;
  vote_id: number;
  name: string;
  mime: 'application/pdf' | 'image/jpeg' | 'image/png';
  size: number;
  data: Buffer;
  uploaded_by: number | null;
  uploaded_at: Generated<Date>;
};
export type OwnerBallotsTable = {
  street_id: string;
  id: Generated<number>;
  vote_id: number;
  item_no: number;
  voter: string;
  channel: 'online' | 'paper' | 'proxy';
  choice: Choice;
  /** pending: a paper entry awaiting a second person; replaced: a later one in its channel; set_aside: a conflict. */
  state: 'pending' | 'counted' | 'replaced' | 'set_aside';
  cast_by: number;
  confirmed_by: number | null;
  confirmed_at: Date | null;
  file_id: number | null;
  proxy_name: string | null;
  set_aside_reason: string | null;
  created_at: Generated<Date>;
};

declare module '../../core/tables.js' {
  interface Tables {
    owner_votes: OwnerVotesTable;
    owner_vote_items: OwnerVoteItemsTable;
    owner_vote_voters: OwnerVoteVotersTable;
    owner_vote_units: OwnerVoteUnitsTable;
    owner_vote_files: OwnerVoteFilesTable;
    owner_ballots: OwnerBallotsTable;
  }
}

export type BudgetsTable = {
  street_id: string;
  id: Generated<number>;
  community_code: string;
  title: string;
  amount: ColumnType<string, string, string>;
  rule: 'approval' | 'knapsack';
  max_choices: number | null;
  proposals_from: ColumnType<string, string, string>;
  proposals_to: ColumnType<string, string, string>;
  review_to: ColumnType<string, string, string>;
  voting_from: ColumnType<string, string, string>;
  voting_to: ColumnType<string, string, string>;
  delivery_to: ColumnType<string, string, string>;
  /** The selection as fixed after the vote (rows, the rule, totals). */
  result: ColumnType<SelectionResult | null, string | null | undefined, string>;
  selected_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
};
export type SelectionResult = {
  rule: string;
  selectedTotal: string;
  remaining: string;
  rows: { id: number; rank: number; votes: number; cost: string; selected: boolean; note: string }[];
};
export type BudgetProposalsTable = {
  street_id: string;
  id: Generated<number>;
  budget_id: number;
  title: string;
  detail: Generated<string>;
  place: string;
  cost: ColumnType<string, string, string>;
  proposer_id: number | null;
  organisation: string | null;
  state: Generated<'submitted' | 'accepted' | 'merged' | 'rejected'>;
  reason: string | null;
  merged_into: number | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  created_at: Generated<Date>;
};
export type BudgetBallotsTable = {
  street_id: string;
  budget_id: number;
  resident_id: number;
  user_id: number;
  proposal_ids: number[];
  cast_at: Generated<Date>;
};
export type BudgetMilestonesTable = {
  street_id: string;
  id: Generated<number>;
  proposal_id: number;
  title: string;
  note: Generated<string>;
  photo: Buffer | null;
  photo_mime: 'image/jpeg' | 'image/png' | null;
  done_on: ColumnType<string, string, string>;
  by_user: number | null;
};
export type BudgetSpendingTable = {
  street_id: string;
  id: Generated<number>;
  proposal_id: number;
  item: string;
  payee: string;
  amount: ColumnType<string, string, string>;
  paid_on: ColumnType<string, string, string>;
  voucher: string;
  by_user: number | null;
};

declare module '../../core/tables.js' {
  interface Tables {
    budgets: BudgetsTable;
    budget_proposals: BudgetProposalsTable;
    budget_ballots: BudgetBallotsTable;
    budget_milestones: BudgetMilestonesTable;
    budget_spending: BudgetSpendingTable;
  }
}
