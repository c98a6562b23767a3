import { sql, type Kysely } from 'kysely';

/**
 * Volunteers (real-name, a volunteer number, skills, teams), activities with sign-up and a waiting list, and
 * service records (《志愿服务记录与证明出具办法》): check-in and check-out at the site by the organiser's
 * rotating code, hours from them capped by the activity's length, confirmed by the organiser who recorded
 * them (corrections with a reason kept in `service_record_changes`). Where the phone was is not kept — only
 * how far from the site it was (sensitive, RULES.md), and whether that was missing or too far (flagged).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE volunteers (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      user_id bigint NOT NULL REFERENCES users (id),
      community_code text NOT NULL REFERENCES regions (code),
      volunteer_no text NOT NULL,
      skills text[] NOT NULL DEFAULT '{}',
      availability text NOT NULL DEFAULT '' CHECK (length(availability) <= 100),
      registered_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, user_id),
      UNIQUE (street_id, volunteer_no)
    )`.execute(db);
  await sql`
    CREATE TABLE volunteer_teams (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 40),
      leader_id bigint,
      party_group text NOT NULL DEFAULT '' CHECK (length(party_group) <= 40),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, name),
      FOREIGN KEY (street_id, leader_id) REFERENCES volunteers (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE team_members (
      street_id text NOT NULL REFERENCES regions (code),
      team_id bigint NOT NULL,
      volunteer_id bigint NOT NULL,
      PRIMARY KEY (street_id, team_id, volunteer_id),
      FOREIGN KEY (street_id, team_id) REFERENCES volunteer_teams (street_id, id),
      FOREIGN KEY (street_id, volunteer_id) REFERENCES volunteers (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE activities (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      team_id bigint,
      organiser_id bigint NOT NULL REFERENCES users (id),
      title text NOT NULL CHECK (length(title) BETWEEN 2 AND 60),
      detail text NOT NULL DEFAULT '' CHECK (length(detail) <= 1000),
      address text NOT NULL CHECK (length(address) BETWEEN 2 AND 100),
      lng double precision,
      lat double precision,
      radius_m integer NOT NULL DEFAULT 300 CHECK (radius_m BETWEEN 50 AND 5000),
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
      skills text[] NOT NULL DEFAULT '{}',
      checkin_secret text NOT NULL,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'cancelled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, team_id) REFERENCES volunteer_teams (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX activities_community ON activities (street_id, community_code, starts_at DESC)`.execute(db);
  await sql`
    CREATE TABLE activity_signups (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      activity_id bigint NOT NULL,
      volunteer_id bigint NOT NULL,
      state text NOT NULL CHECK (state IN ('signed', 'waiting', 'cancelled')),
      signed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, activity_id, volunteer_id),
      FOREIGN KEY (street_id, activity_id) REFERENCES activities (street_id, id),
      FOREIGN KEY (street_id, volunteer_id) REFERENCES volunteers (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE service_records (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      activity_id bigint NOT NULL,
      volunteer_id bigint NOT NULL,
      checkin_at timestamptz NOT NULL,
      checkin_distance_m integer,
      checkout_at timestamptz,
      checkout_distance_m integer,
      flagged boolean NOT NULL DEFAULT false,
      hours numeric(6, 2),
      confirmed_at timestamptz,
      confirmed_by bigint REFERENCES users (id),
      points_transaction_id bigint,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, activity_id, volunteer_id),
      FOREIGN KEY (street_id, activity_id) REFERENCES activities (street_id, id),
      FOREIGN KEY (street_id, volunteer_id) REFERENCES volunteers (street_id, id),
      CHECK (checkout_at IS NULL OR checkout_at >= checkin_at)
    )`.execute(db);
  await sql`CREATE INDEX service_records_volunteer ON service_records (street_id, volunteer_id)`.execute(db);
  await sql`
    CREATE TABLE service_record_changes (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      record_id bigint NOT NULL,
      old_hours numeric(6, 2),
      new_hours numeric(6, 2) NOT NULL,
      reason text NOT NULL CHECK (length(reason) BETWEEN 2 AND 200),
      changed_by bigint REFERENCES users (id),
      changed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, record_id) REFERENCES service_records (street_id, id)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'service_record_changes',
    'service_records',
    'activity_signups',
    'activities',
    'team_members',
    'volunteer_teams',
    'volunteers',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
