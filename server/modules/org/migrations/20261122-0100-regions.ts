import { sql, type Kysely } from 'kysely';

/** The region tree and region boundaries. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE regions (
      code text PRIMARY KEY,
      level text NOT NULL CHECK (level IN
        ('province', 'city', 'district', 'street', 'community', 'grid', 'microgrid')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      official_name text NOT NULL CHECK (length(official_name) BETWEEN 1 AND 100),
      parent_code text REFERENCES regions (code),
      path text NOT NULL,
      depth smallint NOT NULL CHECK (depth BETWEEN 0 AND 10),
      street_id text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (code ~ '^[0-9]+$' AND length(code) = CASE level
        WHEN 'province' THEN 2 WHEN 'city' THEN 4 WHEN 'district' THEN 6 WHEN 'street' THEN 9
        WHEN 'community' THEN 12 WHEN 'grid' THEN 15 ELSE 18 END),
      CHECK ((parent_code IS NULL) = (level = 'province')),
      CHECK (path LIKE '%/' || code || '/'),
      CHECK ((street_id IS NULL) = (level IN ('province', 'city', 'district'))),
      CHECK (level <> 'street' OR street_id = code)
    )`.execute(db);
  await sql`CREATE INDEX regions_parent_idx ON regions (parent_code, code)`.execute(db);
  await sql`CREATE INDEX regions_path_idx ON regions (path text_pattern_ops)`.execute(db);
  await sql`CREATE INDEX regions_street_idx ON regions (street_id, level)`.execute(db);

  await sql`
    CREATE TABLE region_boundaries (
      street_id text NOT NULL,
      region_code text NOT NULL REFERENCES regions (code) ON DELETE CASCADE,
      geometry jsonb NOT NULL CHECK (geometry ->> 'type' IN ('Polygon', 'MultiPolygon')),
      min_lng double precision NOT NULL CHECK (min_lng BETWEEN -180 AND 180),
      min_lat double precision NOT NULL CHECK (min_lat BETWEEN -90 AND 90),
      max_lng double precision NOT NULL CHECK (max_lng BETWEEN min_lng AND 180),
      max_lat double precision NOT NULL CHECK (max_lat BETWEEN min_lat AND 90),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, region_code)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX region_boundaries_region_idx ON region_boundaries (region_code)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE region_boundaries`.execute(db);
  await sql`DROP TABLE regions`.execute(db);
}
