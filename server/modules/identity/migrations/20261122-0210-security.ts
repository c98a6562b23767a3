import { sql, type Kysely } from 'kysely';

/**
 * The security administrator's settings (one row, absent while the environment's defaults apply)
 * and one-time sign-in codes sent by SMS (only a keyed hash of each code is stored).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE security_settings (
      id integer PRIMARY KEY CHECK (id = 1),
      session_idle_minutes integer NOT NULL CHECK (session_idle_minutes BETWEEN 5 AND 1440),
      session_max_hours integer NOT NULL CHECK (session_max_hours BETWEEN 1 AND 720),
      lockout_threshold integer NOT NULL CHECK (lockout_threshold BETWEEN 3 AND 20),
      lockout_minutes integer NOT NULL CHECK (lockout_minutes BETWEEN 5 AND 1440),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by bigint REFERENCES users (id)
    )`.execute(db);
  await sql`
    CREATE TABLE otp_codes (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      phone_hash text NOT NULL,
      user_id bigint REFERENCES users (id),
      code_hash text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX otp_codes_phone_idx ON otp_codes (phone_hash, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE otp_codes`.execute(db);
  await sql`DROP TABLE security_settings`.execute(db);
}
