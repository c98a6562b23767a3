import { sql } from 'kysely';
import fs from 'node:fs';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import { runsOnThisThread, type Db, type Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { startWorker } from '../../../core/workers.js';
import { keyringData, type Keyring, type KeyringData } from '../../../core/pii/index.js';
import type { ImportProblem } from '../tables.js';
import { Importer } from './importer.js';
import { gridNamesOf, loadPlaceData, type PlaceData } from './places.js';
import { preparedSource, WORKER_FROM_BYTES } from './prepared-source.js';
import { sniffKind } from './sniff.js';
import type { WriteCounts } from './write-batch.js';

export type ImportMode = 'all' | 'valid';

export type ImportSummary = WriteCounts;

export type ImportResult = {
  id: number;
  status: 'done' | 'rejected' | 'failed';
  totalRows: number;
  accepted: number;
  rejected: number;
  problems: ImportProblem[];
  summary: ImportSummary | null;
  message: string | null;
};

export type RunImportOptions = {
  db: Db;
  keyring: Keyring;
  streetId: string;
  importId: number;
  /** Path of the uploaded file (XLSX or CSV). */
  file: string;
  mode: ImportMode;
  dryRun: boolean;
  /** Region paths the importer may write to; empty for the command line (everywhere). */
  scopes: string[];
  actorId: number | null;
  audit: AuditContext;
  onProgress?: (rows: number) => void;
  /** Prepare the rows in a worker thread (default: for files of 1 MB or more). */
  worker?: boolean;
  /**
   * The PostgreSQL server's URL: a large file's whole import then runs in a worker thread with
   * connections of its own, so that its garbage and CPU stay off the server's event loop.
   */
  databaseUrl?: string | undefined;
};

/** Records a new import (status `running`) and returns its id. */
export async function createImport(
  db: Executor,
  o: { streetId: string; userId: number | null; fileName: string; mode: ImportMode; dryRun: boolean },
): Promise<number> {
  const r = await db
    .insertInto('registry_imports')
    .values({
      street_id: o.streetId,
      user_id: o.userId,
      file_name: o.fileName.slice(0, 200),
      mode: o.mode,
      dry_run: o.dryRun,
      status: 'running',
      message: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

async function finish(db: Executor, o: RunImportOptions, result: Omit<ImportResult, 'id'>): Promise<ImportResult> {
  if (result.status !== 'done') {
    // a refused or failed import is recorded as well as a done one (which its transaction records)
    await writeAudit(o.db, o.audit, {
      action: 'registry.import',
      result: 'error',
      streetId: o.streetId,
      objectType: 'registry_import',
      objectId: o.importId,
      ...(result.message ? { reason: result.message } : {}),
      detail: { status: result.status, rows: result.totalRows, rejected: result.rejected },
    });
  }
  await db
    .updateTable('registry_imports')
    .set({
      status: result.status,
      total_rows: result.totalRows,
      accepted: result.accepted,
      rejected: result.rejected,
      problems: JSON.stringify(result.problems),
      summary: result.summary ? JSON.stringify(result.summary) : null,
      message: result.message,
      updated_at: new Date(),
      finished_at: new Date(),
    })
    .where('street_id', '=', o.streetId)
    .where('id', '=', o.importId)
    .execute();
  return { id: o.importId, ...result };
}

/**
 * Imports buildings, houses, households and residents from an XLSX or CSV file filled in from the
 * template, in one pass and one transaction: rows are checked, sealed and written batch by batch
 * (estates → buildings → houses → households → residents, natural-key upserts with change
 * detection, so re-importing the same file changes nothing). All or nothing by default: the first
 * bad row stops the writing, the rest of the file is still checked so that the report lists every
 * problem (row, column, reason in Chinese), and the transaction is rolled back; mode `valid`
 * writes the good rows. A dry run only checks. A killed import leaves nothing: its transaction
 * never commits. On PGlite the transaction holds the one connection while the import runs.
 */
export async function runImport(o: RunImportOptions): Promise<ImportResult> {
  if (o.databaseUrl && (o.worker ?? fileSize(o.file) >= WORKER_FROM_BYTES)) return importInWorker(o, o.databaseUrl);
  const rejected = (message: string) =>
    finish(o.db, o, {
      status: 'rejected',
      totalRows: 0,
      accepted: 0,
      rejected: 0,
      problems: [],
      summary: null,
      message,
    });
  let data: PlaceData;
  try {
    await sniffKind(o.file);
    data = await loadPlaceData(o.db, o.streetId, o.scopes);
  } catch (err) {
    if (err instanceof AppError) return rejected(err.text.zh);
    throw err;
  }
  const allOrNothing = o.mode === 'all';
  const trx = o.dryRun ? null : await o.db.startTransaction().execute();
  // held until the end: tells cleanUpInterruptedImports elsewhere that this import is alive
  await trx
    ?.selectFrom('registry_imports')
    .select('id')
    .where('street_id', '=', o.streetId)
    .where('id', '=', o.importId)
    .forUpdate()
    .execute();
  const importer = new Importer({ ...o, gridNames: gridNamesOf(data), allOrNothing, trx, db: o.db });
  try {
    const source = preparedSource({
      file: o.file,
      places: data,
      keyring: o.keyring,
      allOrNothing,
      seal: trx !== null,
      ...(o.worker === undefined ? {} : { worker: o.worker }),
    });
    await importer.run(source);
  } catch (err) {
    await trx?.rollback().execute();
    if (err instanceof AppError) {
      // what was found before it stopped stays in the report
      return finish(o.db, o, {
        status: 'rejected',
        totalRows: importer.total,
        accepted: 0,
        rejected: importer.badRows.size,
        problems: [...importer.problems].sort((a, b) => a.row - b.row),
        summary: null,
        message: err.text.zh,
      });
    }
    throw err;
  }
  const problems = [...importer.problems].sort((a, b) => a.row - b.row);
  const bad = importer.badRows.size;
  const base = { totalRows: importer.total, rejected: bad, problems };
  if (bad > 0 && o.mode === 'all') {
    await trx?.rollback().execute();
    return finish(o.db, o, {
      ...base,
      status: 'rejected',
      accepted: 0,
      summary: null,
      message: `有 ${bad} 行存在问题，未导入任何数据。请修正后重新导入，或选择“仅导入正确的行”`,
    });
  }
  const accepted = importer.total - bad;
  if (!trx) {
    return finish(o.db, o, {
      ...base,
      status: 'done',
      accepted,
      summary: null,
      message: '试导入：检查通过，未写入数据',
    });
  }
  try {
    const summary = importer.counts;
    await writeAudit(trx, o.audit, {
      action: 'registry.import',
      result: 'ok',
      streetId: o.streetId,
      objectType: 'registry_import',
      objectId: o.importId,
      detail: { rows: importer.total, accepted, rejected: bad, ...summary },
    });
    const result = await finish(trx, o, { ...base, status: 'done', accepted, summary, message: null });
    await trx.commit().execute();
    await settleVisibility(o.db);
    return result;
  } catch (err) {
    await trx.rollback().execute();
    throw err;
  }
}

/**
 * After an import on PGlite, which has no autovacuum: marks the new rows all-visible (and refreshes
 * the statistics) so that the lists' counts and pages are index-only walks (bench/registry-list.ts).
 * On PostgreSQL autovacuum does this after inserts by itself (autovacuum_vacuum_insert_threshold).
 */
async function settleVisibility(db: RunImportOptions['db']): Promise<void> {
  if (!runsOnThisThread(db)) return;
  await sql`VACUUM (ANALYZE) residents, households, houses, buildings`.execute(db);
}

/** What the importing thread sends: the import's options as plain data, and the server to connect to. */
export type ImportWorkerInput = Omit<RunImportOptions, 'db' | 'keyring' | 'onProgress' | 'databaseUrl'> & {
  url: string;
  keyring: KeyringData;
};

export type ImportWorkerMessage =
  { type: 'progress'; rows: number } | { type: 'result'; result: ImportResult } | { type: 'error'; message: string };

const fileSize = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // a missing file is refused by the import itself
  }
};

/**
 * Runs the import in a worker thread with its own connections to PostgreSQL (its heap capped, so
 * that a million rows' garbage is collected as it goes instead of growing the server's heap).
 */
function importInWorker(o: RunImportOptions, url: string): Promise<ImportResult> {
  const { db: _db, keyring, onProgress, databaseUrl: _url, ...rest } = o;
  const input: Omit<ImportWorkerInput, 'entry'> = {
    ...rest,
    url,
    keyring: keyringData(keyring),
  };
  const worker = startWorker(new URL('./import-worker.ts', import.meta.url), input, {
    maxOldGenerationSizeMb: 64,
    maxYoungGenerationSizeMb: 16,
  });
  return new Promise<ImportResult>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.type === 'progress') onProgress?.(m.rows);
      else if (m.type === 'result') settle(() => resolve(m.result));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the import worker exited (${code})`))));
  });
}

/**
 * Marks imports that stopped without finishing (the process died) as failed. The registry never
 * holds part of an import (its transaction never committed); an import still running elsewhere
 * holds a lock on its row and is skipped.
 */
export async function cleanUpInterruptedImports(db: Executor, dryRunsOlderThanMs = 120_000): Promise<number> {
  // A writing import holds its row's lock for as long as it lives, so an unlocked running row is
  // dead whatever its age; a dry run holds no transaction, so only an old one is taken for dead.
  // one street at a time: a locking read stays on one shard on Citus
  const streets = await sql<{ street_id: string }>`
    SELECT DISTINCT street_id FROM registry_imports WHERE status = 'running'`.execute(db);
  let count = 0;
  for (const { street_id: streetId } of streets.rows) {
    const stale = await sql<{ id: number }>`
      UPDATE registry_imports SET status = 'failed', finished_at = now(),
        message = '导入被中断（进程退出），未写入任何数据，请重新导入'
      WHERE street_id = ${streetId} AND id IN (
        SELECT id FROM registry_imports
        WHERE street_id = ${streetId} AND status = 'running'
          AND (NOT dry_run OR updated_at < ${new Date(Date.now() - dryRunsOlderThanMs)})
        FOR UPDATE SKIP LOCKED)
      RETURNING id`.execute(db);
    count += stale.rows.length;
  }
  return count;
}

/** An import of one of these streets, or undefined. */
export function findImport(db: Executor, streets: string[], id: number) {
  return db
    .selectFrom('registry_imports')
    .selectAll()
    .where('id', '=', id)
    .where('street_id', 'in', streets.length ? streets : [''])
    .executeTakeFirst();
}

/** The latest twenty imports of these streets. */
export async function recentImports(db: Executor, streets: string[]) {
  if (streets.length === 0) return [];
  return db
    .selectFrom('registry_imports')
    .select(['id', 'file_name', 'status', 'created_at'])
    .where('street_id', 'in', streets)
    .orderBy('id', 'desc')
    .limit(20)
    .execute();
}

/** Marks an import that broke on a server error as failed (nothing was written), and audits it. */
export async function failImport(
  db: Executor,
  o: { streetId: string; importId: number; audit: AuditContext },
): Promise<void> {
  await writeAudit(db, o.audit, {
    action: 'registry.import',
    result: 'error',
    streetId: o.streetId,
    objectType: 'registry_import',
    objectId: o.importId,
    reason: 'server error',
  }).catch(() => undefined);
  await db
    .updateTable('registry_imports')
    .set({ status: 'failed', message: '导入失败（服务器错误），未写入任何数据', finished_at: new Date() })
    .where('street_id', '=', o.streetId)
    .where('id', '=', o.importId)
    .execute()
    .catch(() => undefined);
}
