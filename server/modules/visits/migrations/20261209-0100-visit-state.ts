import { sql, type Kysely } from 'kysely';

/**
 * The households' state no longer goes stale with the calendar, so a month's plans read it as it
 * is (docs/ARCHITECTURE.md "Visits"): "seen this year" is read from the last visit (the yearly count
 * went), a household never visited is due from the day it was registered, and `changes_on` says
 * when a resident's birthday next changes the required frequency (high care from `highRiskAge`).
 * A plan's walking order is worked out when it is read (the stored position went). `visitor_months`
 * keeps each visitor's visits and households per grid and month as visits are recorded, for
 * coverage's "per worker" over a street or district; filled here from the visits so far.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE household_visits DROP COLUMN visits_this_year, ADD COLUMN changes_on date`.execute(db);
  await sql`CREATE INDEX household_visits_changes ON household_visits (street_id, changes_on)
    WHERE changes_on IS NOT NULL`.execute(db);
  await sql`UPDATE household_visits v SET due_on = (hh.created_at AT TIME ZONE 'Asia/Shanghai')::date
    FROM households hh WHERE hh.street_id = v.street_id AND hh.id = v.household_id
      AND v.last_visited_on IS NULL`.execute(db);
  await sql`ALTER TABLE visit_plan_items DROP COLUMN position`.execute(db);
  await sql`
    CREATE TABLE visitor_months (
      street_id text NOT NULL REFERENCES regions (code),
      grid_path text NOT NULL,
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
      visitor_id bigint NOT NULL REFERENCES users (id),
      visits integer NOT NULL CHECK (visits >= 0),
      households integer NOT NULL CHECK (households >= 0),
      PRIMARY KEY (street_id, month, grid_path, visitor_id)
    )`.execute(db);
  await sql`
    INSERT INTO visitor_months (street_id, grid_path, month, visitor_id, visits, households)
    SELECT street_id, grid_path, to_char(visited_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), visitor_id,
      count(*), count(DISTINCT household_id)
    FROM visits GROUP BY 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE visitor_months`.execute(db);
  await sql`ALTER TABLE visit_plan_items ADD COLUMN position integer NOT NULL DEFAULT 0`.execute(db);
  await sql`DROP INDEX household_visits_changes`.execute(db);
  await sql`ALTER TABLE household_visits DROP COLUMN changes_on,
    ADD COLUMN visits_this_year integer NOT NULL DEFAULT 0`.execute(db);
}
