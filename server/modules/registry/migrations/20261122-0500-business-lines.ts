import { sql, type Kysely } from 'kysely';

/**
 * 管线包片联户: besides its grid worker, leader and instructor, each grid has staff of the
 * business lines (城管, 市场监管, 公安, 消防, 综治 …) assigned to it: who, from which unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE grid_business_lines (
      street_id text NOT NULL REFERENCES regions (code),
      grid_code text NOT NULL REFERENCES regions (code),
      seq integer NOT NULL CHECK (seq BETWEEN 1 AND 50),
      line text NOT NULL CHECK (length(line) BETWEEN 1 AND 20),
      person text NOT NULL CHECK (length(person) BETWEEN 1 AND 50),
      unit text CHECK (length(unit) <= 100),
      PRIMARY KEY (street_id, grid_code, seq)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS grid_business_lines`.execute(db);
}
