import { sql, type Kysely } from 'kysely';

/** Handling units, accounts, sessions and role assignments. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE agencies (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      kind text NOT NULL CHECK (kind IN ('department', 'co_building_unit', 'property_company', 'social_organization')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, name)
    )`.execute(db);
  await sql`
    CREATE TABLE users (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      username text UNIQUE CHECK (username ~ '^[A-Za-z0-9_.-]{3,40}$'),
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
      phone_cipher text,
      phone_hash text UNIQUE,
      password_hash text NOT NULL,
      must_change_password boolean NOT NULL DEFAULT true,
      failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
      locked_until timestamptz,
      password_changed_at timestamptz,
      kind text NOT NULL CHECK (kind IN ('staff', 'resident')),
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (username IS NOT NULL OR phone_hash IS NOT NULL),
      CHECK ((phone_cipher IS NULL) = (phone_hash IS NULL))
    )`.execute(db);
  await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id),
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL`.execute(db);
  await sql`
    CREATE TABLE role_assignments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id),
      role text NOT NULL CHECK (role IN ('system_admin', 'security_admin', 'audit_admin', 'operator',
        'community_worker', 'community_secretary', 'grid_worker', 'grid_leader', 'grid_instructor',
        'building_leader', 'agency_handler', 'party_member', 'volunteer', 'resident')),
      region_code text REFERENCES regions (code),
      street_id text,
      agency_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (street_id, agency_id) REFERENCES agencies (street_id, id),
      CHECK (CASE
        WHEN role IN ('system_admin', 'security_admin', 'audit_admin') THEN region_code IS NULL AND agency_id IS NULL
        WHEN role = 'agency_handler' THEN agency_id IS NOT NULL AND region_code IS NULL
        ELSE region_code IS NOT NULL AND agency_id IS NULL END)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX role_assignments_unique_idx ON role_assignments
    (user_id, role, coalesce(region_code, ''), coalesce(agency_id, 0))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['role_assignments', 'sessions', 'users', 'agencies'])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
