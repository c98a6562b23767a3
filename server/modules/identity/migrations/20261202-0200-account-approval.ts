import { sql, type Kysely } from 'kysely';

/**
 * Two people for every grant of power (三权分立): an account that an administrator created,
 * reset or re-roled waits for a second administrator's approval before it can sign in.
 * `approval`: who must approve — the security administrator for accounts that reach personal
 * data, the audit administrator for administrator accounts; null when nothing waits.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN approval text CHECK (approval IN ('security_admin', 'audit_admin'))`.execute(
    db,
  );
  await sql`ALTER TABLE users ADD COLUMN approval_requested_by bigint REFERENCES users (id)`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN approval_change text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users DROP COLUMN approval_change`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN approval_requested_by`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN approval`.execute(db);
}
