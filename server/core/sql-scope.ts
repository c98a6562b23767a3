import { sql } from 'kysely';

/** Escapes LIKE's wildcards so that user input matches literally. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `column` lies under one of the region paths (a prefix match each, one index range scan each on
 * a `text_pattern_ops` index); false for none. What every list filters its scopes by.
 */
export function underAny(column: string, paths: readonly string[]) {
  if (paths.length === 0) return sql<boolean>`false`;
  const terms = paths.map((p) => sql`${sql.ref(column)} LIKE ${`${likeLiteral(p)}%`}`);
  return sql<boolean>`(${sql.join(terms, sql` OR `)})`;
}
