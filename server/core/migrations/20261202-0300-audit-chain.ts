import { sql, type Kysely } from 'kysely';

/**
 * The audit log as a hash chain, its time set by the database.
 *
 * Every new entry takes the next `chain_seq` under a transaction-scoped advisory lock (entries
 * are chained in the order their transactions reach the log, one at a time), its `at` from the
 * database's clock whatever the writer sent, `prev_hash` from the entry before it, and
 * `hash = sha256(audit_log_canonical(entry))`, where the canonical text covers every column and
 * `prev_hash`. Changing, removing or inserting an entry anywhere breaks the links after it;
 * `linli audit verify` reports the first broken link. Existing entries are chained in id order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log ADD COLUMN chain_seq bigint`.execute(db);
  await sql`ALTER TABLE audit_log ADD COLUMN prev_hash text`.execute(db);
  await sql`ALTER TABLE audit_log ADD COLUMN hash text`.execute(db);
  await sql`
    CREATE FUNCTION audit_log_canonical(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT jsonb_build_array(a.chain_seq, round(extract(epoch FROM a.at) * 1000000)::bigint, a.street_id,
        a.actor_id, a.actor_name, a.role, a.action, a.object_type, a.object_id, a.result, a.reason, a.detail,
        a.ip, a.user_agent, a.prev_hash)::text
    $$`.execute(db);
  await sql`
    CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      last record;
    BEGIN
      -- one chain: entries are linked one transaction at a time (released at commit)
      PERFORM pg_advisory_xact_lock(7365616);
      SELECT chain_seq, hash INTO last FROM audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
      NEW.at := now();
      NEW.chain_seq := coalesce(last.chain_seq, 0) + 1;
      NEW.prev_hash := last.hash;
      NEW.hash := encode(sha256(convert_to(audit_log_canonical(NEW), 'UTF8')), 'hex');
      RETURN NEW;
    END $$`.execute(db);
  // chain what is already there, in id order (the guard refuses updates: lifted for this only)
  await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(db);
  await sql`
    DO $$
    DECLARE
      r audit_log;
      seq bigint := 0;
      prev text := NULL;
    BEGIN
      FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        seq := seq + 1;
        r.chain_seq := seq;
        r.prev_hash := prev;
        r.hash := encode(sha256(convert_to(audit_log_canonical(r), 'UTF8')), 'hex');
        UPDATE audit_log SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
        prev := r.hash;
      END LOOP;
    END $$`.execute(db);
  await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`.execute(db);
  await sql`ALTER TABLE audit_log ALTER COLUMN chain_seq SET NOT NULL`.execute(db);
  await sql`ALTER TABLE audit_log ALTER COLUMN hash SET NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX audit_log_chain_idx ON audit_log (chain_seq)`.execute(db);
  await sql`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('the audit chain is never dropped by a migration');
}
