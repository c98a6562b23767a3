import { sql, type Kysely } from 'kysely';

/**
 * 双报到 of a whole unit: a co-building unit's party branch reports to a community (request →
 * the community secretary approves with a post → the branch's services, with how many members
 * took part). One open report per unit and community; turned-down ones stay as history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE party_unit_reports (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      agency_id bigint NOT NULL,
      community_code text NOT NULL REFERENCES regions (code),
      members integer NOT NULL CHECK (members BETWEEN 1 AND 1000),
      status text NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
      post_id bigint,
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
      requested_by bigint REFERENCES users (id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      decided_by bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id),
      FOREIGN KEY (street_id, post_id) REFERENCES party_posts (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX party_unit_reports_open ON party_unit_reports (street_id, agency_id, community_code)
    WHERE status IN ('requested', 'approved')`.execute(db);
  await sql`
    CREATE TABLE party_unit_services (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      report_id bigint NOT NULL,
      served_on date NOT NULL,
      people integer NOT NULL CHECK (people BETWEEN 1 AND 1000),
      hours numeric(5, 1) NOT NULL CHECK (hours > 0 AND hours <= 24),
      what text NOT NULL CHECK (length(what) BETWEEN 2 AND 200),
      recorded_by bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, report_id) REFERENCES party_unit_reports (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX party_unit_services_report ON party_unit_services (street_id, report_id, served_on)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE party_unit_services`.execute(db);
  await sql`DROP TABLE party_unit_reports`.execute(db);
}
