import { sql } from 'kysely';
import type { QueryExecutorProvider } from 'kysely';

/**
 * Where a table lives in a Citus cluster (docs/ARCHITECTURE.md, "From one machine to many"). Every
 * table of every module declares one, beside its migrations; `checkPlacements` holds the schema to
 * Citus's rules on every database, so a table that could not be distributed fails on the laptop.
 *
 * - `distributed`: street-owned rows, sharded by `street_id` and co-located with every other such
 *   table (a street's rows on one worker; its queries are single-shard router queries).
 * - `reference`: small global tables, copied to every worker (the region tree, accounts and roles,
 *   handling units): any shard can join them.
 * - `local`: kept on the coordinator only, and why (e.g. the audit log's single hash chain).
 */
export type TablePlacement =
  { kind: 'distributed' } | { kind: 'reference'; why: string } | { kind: 'local'; why: string };

/** The distribution column of every distributed table. */
export const DISTRIBUTION_COLUMN = 'street_id';

/** Every module's declarations, one per table (a table declared twice is an error). */
export function collectPlacements(
  modules: readonly { tables?: Readonly<Record<string, TablePlacement>> | undefined }[],
): Map<string, TablePlacement> {
  const all = new Map<string, TablePlacement>();
  for (const m of modules)
    for (const [table, placement] of Object.entries(m.tables ?? {})) {
      if (all.has(table)) throw new Error(`table ${table} is declared by two modules`);
      all.set(table, placement);
    }
  return all;
}

type Key = { table: string; name: string; kind: 'primary key' | 'unique'; columns: string[] };
type ForeignKey = { table: string; name: string; columns: string[]; target: string; targetColumns: string[] };

/** The tables, primary and unique keys (constraints and unique indexes) and foreign keys of a schema. */
async function schemaOf(db: QueryExecutorProvider, schema: string) {
  const tables = await sql<{ table: string; columns: string[]; nullable: string[] }>`
    SELECT c.relname AS table,
      array_agg(a.attname::text ORDER BY a.attnum) AS columns,
      array_agg(a.attname::text ORDER BY a.attnum) FILTER (WHERE NOT a.attnotnull) AS nullable
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    GROUP BY c.relname`.execute(db);
  const keys = await sql<Key>`
    SELECT t.relname AS table, i.relname AS name,
      CASE WHEN x.indisprimary THEN 'primary key' ELSE 'unique' END AS kind,
      coalesce(array_agg(a.attname::text) FILTER (WHERE a.attname IS NOT NULL), '{}') AS columns
    FROM pg_index x
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey)
    WHERE n.nspname = ${schema} AND x.indisunique
    GROUP BY t.relname, i.relname, x.indisprimary`.execute(db);
  const foreign = await sql<ForeignKey>`
    SELECT t.relname AS table, k.conname AS name, f.relname AS target,
      (SELECT array_agg(a.attname::text ORDER BY p.ord) FROM unnest(k.conkey) WITH ORDINALITY p(num, ord)
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = p.num) AS columns,
      (SELECT array_agg(a.attname::text ORDER BY p.ord) FROM unnest(k.confkey) WITH ORDINALITY p(num, ord)
        JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = p.num) AS "targetColumns"
    FROM pg_constraint k
    JOIN pg_class t ON t.oid = k.conrelid
    JOIN pg_class f ON f.oid = k.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = ${schema} AND k.contype = 'f'`.execute(db);
  return { tables: tables.rows, keys: keys.rows, foreign: foreign.rows };
}

/**
 * The schema's breaches of Citus's rules, in words (none: every table can be placed as declared):
 * every table declared; a distributed table has a NOT NULL `street_id` in its primary key and in
 * every unique key; a foreign key between distributed tables includes `street_id` on both sides at
 * the same position (co-located rows); a distributed table refers to distributed or reference
 * tables only; a reference table to reference tables only; a local table to local or reference ones.
 */
export async function checkPlacements(
  db: QueryExecutorProvider,
  placements: ReadonlyMap<string, TablePlacement>,
  schema = 'public',
): Promise<string[]> {
  const { tables, keys, foreign } = await schemaOf(db, schema);
  const problems: string[] = [];
  const present = new Set(tables.map((t) => t.table));
  for (const t of tables) {
    const p = placements.get(t.table);
    if (!p) {
      problems.push(`${t.table}: no placement declared (a module's manifest, \`tables\`)`);
      continue;
    }
    if (p.kind !== 'distributed') continue;
    if (!t.columns.includes(DISTRIBUTION_COLUMN))
      problems.push(`${t.table}: distributed, but has no ${DISTRIBUTION_COLUMN}`);
    else if ((t.nullable ?? []).includes(DISTRIBUTION_COLUMN))
      problems.push(`${t.table}: distributed, but its ${DISTRIBUTION_COLUMN} may be null`);
    const own = keys.filter((k) => k.table === t.table);
    if (!own.some((k) => k.kind === 'primary key')) problems.push(`${t.table}: distributed, but has no primary key`);
    for (const k of own)
      if (!k.columns.includes(DISTRIBUTION_COLUMN))
        problems.push(`${t.table}: its ${k.kind} ${k.name} (${k.columns.join(', ')}) lacks ${DISTRIBUTION_COLUMN}`);
  }
  for (const f of foreign) {
    const from = placements.get(f.table)?.kind;
    const to = placements.get(f.target)?.kind;
    if (!from || !to) continue; // reported above
    const allowed: Record<TablePlacement['kind'], TablePlacement['kind'][]> = {
      distributed: ['distributed', 'reference'],
      reference: ['reference'],
      local: ['local', 'reference'],
    };
    if (!allowed[from].includes(to)) {
      problems.push(`${f.table}: foreign key ${f.name} from a ${from} table to the ${to} table ${f.target}`);
      continue;
    }
    if (from === 'distributed' && to === 'distributed') {
      const i = f.columns.indexOf(DISTRIBUTION_COLUMN);
      if (i < 0 || f.targetColumns[i] !== DISTRIBUTION_COLUMN)
        problems.push(
          `${f.table}: foreign key ${f.name} (${f.columns.join(', ')}) → ${f.target} must pair ${DISTRIBUTION_COLUMN} with ${DISTRIBUTION_COLUMN}`,
        );
    }
  }
  for (const table of placements.keys())
    if (!present.has(table) && schema === 'public') problems.push(`${table}: declared, but no such table`);
  return problems;
}

