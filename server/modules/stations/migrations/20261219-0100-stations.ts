import { sql, type Kysely } from 'kysely';

/**
 * 党群服务阵地 (module `stations`): stations with their hours (jsonb, checked by hours.ts), the things they lend with
 * a stock that can never go below zero, each loan, the service catalogue (a street's items, a community's overrides),
 * appointment slots whose `booked` can never pass their capacity (the row every booking of a slot updates, so that
 * concurrent bookings queue on it), appointments, and 代办 (proxy service) with the materials handed over and back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE stations (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      region_code text NOT NULL REFERENCES regions (code),
      region_path text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('centre', 'home', 'grid_station', 'red_post', 'neighbour_hut', 'canteen',
        'after_school', 'proxy_point', 'self_service')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 120),
      lng double precision NOT NULL CHECK (lng BETWEEN -180 AND 180),
      lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
      contact_name text,
      contact_phone text,
      hours jsonb NOT NULL,
      slot_minutes integer NOT NULL DEFAULT 30 CHECK (slot_minutes IN (15, 20, 30, 60)),
      slot_capacity integer NOT NULL DEFAULT 2 CHECK (slot_capacity BETWEEN 1 AND 50),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, name)
    )`.execute(db);
  await sql`CREATE INDEX stations_place_idx ON stations (street_id, lat, lng)`.execute(db);
  await sql`
    CREATE TABLE station_facilities (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      station_id bigint NOT NULL,
      kind text NOT NULL CHECK (kind IN ('umbrella', 'first_aid', 'power_bank', 'sewing_kit', 'wheelchair', 'other')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
      stock integer NOT NULL CHECK (stock BETWEEN 0 AND 10000),
      on_loan integer NOT NULL DEFAULT 0 CHECK (on_loan >= 0 AND on_loan <= stock),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, station_id, name),
      FOREIGN KEY (street_id, station_id) REFERENCES stations (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE facility_loans (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      facility_id bigint NOT NULL,
      borrower text NOT NULL CHECK (length(borrower) BETWEEN 1 AND 30),
      user_id bigint REFERENCES users (id),
      lent_at timestamptz NOT NULL DEFAULT now(),
      lent_by bigint REFERENCES users (id),
      due_at timestamptz,
      returned_at timestamptz,
      received_by bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, facility_id) REFERENCES station_facilities (street_id, id),
      CHECK (returned_at IS NULL OR returned_at >= lent_at)
    )`.execute(db);
  await sql`CREATE INDEX facility_loans_open_idx ON facility_loans (street_id, facility_id) WHERE returned_at IS NULL`.execute(
    db,
  );
  await sql`
    CREATE TABLE service_categories (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 30),
      sort integer NOT NULL DEFAULT 0,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, name)
    )`.execute(db);
  await sql`
    CREATE TABLE service_items (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      category_id bigint NOT NULL,
      community_code text REFERENCES regions (code),
      community_key text GENERATED ALWAYS AS (coalesce(community_code, '')) STORED,
      code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_-]{1,20}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      who text NOT NULL,
      materials text[] NOT NULL DEFAULT '{}',
      channels text[] NOT NULL CHECK (cardinality(channels) > 0 AND channels <@ ARRAY['online', 'station', 'proxy']),
      time_limit text NOT NULL,
      fee text NOT NULL DEFAULT '免费',
      active boolean NOT NULL DEFAULT true,
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, community_key, code),
      FOREIGN KEY (street_id, category_id) REFERENCES service_categories (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE appointment_slots (
      street_id text NOT NULL,
      station_id bigint NOT NULL,
      starts_at timestamptz NOT NULL,
      capacity integer NOT NULL CHECK (capacity > 0),
      booked integer NOT NULL CHECK (booked >= 0 AND booked <= capacity),
      PRIMARY KEY (street_id, station_id, starts_at),
      FOREIGN KEY (street_id, station_id) REFERENCES stations (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE appointments (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      station_id bigint NOT NULL,
      item_id bigint NOT NULL,
      user_id bigint REFERENCES users (id),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      booked_by bigint REFERENCES users (id),
      starts_at timestamptz NOT NULL,
      state text NOT NULL DEFAULT 'booked' CHECK (state IN ('booked', 'checked_in', 'no_show', 'cancelled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      reminded_at timestamptz,
      done_at timestamptz,
      done_by bigint REFERENCES users (id),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, station_id, starts_at) REFERENCES appointment_slots (street_id, station_id, starts_at),
      FOREIGN KEY (street_id, item_id) REFERENCES service_items (street_id, id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX appointments_once_idx ON appointments (street_id, user_id, starts_at)
    WHERE state <> 'cancelled'`.execute(db);
  await sql`CREATE INDEX appointments_day_idx ON appointments (street_id, station_id, starts_at)`.execute(db);
  await sql`
    CREATE TABLE proxy_requests (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      station_id bigint NOT NULL,
      item_id bigint NOT NULL,
      resident text NOT NULL CHECK (length(resident) BETWEEN 1 AND 30),
      reason text NOT NULL CHECK (reason IN ('elderly', 'disabled', 'ill', 'other')),
      worker_id bigint NOT NULL REFERENCES users (id),
      state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'done', 'returned')),
      materials jsonb NOT NULL DEFAULT '[]',
      received_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      returned_at timestamptz,
      signed_by text,
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, station_id) REFERENCES stations (street_id, id),
      FOREIGN KEY (street_id, item_id) REFERENCES service_items (street_id, id),
      CHECK (state <> 'returned' OR signed_by IS NOT NULL)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'proxy_requests',
    'appointments',
    'appointment_slots',
    'service_items',
    'service_categories',
    'facility_loans',
    'station_facilities',
    'stations',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
