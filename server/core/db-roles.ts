import { sql } from 'kysely';
import type { Db } from './db.js';

/**
 * Two database roles on PostgreSQL and Citus (docs/SECURITY.md, "Database roles"): the owner runs
 * the migrations and owns every table, function and trigger; the server runs as a role that owns
 * nothing and may only read and write rows — and on the audit log only read and append. A role
 * that does not own a table cannot disable its triggers, alter it, or grant itself more.
 *
 * Called by the owner after migrating (`DATABASE_OWNER_URL`), for the role of `DATABASE_URL`.
 * Idempotent: run at every start, so that tables added by new migrations are covered.
 */
export async function grantRuntimeRole(owner: Db, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_$]{0,62}$/i.test(role)) throw new Error(`not a role name: ${role}`);
  const r = sql.id(role);
  await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(owner);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`.execute(owner);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`.execute(owner);
  // the audit log: read and append, nothing else (purging after 180 days is the owner's job)
  await sql`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${r}`.execute(owner);
  // the schema's bookkeeping is the owner's
  await sql`REVOKE INSERT, UPDATE, DELETE ON schema_migrations, schema_migrations_lock FROM ${r}`.execute(owner);
  await sql`GRANT EXECUTE ON FUNCTION linli_analyze(text) TO ${r}`.execute(owner);
}

/** The role a connection runs as. */
export async function currentRole(db: Db): Promise<string> {
  const r = await sql<{ role: string }>`SELECT current_user AS role`.execute(db);
  return r.rows[0]?.role ?? '';
}
