import { sql, type Kysely } from 'kysely';

const UNITS = `('hours', 'working_hours', 'days', 'working_days')`;

/**
 * The case loop: categories with limits, the working calendar, cases with their timeline, photos,
 * assisting units, timers, notifications, Open311 keys and units' ratings. Street-owned tables
 * are keyed on (street_id, …) for Citus. `region_path` copies the grid's (or community's) path so
 * that scope is one prefix match.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_categories (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_.-]{1,40}$'),
      parent_id bigint,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      tier text NOT NULL CHECK (tier IN ('public', 'shared', 'household')),
      sign_limit integer NOT NULL CHECK (sign_limit BETWEEN 1 AND 1000),
      sign_unit text NOT NULL CHECK (sign_unit IN ${sql.raw(UNITS)}),
      handle_limit integer NOT NULL CHECK (handle_limit BETWEEN 1 AND 1000),
      handle_unit text NOT NULL CHECK (handle_unit IN ${sql.raw(UNITS)}),
      handler_kind text NOT NULL CHECK (handler_kind IN
        ('grid', 'department', 'co_building_unit', 'property_company', 'social_organization')),
      default_agency_id bigint,
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, code),
      FOREIGN KEY (street_id, parent_id) REFERENCES case_categories (street_id, id),
      FOREIGN KEY (street_id, default_agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  // only the exceptions to Monday–Friday: statutory holidays and make-up working days (调休)
  await sql`
    CREATE TABLE work_calendar (
      street_id text NOT NULL REFERENCES regions (code),
      day date NOT NULL,
      kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
      name text NOT NULL DEFAULT '',
      PRIMARY KEY (street_id, day)
    )`.execute(db);
  await sql`
    CREATE TABLE case_settings (
      street_id text PRIMARY KEY REFERENCES regions (code),
      settings jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`
    CREATE TABLE cases (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      source text NOT NULL CHECK (source IN ('snapshot', 'hotline', 'patrol', 'visit', 'walk_in', 'device', 'open311')),
      category_id bigint NOT NULL,
      tier text NOT NULL CHECK (tier IN ('public', 'shared', 'household')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
      address text,
      lng double precision CHECK (lng BETWEEN -180 AND 180),
      lat double precision CHECK (lat BETWEEN -90 AND 90),
      grid_code text REFERENCES regions (code),
      community_code text REFERENCES regions (code),
      region_path text NOT NULL,
      level text NOT NULL DEFAULT 'grid' CHECK (level IN ('grid', 'community', 'street', 'district')),
      submitter_key text NOT NULL,
      client_request_id text,
      reporter_user_id bigint REFERENCES users (id),
      reporter_name text,
      reporter_phone_cipher text,
      reporter_phone_hash text,
      anonymous boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN
        ('reported', 'registered', 'rejected', 'merged', 'dispatched', 'handling', 'parked', 'handled', 'closed')),
      agency_id bigint,
      merged_into bigint,
      supervision text NOT NULL DEFAULT 'none' CHECK (supervision IN ('none', 'normal', 'yellow', 'red')),
      pending_request text CHECK (pending_request IN ('extension', 'park')),
      pending_days integer,
      registered_at timestamptz,
      dispatched_at timestamptz,
      signed_at timestamptz,
      contacted_at timestamptz,
      handled_at timestamptz,
      closed_at timestamptz,
      parked_at timestamptz,
      sign_due_at timestamptz,
      handle_started_at timestamptz,
      handle_due_at timestamptz,
      reworks integer NOT NULL DEFAULT 0 CHECK (reworks >= 0),
      returns integer NOT NULL DEFAULT 0 CHECK (returns >= 0),
      extensions integer NOT NULL DEFAULT 0 CHECK (extensions >= 0),
      reopens integer NOT NULL DEFAULT 0 CHECK (reopens >= 0),
      result text,
      rating text CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
      solved boolean,
      rated_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, category_id) REFERENCES case_categories (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id),
      FOREIGN KEY (street_id, merged_into) REFERENCES cases (street_id, id),
      CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
      CHECK (status NOT IN ('dispatched', 'handling', 'parked', 'handled') OR dispatched_at IS NOT NULL),
      CHECK (status <> 'closed' OR closed_at IS NOT NULL),
      CHECK ((rating IS NULL) = (rated_at IS NULL)),
      CHECK ((lng IS NULL) = (lat IS NULL))
    )`.execute(db);
  // a retried submission (same submitter, same client request id) finds the first case
  await sql`CREATE UNIQUE INDEX cases_client_request ON cases (street_id, submitter_key, client_request_id)
    WHERE client_request_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_region ON cases (street_id, region_path text_pattern_ops, status)`.execute(db);
  await sql`CREATE INDEX cases_status ON cases (street_id, status, created_at)`.execute(db);
  await sql`CREATE INDEX cases_agency ON cases (street_id, agency_id, status) WHERE agency_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX cases_reporter ON cases (reporter_user_id, created_at) WHERE reporter_user_id IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX cases_nearby ON cases (street_id, category_id, lat, lng)
    WHERE status IN ('reported', 'registered', 'dispatched', 'handling', 'parked', 'handled')`.execute(db);
  await sql`CREATE INDEX cases_created ON cases (street_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE case_assists (
      street_id text NOT NULL,
      case_id bigint NOT NULL,
      agency_id bigint NOT NULL,
      PRIMARY KEY (street_id, case_id, agency_id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE case_events (
      street_id text NOT NULL,
      case_id bigint NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id bigint REFERENCES users (id),
      actor_name text,
      action text NOT NULL,
      from_status text,
      to_status text,
      note text,
      photos text[] NOT NULL DEFAULT '{}',
      detail jsonb,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX case_events_case ON case_events (street_id, case_id, id)`.execute(db);
  await sql`
    CREATE TABLE case_photos (
      street_id text NOT NULL REFERENCES regions (code),
      id uuid NOT NULL,
      case_id bigint,
      uploaded_by text NOT NULL,
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
      data bytea NOT NULL,
      thumb bytea NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      lng double precision,
      lat double precision,
      taken_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX case_photos_case ON case_photos (street_id, case_id)`.execute(db);
  // one row per pending deadline event; firing marks it, so a restart neither loses nor repeats it
  await sql`
    CREATE TABLE case_timers (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      case_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sign_warning', 'sign_overdue', 'handle_warning', 'handle_overdue', 'escalate')),
      due_at timestamptz NOT NULL,
      fired_at timestamptz,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX case_timers_due ON case_timers (due_at) WHERE fired_at IS NULL`.execute(db);
  await sql`CREATE INDEX case_timers_case ON case_timers (street_id, case_id) WHERE fired_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE notifications (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id),
      street_id text,
      kind text NOT NULL,
      digest_key text NOT NULL,
      case_id bigint,
      title text NOT NULL,
      body text NOT NULL,
      count integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      pushed_at timestamptz
    )`.execute(db);
  // digest: while unread, one row per user and key gathers every further event of that kind
  await sql`CREATE UNIQUE INDEX notifications_digest ON notifications (user_id, digest_key) WHERE read_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX notifications_user ON notifications (user_id, updated_at DESC)`.execute(db);
  await sql`CREATE INDEX notifications_unpushed ON notifications (id) WHERE pushed_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE open311_keys (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      name text NOT NULL,
      key_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE agency_ratings (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      agency_id bigint NOT NULL,
      case_id bigint NOT NULL,
      rater_kind text NOT NULL CHECK (rater_kind IN ('community', 'resident')),
      rater_id bigint REFERENCES users (id),
      score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
      comment text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, case_id, rater_kind),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id),
      FOREIGN KEY (street_id, case_id) REFERENCES cases (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'agency_ratings',
    'open311_keys',
    'notifications',
    'case_timers',
    'case_photos',
    'case_events',
    'case_assists',
    'cases',
    'case_settings',
    'work_calendar',
    'case_categories',
  ])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(db);
}
