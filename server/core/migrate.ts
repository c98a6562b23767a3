import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './db.js';
import type { ModuleManifest } from './module.js';
import { applyPlacements, collectPlacements, isCitus, markCitus } from './placement.js';

/** Every module's migrations in one set; a name used twice is a programming error. */
export function collectMigrations(modules: readonly ModuleManifest[]): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const m of modules) {
    for (const [name, migration] of Object.entries(m.migrations)) {
      if (name in all) throw new Error(`Migration ${name} is declared twice`);
      all[name] = migration;
    }
  }
  return all;
}

/**
 * Brings the schema up to date. Kysely runs the pending migrations in one transaction under an
 * advisory lock, so two servers starting together cannot both migrate.
 */
export async function migrateToLatest(db: Db, modules: readonly ModuleManifest[]): Promise<string[]> {
  const migrations = collectMigrations(modules);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  await placeTables(db, modules);
  return applied;
}

/**
 * On a Citus coordinator, places the tables the migrations added as their modules declare
 * (core/placement.ts), under an advisory lock so that two servers starting together place once;
 * elsewhere nothing. `LINLI_CITUS_SHARD_COUNT` sets the shard count of a new cluster's tables.
 */
async function placeTables(db: Db, modules: readonly ModuleManifest[]): Promise<void> {
  if (!(await isCitus(db))) return;
  markCitus(db);
  const shardCount = Number(process.env.LINLI_CITUS_SHARD_COUNT) || undefined;
  await db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(hashtext('linli.placement'))`.execute(conn);
    try {
      await applyPlacements(conn, collectPlacements(modules), { shardCount });
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtext('linli.placement'))`.execute(conn);
    }
  });
}
