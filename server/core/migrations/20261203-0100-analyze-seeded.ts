import { sql, type Kysely } from 'kysely';

const BEFORE = ['estates', 'buildings', 'houses', 'households', 'residents'];
/** Tables written in bulk by seeds as well as imports: their statistics go stale within one load. */
const NOW = [...BEFORE, 'cases', 'case_events'];

async function define(db: Kysely<unknown>, tables: string[]): Promise<void> {
  const list = sql.raw(tables.map((t) => `'${t}'`).join(', '));
  await sql`
    CREATE OR REPLACE FUNCTION linli_analyze(t text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
    BEGIN
      IF t NOT IN (${list}) THEN
        RAISE EXCEPTION 'linli_analyze: % is not a bulk-imported table', t;
      END IF;
      EXECUTE format('ANALYZE %I', t);
    END $$`.execute(db);
}

/** `linli_analyze` also refreshes the cases and their timelines (the demo's year is written in bulk). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await define(db, NOW);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await define(db, BEFORE);
}
