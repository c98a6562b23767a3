import { sql } from 'kysely';
import type { Executor } from './db.js';

/** Escapes LIKE's wildcards so that user input matches literally. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The street a region path lies in (`/35/3501/350102/350102001/…` → `350102001`), or null above streets. */
export function streetOfPath(path: string): string | null {
  const street = path.split('/')[4];
  return street?.length === 9 ? street : null;
}

/**
 * `column` lies under one of the region paths (a prefix match each, one index range scan each on
 * a `text_pattern_ops` or C-collated index); false for none. What every list filters its scopes by.
 * With `streetColumn`, a path in a street also names the street (`street_id = … AND path LIKE …`):
 * the indexes lead with the street, and on Citus the query goes to that street's shard alone.
 */
export function underAny(column: string, paths: readonly string[], streetColumn?: string) {
  if (paths.length === 0) return sql<boolean>`false`;
  const terms = paths.map((p) => {
    const like = sql`${sql.ref(column)} LIKE ${`${likeLiteral(p)}%`}`;
    const street = streetColumn ? streetOfPath(p) : null;
    return street ? sql`(${sql.ref(streetColumn as string)} = ${street} AND ${like})` : like;
  });
  return sql<boolean>`(${sql.join(terms, sql` OR `)})`;
}

/**
 * The street of a street-owned row found by its id alone (null when there is none), read before
 * the row is locked: on Citus a locking read must name its street, so that it stays on one shard.
 */
export async function streetOfRow(db: Executor, table: string, id: number): Promise<string | null> {
  const r = await sql<{ street_id: string }>`
    SELECT street_id FROM ${sql.table(table)} WHERE id = ${id} LIMIT 1`.execute(db);
  return r.rows[0]?.street_id ?? null;
}

/**
 * `column` is one of the streets of the actor's roles (true for an actor with none, such as a
 * resident): a row looked up by its id alone then names its street, and on Citus the statement
 * goes to that street's shard instead of every shard.
 */
export function inStreets(column: string, streets: readonly string[]) {
  if (streets.length === 0) return sql<boolean>`true`;
  return sql<boolean>`${sql.ref(column)} IN (${sql.join(streets.map((s) => sql`${s}`))})`;
}
