import { sql, type Kysely } from 'kysely';

/**
 * Project milestones with evidence, and the two libraries' purchased services (两库, 政府购买服务,
 * seeds/002): a purchase contracts a social organisation for deliverables with counts (each may answer a
 * need of the need library), accepted with evidence, paid in instalments each due when a share of the
 * deliverables has been accepted. `needs.met_at` dates a need met (the yearly report counts by it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE needs ADD COLUMN met_at timestamptz`.execute(db);
  await sql`UPDATE needs n SET met_at = COALESCE((SELECT max(p.done_at) FROM need_projects p
    WHERE p.street_id = n.street_id AND p.need_id = n.id), n.created_at) WHERE n.state = 'met'`.execute(db);
  await sql`
    CREATE TABLE project_milestones (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      project_id bigint NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 40),
      due_on date NOT NULL,
      done_at timestamptz,
      done_by bigint REFERENCES users (id),
      evidence text NOT NULL DEFAULT '' CHECK (length(evidence) <= 500),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, project_id) REFERENCES need_projects (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX project_milestones_project ON project_milestones (street_id, project_id)`.execute(db);
  await sql`
    CREATE TABLE purchases (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text REFERENCES regions (code),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      agency_id bigint NOT NULL,
      contract_no text NOT NULL CHECK (length(contract_no) BETWEEN 1 AND 40),
      fund_source text NOT NULL DEFAULT '' CHECK (length(fund_source) <= 40),
      signed_on date NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL CHECK (ends_on >= starts_on),
      budget_fen bigint NOT NULL CHECK (budget_fen > 0),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, contract_no),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE purchase_items (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      purchase_id bigint NOT NULL,
      need_id bigint,
      category text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 6),
      target integer NOT NULL CHECK (target > 0),
      accepted integer NOT NULL DEFAULT 0 CHECK (accepted >= 0 AND accepted <= target),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, purchase_id) REFERENCES purchases (street_id, id),
      FOREIGN KEY (street_id, need_id) REFERENCES needs (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX purchase_items_purchase ON purchase_items (street_id, purchase_id)`.execute(db);
  await sql`
    CREATE TABLE purchase_acceptances (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      purchase_id bigint NOT NULL,
      item_id bigint NOT NULL,
      count integer NOT NULL CHECK (count > 0),
      evidence text NOT NULL CHECK (length(evidence) BETWEEN 2 AND 500),
      accepted_by bigint REFERENCES users (id),
      accepted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, item_id) REFERENCES purchase_items (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX purchase_acceptances_purchase ON purchase_acceptances (street_id, purchase_id)`.execute(db);
  await sql`
    CREATE TABLE purchase_payments (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      purchase_id bigint NOT NULL,
      position integer NOT NULL,
      milestone text NOT NULL CHECK (length(milestone) BETWEEN 2 AND 30),
      amount_fen bigint NOT NULL CHECK (amount_fen > 0),
      after_share integer NOT NULL CHECK (after_share BETWEEN 0 AND 100),
      due_on date NOT NULL,
      paid_at timestamptz,
      paid_by bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, purchase_id) REFERENCES purchases (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX purchase_payments_purchase ON purchase_payments (street_id, purchase_id)`.execute(db);
  // the evidence of a milestone or an acceptance: photos taken over from the cases' upload
  await sql`
    CREATE TABLE need_evidence (
      street_id text NOT NULL REFERENCES regions (code),
      id text NOT NULL,
      milestone_id bigint,
      acceptance_id bigint,
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
      data bytea NOT NULL,
      thumb bytea NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      CHECK ((milestone_id IS NULL) <> (acceptance_id IS NULL)),
      FOREIGN KEY (street_id, milestone_id) REFERENCES project_milestones (street_id, id),
      FOREIGN KEY (street_id, acceptance_id) REFERENCES purchase_acceptances (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'need_evidence',
    'purchase_payments',
    'purchase_acceptances',
    'purchase_items',
    'purchases',
    'project_milestones',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
  await sql`ALTER TABLE needs DROP COLUMN met_at`.execute(db);
}
