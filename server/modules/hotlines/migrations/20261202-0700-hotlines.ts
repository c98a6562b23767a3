import { sql, type Kysely } from 'kysely';

/** 便民电话: a community's service numbers, kept by its staff, read by its residents. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE hotlines (
      street_id text NOT NULL REFERENCES regions (code),
      id bigint GENERATED ALWAYS AS IDENTITY,
      community_code text NOT NULL REFERENCES regions (code),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
      phone text NOT NULL CHECK (phone ~ '^[0-9-]{3,24}$'),
      kind text NOT NULL CHECK (kind IN ('property', 'health', 'repair', 'police', 'community', 'elderly', 'other')),
      hours text NOT NULL DEFAULT '' CHECK (length(hours) <= 40),
      sort integer NOT NULL DEFAULT 100 CHECK (sort BETWEEN 0 AND 999),
      removed_at timestamptz,
      PRIMARY KEY (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX hotlines_community ON hotlines (street_id, community_code, sort) WHERE removed_at IS NULL`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE hotlines`.execute(db);
}
