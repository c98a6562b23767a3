import { sql, type Kysely } from 'kysely';

/**
 * 微实事 (participatory budgeting, module `votes`, word `budget`): a community's budget for a year with its phases
 * (proposals → review → voting → selection → delivery → public accounts), proposals by residents and organisations
 * with a cost and a place, the review's decision and reason (public), one ballot per verified resident, the selection
 * fixed with the rule that made it, and each selected project's milestones and spending.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE budgets (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      amount numeric(12, 2) NOT NULL CHECK (amount > 0),
      rule text NOT NULL CHECK (rule IN ('approval', 'knapsack')),
      max_choices integer CHECK (max_choices BETWEEN 1 AND 20),
      proposals_from date NOT NULL,
      proposals_to date NOT NULL,
      review_to date NOT NULL,
      voting_from date NOT NULL,
      voting_to date NOT NULL,
      delivery_to date NOT NULL,
      result jsonb,
      selected_at timestamptz,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      CHECK (proposals_from <= proposals_to AND proposals_to <= review_to AND review_to < voting_from
        AND voting_from <= voting_to AND voting_to <= delivery_to),
      CHECK ((rule = 'approval') = (max_choices IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX budgets_community ON budgets (street_id, community_code, voting_to)`.execute(db);
  await sql`
    CREATE TABLE budget_proposals (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      budget_id bigint NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 4 AND 60),
      detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
      place text NOT NULL CHECK (length(place) BETWEEN 2 AND 100),
      cost numeric(12, 2) NOT NULL CHECK (cost > 0),
      proposer_id bigint REFERENCES users (id),
      organisation text CHECK (length(organisation) BETWEEN 2 AND 60),
      state text NOT NULL DEFAULT 'submitted' CHECK (state IN ('submitted', 'accepted', 'merged', 'rejected')),
      reason text CHECK (length(reason) <= 300),
      merged_into bigint,
      reviewed_by bigint REFERENCES users (id),
      reviewed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, budget_id) REFERENCES budgets (street_id, id),
      FOREIGN KEY (street_id, merged_into) REFERENCES budget_proposals (street_id, id),
      CHECK ((state = 'merged') = (merged_into IS NOT NULL)),
      CHECK (state NOT IN ('merged', 'rejected') OR reason IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX budget_proposals_budget ON budget_proposals (street_id, budget_id)`.execute(db);
  await sql`
    CREATE TABLE budget_ballots (
      street_id text NOT NULL REFERENCES regions (code),
      budget_id bigint NOT NULL,
      resident_id bigint NOT NULL,
      user_id bigint NOT NULL REFERENCES users (id),
      proposal_ids bigint[] NOT NULL CHECK (cardinality(proposal_ids) >= 1),
      cast_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, budget_id, resident_id),
      FOREIGN KEY (street_id, budget_id) REFERENCES budgets (street_id, id),
      FOREIGN KEY (street_id, resident_id) REFERENCES residents (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE budget_milestones (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      proposal_id bigint NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 100),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
      photo bytea,
      photo_mime text CHECK (photo_mime IN ('image/jpeg', 'image/png')),
      done_on date NOT NULL,
      by_user bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, proposal_id) REFERENCES budget_proposals (street_id, id),
      CHECK ((photo IS NULL) = (photo_mime IS NULL))
    )`.execute(db);
  await sql`
    CREATE TABLE budget_spending (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      proposal_id bigint NOT NULL,
      item text NOT NULL CHECK (length(item) BETWEEN 2 AND 100),
      payee text NOT NULL CHECK (length(payee) BETWEEN 2 AND 60),
      amount numeric(12, 2) NOT NULL CHECK (amount > 0),
      paid_on date NOT NULL,
      voucher text NOT NULL CHECK (length(voucher) BETWEEN 1 AND 40),
      by_user bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, proposal_id) REFERENCES budget_proposals (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['budget_spending', 'budget_milestones', 'budget_ballots', 'budget_proposals', 'budgets'])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
