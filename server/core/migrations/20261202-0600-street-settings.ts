import { sql, type Kysely } from 'kysely';

/**
 * Every module's per-street settings in one table (manifest slot `config`, read through
 * core/settings.ts): the cases' settings move here from `case_settings`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE street_settings (
      street_id text NOT NULL REFERENCES regions (code),
      module text NOT NULL CHECK (module ~ '^[a-z_]{1,40}$'),
      settings jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (street_id, module)
    )`.execute(db);
  await sql`INSERT INTO street_settings (street_id, module, settings, updated_at)
    SELECT street_id, 'cases', settings, updated_at FROM case_settings`.execute(db);
  await sql`DROP TABLE case_settings`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_settings (
      street_id text PRIMARY KEY REFERENCES regions (code),
      settings jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`INSERT INTO case_settings SELECT street_id, settings, updated_at FROM street_settings WHERE module = 'cases'`.execute(
    db,
  );
  await sql`DROP TABLE street_settings`.execute(db);
}
