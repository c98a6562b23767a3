import { sql, type Kysely } from 'kysely';

/**
 * Estates, buildings, houses, owners, households, residents and their history. Every table is
 * owned by a street and keyed on (street_id, id), ready for Citus distribution by street_id.
 * `grid_path` copies the region path of the grid (or community) a record is in: scope filters
 * are one indexed prefix match, no join.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE estates (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      property_agency_id bigint,
      owners_committee text,
      party_branch text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, community_code, name),
      FOREIGN KEY (street_id, property_agency_id) REFERENCES agencies (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE buildings (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      grid_code text REFERENCES regions (code),
      grid_path text NOT NULL,
      estate_id bigint,
      estate_key bigint GENERATED ALWAYS AS (coalesce(estate_id, 0)) STORED,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      address text,
      lng double precision CHECK (lng BETWEEN -180 AND 180),
      lat double precision CHECK (lat BETWEEN -90 AND 90),
      floors integer CHECK (floors BETWEEN 1 AND 200),
      units integer CHECK (units BETWEEN 1 AND 50),
      use text NOT NULL DEFAULT 'residential' CHECK (use IN ('residential', 'office', 'shop')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, community_code, estate_key, name),
      FOREIGN KEY (street_id, estate_id) REFERENCES estates (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX buildings_grid_idx ON buildings (street_id, grid_path text_pattern_ops)`.execute(db);
  await sql`
    CREATE TABLE houses (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      building_id bigint NOT NULL,
      unit text NOT NULL DEFAULT '' CHECK (length(unit) <= 20),
      room text NOT NULL CHECK (length(room) BETWEEN 1 AND 20),
      area numeric(10, 2) CHECK (area > 0),
      occupancy text NOT NULL DEFAULT 'owner' CHECK (occupancy IN ('owner', 'rented', 'vacant')),
      grid_path text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, building_id, unit, room),
      FOREIGN KEY (street_id, building_id) REFERENCES buildings (street_id, id)
    )`.execute(db);
  await sql`
    CREATE TABLE households (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      house_id bigint NOT NULL,
      number text NOT NULL DEFAULT '1' CHECK (length(number) BETWEEN 1 AND 20),
      grid_path text NOT NULL,
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, house_id, number),
      FOREIGN KEY (street_id, house_id) REFERENCES houses (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX households_grid_idx ON households (street_id, grid_path text_pattern_ops) WHERE active`.execute(
    db,
  );
  await sql`
    CREATE TABLE residents (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      household_id bigint,
      relation text CHECK (length(relation) <= 10),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
      id_cipher text,
      id_hash text,
      phone_cipher text,
      phone_hash text,
      sex text CHECK (sex IN ('M', 'F')),
      birth_date date,
      residence_type text NOT NULL DEFAULT 'registered' CHECK (residence_type IN ('registered', 'resident', 'floating')),
      tags text[] NOT NULL DEFAULT '{}',
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'deceased')),
      grid_path text NOT NULL,
      search tsvector NOT NULL DEFAULT ''::tsvector,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      UNIQUE (street_id, id_hash),
      CHECK ((id_cipher IS NULL) = (id_hash IS NULL)),
      CHECK ((phone_cipher IS NULL) = (phone_hash IS NULL)),
      FOREIGN KEY (street_id, household_id) REFERENCES households (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX residents_grid_idx ON residents (street_id, grid_path text_pattern_ops, id)`.execute(db);
  await sql`CREATE INDEX residents_household_idx ON residents (street_id, household_id)`.execute(db);
  await sql`CREATE INDEX residents_search_idx ON residents USING gin (search)`.execute(db);
  await sql`CREATE INDEX residents_tags_idx ON residents USING gin (tags)`.execute(db);
  await sql`CREATE INDEX residents_phone_idx ON residents (street_id, phone_hash)`.execute(db);
  await sql`
    CREATE TABLE house_owners (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      house_id bigint NOT NULL,
      resident_id bigint,
      owner_name text NOT NULL CHECK (length(owner_name) BETWEEN 1 AND 100),
      since date NOT NULL DEFAULT current_date,
      until date,
      PRIMARY KEY (street_id, id),
      CHECK (until IS NULL OR until >= since),
      FOREIGN KEY (street_id, house_id) REFERENCES houses (street_id, id),
      FOREIGN KEY (street_id, resident_id) REFERENCES residents (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX house_owners_house_idx ON house_owners (street_id, house_id) WHERE until IS NULL`.execute(db);
  await sql`
    CREATE TABLE registry_events (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id bigint,
      kind text NOT NULL,
      resident_id bigint,
      household_id bigint,
      house_id bigint,
      detail jsonb,
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX registry_events_resident_idx ON registry_events (street_id, resident_id, at)`.execute(db);
  await sql`CREATE INDEX registry_events_household_idx ON registry_events (street_id, household_id, at)`.execute(db);
  await sql`
    CREATE TABLE registry_imports (
      street_id text NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      user_id bigint,
      file_name text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('all', 'valid')),
      dry_run boolean NOT NULL DEFAULT false,
      status text NOT NULL CHECK (status IN ('running', 'done', 'rejected', 'failed')),
      total_rows integer NOT NULL DEFAULT 0,
      accepted integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      problems jsonb NOT NULL DEFAULT '[]',
      summary jsonb,
      message text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  // rows of an import while it runs: checked and sealed, not yet merged (deleted at the end)
  await sql`
    CREATE TABLE registry_import_rows (
      street_id text NOT NULL,
      import_id bigint NOT NULL,
      row_no integer NOT NULL,
      community_code text NOT NULL,
      grid_code text NOT NULL,
      grid_path text NOT NULL,
      estate text,
      building text NOT NULL,
      address text,
      lng double precision,
      lat double precision,
      unit text NOT NULL,
      room text NOT NULL,
      area numeric(10, 2),
      occupancy text NOT NULL,
      household text NOT NULL,
      relation text,
      name text NOT NULL,
      id_cipher text NOT NULL,
      id_hash text NOT NULL,
      phone_cipher text,
      phone_hash text,
      sex text NOT NULL,
      birth_date date NOT NULL,
      residence_type text NOT NULL,
      tags text[] NOT NULL,
      search text NOT NULL,
      PRIMARY KEY (street_id, import_id, row_no)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'registry_import_rows',
    'registry_imports',
    'registry_events',
    'house_owners',
    'residents',
    'households',
    'houses',
    'buildings',
    'estates',
  ])
    await sql`DROP TABLE ${sql.table(t)}`.execute(db);
}
