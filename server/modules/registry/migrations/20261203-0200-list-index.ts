import { sql, type Kysely } from 'kysely';

/**
 * The resident list's own index: active residents by street, grid path (C collation: serves both
 * `LIKE 'prefix%'` and the list's order) and id, so that a page, its count and a deep offset are
 * index-only walks of one street's range (bench/registry-list.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX residents_list_idx ON residents (street_id, grid_path COLLATE "C", id) WHERE status = 'active'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX residents_list_idx`.execute(db);
}
