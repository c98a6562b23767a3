import { sql, type Kysely } from 'kysely';

/**
 * `linli_analyze(table)`: fresh planner statistics for one of the tables a bulk import grows,
 * callable by the runtime role, which does not own the tables (ANALYZE is the owner's). Runs with
 * the owner's rights (SECURITY DEFINER) on a fixed list of tables only, with a safe search_path.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION linli_analyze(t text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
    BEGIN
      IF t NOT IN ('estates', 'buildings', 'houses', 'households', 'residents') THEN
        RAISE EXCEPTION 'linli_analyze: % is not a bulk-imported table', t;
      END IF;
      EXECUTE format('ANALYZE %I', t);
    END $$`.execute(db);
  await sql`REVOKE ALL ON FUNCTION linli_analyze(text) FROM PUBLIC`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION linli_analyze(text)`.execute(db);
}