const citusDrivers = new WeakSet<object>();

/**
 * Whether the database behind `db` (a Kysely instance or one of its transactions) was found to be
 * Citus when it was migrated: the few statements Citus cannot plan take another way there.
 */
export function onCitus(db: QueryExecutorProvider): boolean {
  return citusDrivers.has(db.getExecutor().adapter);
}

/** Remembers that `db` is Citus (its transactions share its adapter). */
export function markCitus(db: QueryExecutorProvider): void {
  citusDrivers.add(db.getExecutor().adapter);
}

/** True when the database is a Citus coordinator (the extension is installed). */
export async function isCitus(db: QueryExecutorProvider): Promise<boolean> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'citus'`.execute(db);
  return (r.rows[0]?.n ?? 0) > 0;
}

/**
 * Places every table as declared, on Citus only (a no-op elsewhere), after the migrations: the
 * foreign keys that touch a table still to be placed are set aside (Citus will not distribute a
 * table that an existing key has already made a Citus-managed local table), the reference tables
 * and the distributed ones (co-located, `citus.shard_count` shards, `shardCount` when given) are
 * created, and the keys put back — the local tables that refer to reference tables then join
 * Citus's metadata of themselves. A table already placed as declared is left alone, so this runs
 * after every migration batch and places only what the batch added.
 */
export async function applyPlacements(
  db: QueryExecutorProvider,
  placements: ReadonlyMap<string, TablePlacement>,
  options: { shardCount?: number | undefined } = {},
): Promise<string[]> {
  if (!(await isCitus(db))) return [];
  const { tables } = await schemaOf(db, 'public');
  const present = new Set(tables.map((t) => t.table));
  const now = await placedNow(db);
  const pending = [...placements]
    .filter(([t, p]) => present.has(t) && p.kind !== 'local' && now.get(t) !== citusKind(p))
    .map(([t]) => t);
  if (pending.length === 0) return [];
  const keys = (
    await sql<{ table: string; name: string; def: string }>`
      SELECT k.conrelid::regclass::text AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def
      FROM pg_constraint k
      WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace
        AND (k.conrelid::regclass::text = ANY (${pending}) OR k.confrelid::regclass::text = ANY (${pending}))
      ORDER BY k.oid`.execute(db)
  ).rows;
  for (const k of keys) await sql`ALTER TABLE ${sql.id(k.table)} DROP CONSTRAINT ${sql.id(k.name)}`.execute(db);
  // a table Citus made local on its own (a key to a reference table) goes back to plain PostgreSQL
  const after = await placedNow(db);
  for (const t of pending) if (after.get(t) === 's') await sql`SELECT undistribute_table(${t})`.execute(db);
  const done: string[] = [];
  for (const t of pending.filter((t) => placements.get(t)?.kind === 'reference')) {
    await sql`SELECT create_reference_table(${t})`.execute(db);
    done.push(`${t}: reference`);
  }
  const anchor = [...placements].find(([t, p]) => p.kind === 'distributed' && now.get(t) === 'h')?.[0];
  let first = anchor ?? null;
  for (const t of pending.filter((t) => placements.get(t)?.kind === 'distributed')) {
    if (first)
      await sql`SELECT create_distributed_table(${t}, ${DISTRIBUTION_COLUMN}, colocate_with => ${first})`.execute(db);
    else
      await sql`SELECT create_distributed_table(${t}, ${DISTRIBUTION_COLUMN},
        shard_count => ${options.shardCount ?? sql`current_setting('citus.shard_count')::int`})`.execute(db);
    first ??= t;
    done.push(`${t}: distributed by ${DISTRIBUTION_COLUMN}`);
  }
  for (const k of keys)
    await sql`ALTER TABLE ${sql.id(k.table)} ADD CONSTRAINT ${sql.id(k.name)} ${sql.raw(k.def)}`.execute(db);
  return done;
}

/** What Citus's metadata says a declared placement is: h distributed, t reference, s local in the metadata. */
function citusKind(p: TablePlacement): 'h' | 't' | 's' {
  return p.kind === 'distributed' ? 'h' : p.kind === 'reference' ? 't' : 's';
}

/** Each table in Citus's metadata and what it is there. */
async function placedNow(db: QueryExecutorProvider): Promise<Map<string, string>> {
  const r = await sql<{ t: string; kind: string }>`
    SELECT logicalrelid::regclass::text AS t,
      CASE WHEN partmethod = 'h' THEN 'h' WHEN repmodel = 't' THEN 't' ELSE 's' END AS kind
    FROM pg_dist_partition`.execute(db);
  return new Map(r.rows.map((row) => [row.t, row.kind]));
}
