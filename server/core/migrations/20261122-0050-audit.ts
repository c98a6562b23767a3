import { sql, type Kysely } from 'kysely';

/**
 * The audit log: append-only. Triggers refuse every UPDATE and TRUNCATE, and every DELETE of an
 * entry younger than 180 days (docs/RULES.md: kept at least six months); an older entry may be purged
 * only inside a transaction that sets `linli.audit_purge = 'on'`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      street_id text,
      actor_id bigint,
      actor_name text,
      role text,
      action text NOT NULL CHECK (action ~ '^[a-z_]+\\.[a-z_]+$'),
      object_type text,
      object_id text,
      result text NOT NULL CHECK (result IN ('ok', 'denied', 'error')),
      reason text,
      detail jsonb,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX audit_log_at_idx ON audit_log (at DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_object_idx ON audit_log (object_type, object_id, at DESC)`.execute(db);
  await sql`
    CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF coalesce(current_setting('linli.audit_purge', true), '') = 'on'
           AND OLD.at < now() - interval '180 days' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log entries cannot be deleted (kept at least 180 days, purged only by the retention job)'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard()`.execute(db);
  await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the audit log is never dropped by a migration');
}
