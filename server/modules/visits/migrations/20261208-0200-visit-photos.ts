import { sql, type Kysely } from 'kysely';

/**
 * A visit's photos (taken over from the cases' upload: metadata stripped, GPS read and dropped)
 * and how often a visit was edited; `visit_edits` keeps what an edit after 24 hours replaced. An index
 * on the visits' time per street serves coverage's "this month" over a street or district.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE visit_photos (
      street_id text NOT NULL REFERENCES regions (code),
      id text NOT NULL,
      visit_id bigint NOT NULL,
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
      data bytea NOT NULL,
      thumb bytea NOT NULL,
      width integer NOT NULL,
      height integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, id),
      FOREIGN KEY (street_id, visit_id) REFERENCES visits (street_id, id)
    )`.execute(db);
  await sql`CREATE INDEX visit_photos_visit ON visit_photos (street_id, visit_id)`.execute(db);
  await sql`ALTER TABLE visits ADD COLUMN edits integer NOT NULL DEFAULT 0, ADD COLUMN edited_at timestamptz`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX visits_month`.execute(db);
  await sql`ALTER TABLE visits DROP COLUMN edits, DROP COLUMN edited_at`.execute(db);
  await sql`DROP TABLE visit_photos`.execute(db);
}
