import { sql, type Kysely } from 'kysely';

/**
 * 考核评议 (module `assessment`): a street's yearly target tables (items with points and rules, some filled from the
 * system's figures), the subjects scored, raters assigned per quarter and subject with their kind, and the sheets
 * they hand in. A sheet of an anonymous table carries no rater and no time — only its kind — so no query can trace
 * a score back to a person; the assignment only records that it was scored.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assessment_tables (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      year integer NOT NULL CHECK (year BETWEEN 2020 AND 2100),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      subject_kind text NOT NULL DEFAULT 'community' CHECK (subject_kind IN ('community')),
      anonymous boolean NOT NULL,
      drop_extremes boolean NOT NULL,
      weights jsonb NOT NULL,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, year, title)
    )`.execute(db);
  await sql`
    CREATE TABLE assessment_items (
      street_id text NOT NULL,
      table_id bigint NOT NULL,
      no integer NOT NULL CHECK (no > 0),
      title text NOT NULL,
      points numeric(6, 2) NOT NULL CHECK (points > 0),
      rule text NOT NULL,
      source text,
      target numeric(12, 2) CHECK (target > 0),
      PRIMARY KEY (street_id, table_id, no),
      FOREIGN KEY (street_id, table_id) REFERENCES assessment_tables (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE assessment_subjects (
      street_id text NOT NULL,
      table_id bigint NOT NULL,
      code text NOT NULL REFERENCES regions (code),
      PRIMARY KEY (street_id, table_id, code),
      FOREIGN KEY (street_id, table_id) REFERENCES assessment_tables (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE assessment_raters (
      street_id text NOT NULL,
      table_id bigint NOT NULL,
      quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      user_id bigint NOT NULL REFERENCES users (id),
      subject_code text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('street_leader', 'agency', 'member_rep', 'resident_rep')),
      scored boolean NOT NULL DEFAULT false,
      PRIMARY KEY (street_id, table_id, quarter, user_id, subject_code),
      FOREIGN KEY (street_id, table_id, subject_code) REFERENCES assessment_subjects (street_id, table_id, code)
    )`.execute(db);
  await sql`
    CREATE TABLE assessment_sheets (
      street_id text NOT NULL,
      id text NOT NULL,
      table_id bigint NOT NULL,
      quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
      subject_code text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('street_leader', 'agency', 'member_rep', 'resident_rep')),
      rater_id bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, table_id, subject_code) REFERENCES assessment_subjects (street_id, table_id, code)
    )`.execute(db);
  await sql`CREATE INDEX assessment_sheets_idx ON assessment_sheets (street_id, table_id, quarter)`.execute(db);
  await sql`
    CREATE TABLE assessment_scores (
      street_id text NOT NULL,
      sheet_id text NOT NULL,
      table_id bigint NOT NULL,
      no integer NOT NULL,
      score numeric(6, 2) NOT NULL CHECK (score >= 0),
      PRIMARY KEY (street_id, sheet_id, no),
      FOREIGN KEY (street_id, sheet_id) REFERENCES assessment_sheets (street_id, id),
      FOREIGN KEY (street_id, table_id, no) REFERENCES assessment_items (street_id, table_id, no)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'assessment_scores',
    'assessment_sheets',
    'assessment_raters',
    'assessment_subjects',
    'assessment_items',
    'assessment_tables',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
