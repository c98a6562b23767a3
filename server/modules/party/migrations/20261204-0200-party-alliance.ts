import { sql, type Kysely } from 'kysely';

/**
 * The party-building alliance (党建联盟): co-building agreements between a community and a unit with
 * their items (活动共办 / 资源共享 / 组队共建) and the progress recorded on each, and joint meetings
 * (联席会议) whose resolutions are tasks with a lead unit, assisting units, a deadline on working days
 * and, when one is opened, the case that carries them through the case loop.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE party_agreements (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      agency_id bigint NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 80),
      signed_on date NOT NULL,
      term_end date NOT NULL,
      file_name text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id),
      CHECK (term_end > signed_on)
    )`.execute(db);
  await sql`
    CREATE TABLE party_agreement_items (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      agreement_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('activity', 'resource', 'team')),
      what text NOT NULL CHECK (length(what) BETWEEN 2 AND 100),
      target numeric(10, 1) NOT NULL CHECK (target > 0),
      unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 10),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, agreement_id) REFERENCES party_agreements (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE party_agreement_progress (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      item_id bigint NOT NULL,
      done_on date NOT NULL,
      amount numeric(10, 1) NOT NULL CHECK (amount > 0),
      note text NOT NULL DEFAULT '' CHECK (length(note) <= 200),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, item_id) REFERENCES party_agreement_items (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE party_meetings (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 80),
      held_on date NOT NULL,
      attendees text NOT NULL DEFAULT '' CHECK (length(attendees) <= 500),
      minutes text NOT NULL DEFAULT '' CHECK (length(minutes) <= 4000),
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE party_resolutions (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      meeting_id bigint NOT NULL,
      what text NOT NULL CHECK (length(what) BETWEEN 2 AND 200),
      lead_agency_id bigint NOT NULL,
      assist_agency_ids bigint[] NOT NULL DEFAULT '{}',
      due_on date NOT NULL,
      done_on date,
      case_id bigint,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, meeting_id) REFERENCES party_meetings (street_id, id),
      FOREIGN KEY (street_id, lead_agency_id) REFERENCES agencies (street_id, id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX party_resolutions_case ON party_resolutions (street_id, case_id) WHERE case_id IS NOT NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'party_resolutions',
    'party_meetings',
    'party_agreement_progress',
    'party_agreement_items',
    'party_agreements',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
