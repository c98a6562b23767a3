import { sql } from 'kysely';
import type { Db, Trx } from './db.js';
import type { Keyring } from './pii/index.js';

/**
 * Demo data, one way for every module: a module's manifest has `seed: { load, reset? }`, with its
 * data in its own folder (`seed/`). `linli demo` runs the modules' `load` in the modules' order
 * (a module's seed may read what earlier ones wrote, never import them). `--reset` deletes every
 * street-owned row of the street — the street's regions included — found from the schema, children
 * before parents, so that no module keeps a list of tables; a module's own `reset` handles what is
 * not keyed by street (accounts), around that deletion.
 */
export type SeedContext = {
  db: Db;
  keyring: Keyring;
  streetId: string;
  /** Password of every demo account. */
  password: string;
  /** The Open311 API key the demo creates. */
  apiKey: string;
  /** Sizes (tests use small ones): households per grid [min, max], cases on an ordinary day. */
  size: { householdsPerGrid?: [number, number]; casesPerDay?: number };
  /** The division CSVs (region names and codes), when not the packaged ones. */
  sourceDir?: string;
  onProgress?: (step: string) => void;
};

export type Seed = {
  /** Loads the module's demo data into the street; returns counts to show (e.g. `{ households: 3600 }`). */
  load: (ctx: SeedContext) => Promise<Record<string, number>>;
  /**
   * Removes what is not keyed by street (accounts). Runs before the street's rows are deleted (to
   * find what belongs to the street); what it returns runs after (when nothing refers to it any more).
   */
  reset?: (db: Db, streetId: string) => Promise<(() => Promise<void>) | undefined>;
};

/** Tables never emptied by a reset: the record of what happened. */
const KEPT = new Set(['audit_log', 'domain_events', 'event_deliveries']);

/**
 * Deletes every row of the street from every table with a `street_id` column, children first
 * (ordered by the foreign keys between those tables), in the caller's transaction.
 */
export async function deleteStreetRows(trx: Trx, streetId: string): Promise<string[]> {
  const tables = (
    await sql<{ table_name: string }>`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND c.column_name = 'street_id' AND t.table_type = 'BASE TABLE'`.execute(
      trx,
    )
  ).rows
    .map((r) => r.table_name)
    .filter((t) => !KEPT.has(t));
  const edges = (
    await sql<{ child: string; parent: string }>`
      SELECT cl.relname AS child, pr.relname AS parent FROM pg_constraint k
      JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pr ON pr.oid = k.confrelid
      WHERE k.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`.execute(trx)
  ).rows.filter((e) => e.child !== e.parent);
  // children before parents: repeatedly take a table no remaining table refers to
  const order: string[] = [];
  const left = new Set(tables);
  while (left.size > 0) {
    const next = [...left].filter((t) => !edges.some((e) => e.parent === t && e.child !== t && left.has(e.child)));
    const take = next.length > 0 ? next : [...left]; // a cycle: take them all (self-references are fine)
    for (const t of take.sort()) {
      order.push(t);
      left.delete(t);
    }
  }
  for (const t of order) await sql`DELETE FROM ${sql.table(t)} WHERE street_id = ${streetId}`.execute(trx);
  return order;
}
