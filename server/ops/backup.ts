import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import type { Database, Executor } from '../core/db.js';
import { AppError } from '../core/errors.js';

/**
 * Backups of an embedded (PGlite) database (docs/DEPLOY.md): a gzipped tar of the data directory,
 * taken by the process that has it open — between two statements, with nothing else running on
 * its one connection, after a checkpoint — so a backup of a serving street is consistent. A
 * PostgreSQL or Citus database is backed up with its own tools (pg_dump, pg_basebackup).
 */
export async function backupPglite(database: Database, file: string): Promise<{ bytes: number }> {
  if (!database.pglite)
    throw new Error('linli backup copies an embedded (PGlite) database; use pg_dump for PostgreSQL');
  await sql`CHECKPOINT`.execute(database.db);
  const dump = await database.pglite.dumpDataDir('gzip');
  const bytes = Buffer.from(await dump.arrayBuffer());
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, bytes, { mode: 0o600 });
  fs.renameSync(partial, target); // a backup file is whole or absent
  return { bytes: bytes.length };
}

/** A data directory holds a database already (restore refuses to overwrite one). */
export function holdsDatabase(dataDir: string): boolean {
  const dir = path.join(dataDir, 'pglite');
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

/**
 * Restores a backup into an empty data directory (refused if it holds a database): the database
 * is unpacked and opened once, so that a bad file is found now and not at the next start.
 */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  if (holdsDatabase(dataDir))
    throw new AppError('conflict', {
      zh: `数据目录 ${dataDir} 已有数据库，不会覆盖；请指定一个空目录（LINLI_DATA_DIR）`,
      en: `${dataDir} already holds a database; restore into an empty one (LINLI_DATA_DIR)`,
    });
  const dir = path.join(dataDir, 'pglite');
  fs.mkdirSync(dir, { recursive: true });
  try {
    const pglite = await PGlite.create(dir, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    await pglite.query('SELECT 1');
    await pglite.close();
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new AppError('validation', {
      zh: `备份文件无法恢复（${String(err)}）`,
      en: `the backup could not be restored (${String(err)})`,
    });
  }
}

/** Rows per table of the schema (what a backup and its restore must agree on). */
export async function tableCounts(db: Executor): Promise<Record<string, number>> {
  const tables = await sql<{ t: string }>`
    SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`.execute(db);
  const out: Record<string, number> = {};
  for (const { t } of tables.rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(t)}`.execute(db);
    out[t] = r.rows[0]?.n ?? 0;
  }
  return out;
}
