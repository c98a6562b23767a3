import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Db } from './db.js';
import type { ModuleManifest } from './module.js';

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
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
