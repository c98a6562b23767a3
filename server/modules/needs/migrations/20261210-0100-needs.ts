import { sql, type Kysely } from 'kysely';

/**
 * 需求对接 (module `needs`): the three lists — resources offered by units, organisations, teams and
 * members (`resources`), needs from visits, cases, surveys, residents and staff (`needs`, one per
 * source record), projects that match one to the other (`need_projects`) — and micro-wishes
 * (`wishes`). Street-owned, keyed on (street_id, …) for Citus.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE resources (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text REFERENCES regions (code),
      kind text NOT NULL CHECK (kind IN ('venue', 'service', 'goods', 'fund')),
      category text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 1000),
      owner_kind text NOT NULL CHECK (owner_kind IN ('unit', 'organisation', 'team', 'member')),
      agency_id bigint,
      owner_name text CHECK (length(owner_name) BETWEEN 2 AND 40),
      address text NOT NULL DEFAULT '',
      lng double precision,
      lat double precision,
      capacity integer NOT NULL CHECK (capacity > 0),
      capacity_left integer NOT NULL CHECK (capacity_left >= 0 AND capacity_left <= capacity),
      for_whom text NOT NULL DEFAULT '',
      valid_from date NOT NULL,
      valid_to date NOT NULL CHECK (valid_to >= valid_from),
      active boolean NOT NULL DEFAULT true,
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id),
      CHECK (agency_id IS NOT NULL OR owner_name IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX resources_category ON resources (street_id, category, valid_to) WHERE active`.execute(db);
  await sql`
    CREATE TABLE needs (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      grid_path text,
      category text NOT NULL,
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 1000),
      requester_kind text NOT NULL CHECK (requester_kind IN ('resident', 'household', 'building', 'community')),
      resident_id bigint,
      household_id bigint,
      building_id bigint,
      lng double precision,
      lat double precision,
      source text NOT NULL CHECK (source IN ('visit', 'case', 'survey', 'resident', 'staff')),
      source_ref bigint,
      urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent')),
      privacy text NOT NULL CHECK (privacy IN ('public', 'community', 'private')),
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'matched', 'fallback', 'met', 'closed')),
      falls_back_at timestamptz NOT NULL,
      fallback_user_id bigint REFERENCES users (id),
      created_by bigint REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX needs_source ON needs (street_id, source, source_ref) WHERE source_ref IS NOT NULL`.execute(
    db,
  );
  await sql`CREATE INDEX needs_community ON needs (street_id, community_code, state, created_at DESC)`.execute(db);
  await sql`CREATE INDEX needs_falling ON needs (street_id, falls_back_at) WHERE state = 'open'`.execute(db);
  await sql`
    CREATE TABLE need_projects (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      need_id bigint NOT NULL,
      resource_id bigint NOT NULL,
      owner_id bigint NOT NULL REFERENCES users (id),
      starts_on date NOT NULL,
      ends_on date NOT NULL CHECK (ends_on >= starts_on),
      beneficiaries integer NOT NULL DEFAULT 1 CHECK (beneficiaries > 0),
      budget_fen bigint CHECK (budget_fen >= 0),
      note text NOT NULL DEFAULT '',
      state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'done', 'cancelled')),
      rating integer CHECK (rating BETWEEN 1 AND 5),
      rating_comment text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, need_id) REFERENCES needs (street_id, id),
      FOREIGN KEY (street_id, resource_id) REFERENCES resources (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX need_projects_resource ON need_projects (street_id, resource_id)`.execute(db);
  await sql`CREATE INDEX need_projects_need ON need_projects (street_id, need_id)`.execute(db);
  await sql`
    CREATE TABLE wishes (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      poster_id bigint NOT NULL REFERENCES users (id),
      beneficiary_kind text NOT NULL CHECK (beneficiary_kind IN ('child', 'elderly', 'hardship', 'resident')),
      shown_name text NOT NULL CHECK (length(shown_name) BETWEEN 1 AND 10),
      wish text NOT NULL CHECK (length(wish) BETWEEN 4 AND 200),
      value_yuan integer NOT NULL CHECK (value_yuan > 0),
      state text NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'open', 'claimed', 'delivered', 'confirmed', 'rejected')),
      reviewed_by bigint REFERENCES users (id),
      review_reason text NOT NULL DEFAULT '',
      claimed_by bigint REFERENCES users (id),
      claimed_at timestamptz,
      delivered_at timestamptz,
      confirmed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      CHECK ((state IN ('claimed', 'delivered', 'confirmed')) = (claimed_by IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX wishes_community ON wishes (street_id, community_code, state, created_at DESC)`.execute(db);
  await sql`CREATE INDEX wishes_claimed ON wishes (street_id, claimed_at) WHERE state = 'claimed'`.execute(db);
  // the delivery photo, taken over from the cases' upload (metadata stripped)
  await sql`
    CREATE TABLE wish_photos (
      street_id text NOT NULL REFERENCES regions (code),
      id text NOT NULL,
      wish_id bigint NOT NULL,
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
      data bytea NOT NULL,
      thumb bytea NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, wish_id) REFERENCES wishes (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['wish_photos', 'wishes', 'need_projects', 'needs', 'resources'])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
