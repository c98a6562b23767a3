import { sql, type Kysely } from 'kysely';

/**
 * Visits (module `visits`): each household's required frequency and when it was last seen
 * (`household_visits`, the state coverage and plans read), visit records (民情日记) with who was met,
 * the GPS point sealed and flagged when outside the grid, an offline client id, findings (a case, a
 * need, nothing needed) and the history of edits; monthly plans per grid with their households in
 * walking order. Street-owned, keyed on (street_id, …) for Citus.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE household_visits (
      street_id text NOT NULL REFERENCES regions (code),
      household_id bigint NOT NULL,
      grid_path text NOT NULL,
      frequency text NOT NULL CHECK (frequency IN ('weekly', 'monthly', 'quarterly', 'yearly')),
      last_visited_on date,
      due_on date NOT NULL,
      visits_this_year integer NOT NULL DEFAULT 0,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, household_id),
      FOREIGN KEY (street_id, household_id) REFERENCES households (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX household_visits_grid ON household_visits (street_id, grid_path text_pattern_ops, due_on)`.execute(
    db,
  );
  await sql`
    CREATE TABLE visits (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      household_id bigint NOT NULL,
      grid_path text NOT NULL,
      visitor_id bigint NOT NULL REFERENCES users (id),
      visited_at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('home', 'phone', 'video', 'door')),
      met bigint[] NOT NULL DEFAULT '{}',
      notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
      gps_cipher text,
      outside_grid boolean NOT NULL DEFAULT false,
      household_moved boolean NOT NULL DEFAULT false,
      client_id text CHECK (length(client_id) BETWEEN 8 AND 64),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, household_id) REFERENCES households (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX visits_client ON visits (street_id, visitor_id, client_id) WHERE client_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX visits_household ON visits (street_id, household_id, visited_at DESC)`.execute(db);
  await sql`CREATE INDEX visits_grid ON visits (street_id, grid_path text_pattern_ops, visited_at DESC)`.execute(db);
  await sql`
    CREATE TABLE visit_findings (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      visit_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('case', 'need', 'none')),
      need_type text CHECK (need_type IN ('elderly_care', 'medical', 'hardship', 'housing', 'employment',
        'child', 'disability', 'other')),
      what text NOT NULL DEFAULT '' CHECK (length(what) <= 500),
      case_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, visit_id) REFERENCES visits (street_id, id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id),
      CHECK ((kind = 'need') = (need_type IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX visit_findings_visit ON visit_findings (street_id, visit_id)`.execute(db);
  await sql`CREATE UNIQUE INDEX visit_findings_case ON visit_findings (street_id, case_id) WHERE case_id IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE visit_edits (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      visit_id bigint NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id bigint REFERENCES users (id),
      before jsonb NOT NULL,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, visit_id) REFERENCES visits (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE visit_plans (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      grid_code text NOT NULL REFERENCES regions (code),
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
      load integer NOT NULL,
      generated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, grid_code, month)
    )`.execute(db);
  await sql`
    CREATE TABLE visit_plan_items (
      street_id text NOT NULL REFERENCES regions (code),
      plan_id bigint NOT NULL,
      household_id bigint NOT NULL,
      position integer NOT NULL,
      due_on date NOT NULL,
      frequency text NOT NULL,
      PRIMARY KEY (street_id, plan_id, household_id),
      FOREIGN KEY (street_id, plan_id) REFERENCES visit_plans (street_id, id),
      FOREIGN KEY (street_id, household_id) REFERENCES households (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['visit_plan_items', 'visit_plans', 'visit_edits', 'visit_findings', 'visits', 'household_visits'])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
