import { sql, type Kysely } from 'kysely';

/**
 * 大家的事大家议 (module `deliberation`): meetings on their schedules (a series made by a recurrence rule, each
 * meeting moved off statutory holidays by the stated rule), with invitations, attendance and minutes; topics through
 * 一征三议两公开 step by step, in order; surveys with one response per person; notices (党务公开·居务公开) with their
 * audience, schedule, pinning, read receipts and a financial table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE meeting_series (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      kind text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      rule text NOT NULL CHECK (length(rule) BETWEEN 5 AND 200),
      starts_on date NOT NULL,
      at_minute integer NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
      duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 720),
      venue text NOT NULL DEFAULT '' CHECK (length(venue) <= 100),
      remote_url text NOT NULL DEFAULT '' CHECK (length(remote_url) <= 300),
      invite jsonb NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE meetings (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      series_id bigint,
      kind text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      ruled_on date,
      moved_reason text,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      venue text NOT NULL DEFAULT '' CHECK (length(venue) <= 100),
      remote_url text NOT NULL DEFAULT '' CHECK (length(remote_url) <= 300),
      invite jsonb NOT NULL,
      invited integer NOT NULL DEFAULT 0 CHECK (invited >= 0),
      present_extra integer NOT NULL DEFAULT 0 CHECK (present_extra >= 0),
      minutes text NOT NULL DEFAULT '' CHECK (length(minutes) <= 8000),
      state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'held', 'cancelled')),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, series_id) REFERENCES meeting_series (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX meetings_community ON meetings (street_id, community_code, starts_at)`.execute(db);
  await sql`CREATE UNIQUE INDEX meetings_series_day ON meetings (street_id, series_id, ruled_on)
    WHERE series_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE meeting_attendance (
      street_id text NOT NULL REFERENCES regions (code),
      meeting_id bigint NOT NULL,
      user_id bigint NOT NULL REFERENCES users (id),
      how text NOT NULL CHECK (how IN ('checkin', 'remote', 'marked')),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, meeting_id, user_id),
      FOREIGN KEY (street_id, meeting_id) REFERENCES meetings (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE topics (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      title text NOT NULL CHECK (length(title) BETWEEN 4 AND 60),
      detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 2000),
      source text NOT NULL CHECK (source IN ('resident', 'community', 'case', 'survey')),
      proposer_id bigint REFERENCES users (id),
      case_id bigint,
      survey_id bigint,
      step text NOT NULL DEFAULT 'solicit'
        CHECK (step IN ('solicit', 'propose', 'deliberate', 'decide', 'publish_decision', 'publish_result')),
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'completed', 'withdrawn')),
      step_at timestamptz NOT NULL DEFAULT now(),
      due_at timestamptz NOT NULL,
      withdrawn_reason text,
      resolution_case_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id),
      FOREIGN KEY (street_id, resolution_case_id) REFERENCES cases (street_id, id),
      CHECK ((state = 'withdrawn') = (withdrawn_reason IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX topics_community ON topics (street_id, community_code, state, created_at DESC)`.execute(db);
  await sql`CREATE UNIQUE INDEX topics_case ON topics (street_id, case_id) WHERE case_id IS NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX topics_resolution_case ON topics (street_id, resolution_case_id)
    WHERE resolution_case_id IS NOT NULL`.execute(db);
  await sql`
    CREATE TABLE topic_supports (
      street_id text NOT NULL REFERENCES regions (code),
      topic_id bigint NOT NULL,
      user_id bigint NOT NULL REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, topic_id, user_id),
      FOREIGN KEY (street_id, topic_id) REFERENCES topics (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE topic_steps (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      topic_id bigint NOT NULL,
      step text NOT NULL CHECK (step IN ('propose', 'deliberate', 'decide', 'publish_decision', 'publish_result')),
      by_user bigint REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now(),
      meeting_id bigint,
      text text NOT NULL CHECK (length(text) BETWEEN 2 AND 4000),
      votes_for integer CHECK (votes_for >= 0),
      votes_against integer CHECK (votes_against >= 0),
      votes_abstain integer CHECK (votes_abstain >= 0),
      present integer CHECK (present >= 0),
      quorum_met boolean,
      passed boolean,
      counts boolean NOT NULL DEFAULT true,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, topic_id) REFERENCES topics (street_id, id),
      FOREIGN KEY (street_id, meeting_id) REFERENCES meetings (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX topic_steps_topic ON topic_steps (street_id, topic_id, at)`.execute(db);
  await sql`CREATE UNIQUE INDEX topic_steps_once ON topic_steps (street_id, topic_id, step) WHERE counts`.execute(db);
  await sql`
    CREATE TABLE surveys (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      intro text NOT NULL DEFAULT '' CHECK (length(intro) <= 1000),
      questions jsonb NOT NULL,
      grids text[] NOT NULL DEFAULT '{}',
      opens_at timestamptz NOT NULL,
      closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE survey_responses (
      street_id text NOT NULL REFERENCES regions (code),
      survey_id bigint NOT NULL,
      user_id bigint NOT NULL REFERENCES users (id),
      answers jsonb NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, survey_id, user_id),
      FOREIGN KEY (street_id, survey_id) REFERENCES surveys (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE notices (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      region_code text NOT NULL REFERENCES regions (code),
      building_id bigint,
      category text NOT NULL CHECK (category IN ('party', 'residents', 'finance', 'service', 'urgent')),
      audience text NOT NULL CHECK (audience IN ('public', 'staff')),
      role text,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 80),
      body text NOT NULL CHECK (length(body) BETWEEN 2 AND 8000),
      finance jsonb,
      pinned boolean NOT NULL DEFAULT false,
      publish_at timestamptz NOT NULL,
      withdraw_at timestamptz,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, building_id) REFERENCES buildings (street_id, id),
      CHECK (withdraw_at IS NULL OR withdraw_at > publish_at)
    )`.execute(db);
  await sql`CREATE INDEX notices_region ON notices (street_id, region_code, publish_at DESC)`.execute(db);
  await sql`
    CREATE TABLE notice_reads (
      street_id text NOT NULL REFERENCES regions (code),
      notice_id bigint NOT NULL,
      user_id bigint NOT NULL REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, notice_id, user_id),
      FOREIGN KEY (street_id, notice_id) REFERENCES notices (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE deliberation_files (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      owner_kind text NOT NULL CHECK (owner_kind IN ('meeting', 'step', 'notice')),
      owner_id bigint NOT NULL,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      mime text NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
      size integer NOT NULL CHECK (size > 0),
      data bytea NOT NULL,
      uploaded_by bigint REFERENCES users (id),
      uploaded_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX deliberation_files_owner ON deliberation_files (street_id, owner_kind, owner_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'deliberation_files',
    'notice_reads',
    'notices',
    'survey_responses',
    'surveys',
    'topic_steps',
    'topic_supports',
    'topics',
    'meeting_attendance',
    'meetings',
    'meeting_series',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
