import { sql } from 'kysely';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Db, Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { encrypt, lookupHash, type Keyring } from '../../../core/pii/index.js';
import { searchDocument } from '../../../core/text-search.js';
import type { ImportProblem } from '../tables.js';
import { COLUMNS, type ColumnKey, type RawRow } from './columns.js';
import { loadPlaces } from './places.js';
import { readRows, sniffKind } from './reader.js';
import { tidy, validateRow, type ValidRow } from './validate.js';

/** Problems kept for the report; beyond that only the count. */
const MAX_PROBLEMS = 10_000;
const BATCH = 2_000;

export type ImportMode = 'all' | 'valid';

export type ImportSummary = {
  estates: number;
  buildingsNew: number;
  housesNew: number;
  housesChanged: number;
  householdsNew: number;
  residentsNew: number;
  residentsChanged: number;
  residentsMoved: number;
};

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

/** Maps the header row to column keys; refuses a file whose required headers are missing. */
function headerMap(values: string[]): Map<ColumnKey, number> {
  const at = new Map<ColumnKey, number>();
  const cells = values.map((v) => tidy(v).replace(/\s/g, ''));
  for (const c of COLUMNS) {
    const i = cells.indexOf(c.header.replace(/\s/g, ''));
    if (i >= 0) at.set(c.key, i);
  }
  const missing = COLUMNS.filter((c) => c.required && !at.has(c.key)).map((c) => c.header);
  if (missing.length > 0) {
    throw new AppError('validation', {
      zh: `表头不符合模板：缺少列 ${missing.join('、')}。请下载模板，第一行保留模板表头`,
      en: `The header row does not match the template: missing ${missing.join(', ')}`,
    });
  }
  return at;
}

const placeCache = new Map<string, string>();
/** The search words of a row's place: the same for every resident of a building, so computed once. */
function placeWords(r: ValidRow): string {
  const key = `${r.estate ?? ''}|${r.building}|${r.address ?? ''}`;
  let words = placeCache.get(key);
  if (words === undefined) {
    if (placeCache.size > 50_000) placeCache.clear();
    words = searchDocument([r.estate, r.building, r.address]);
    placeCache.set(key, words);
  }
  return words;
}

function stageRow(keyring: Keyring, streetId: string, importId: number, r: ValidRow) {
  return {
    street_id: streetId,
    import_id: importId,
    row_no: r.row,
    community_code: r.communityCode,
    grid_code: r.gridCode,
    grid_path: r.gridPath,
    estate: r.estate,
    building: r.building,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    unit: r.unit,
    room: r.room,
    area: r.area,
    occupancy: r.occupancy,
    household: r.household,
    relation: r.relation,
    name: r.name,
    id_cipher: encrypt(keyring, r.idNumber),
    id_hash: lookupHash(keyring, r.idNumber),
    phone_cipher: r.phone ? encrypt(keyring, r.phone) : null,
    phone_hash: r.phone ? lookupHash(keyring, r.phone) : null,
    sex: r.sex,
    birth_date: r.birthDate,
    residence_type: r.residenceType,
    tags: r.tags,
    search: `${searchDocument([r.name])} ${placeWords(r)}`,
  };
}

type Staged = ReturnType<typeof stageRow>;

/** One statement per batch: every column as one array, unnested server-side (one parse, one plan). */
async function insertStaged(db: Executor, rows: Staged[]): Promise<void> {
  const col = <K extends keyof Staged>(k: K) => rows.map((r) => r[k]);
  await sql`
    INSERT INTO registry_import_rows (street_id, import_id, row_no, community_code, grid_code, grid_path, estate,
      building, address, lng, lat, unit, room, area, occupancy, household, relation, name, id_cipher, id_hash,
      phone_cipher, phone_hash, sex, birth_date, residence_type, tags, search)
    SELECT street_id, import_id, row_no, community_code, grid_code, grid_path, estate, building, address, lng, lat,
      unit, room, area, occupancy, household, relation, name, id_cipher, id_hash, phone_cipher, phone_hash, sex,
      birth_date, residence_type, CASE WHEN tags = '' THEN '{}'::text[] ELSE string_to_array(tags, ',') END, search
    FROM unnest(
      ${col('street_id')}::text[], ${col('import_id')}::bigint[], ${col('row_no')}::int[],
      ${col('community_code')}::text[], ${col('grid_code')}::text[], ${col('grid_path')}::text[],
      ${col('estate')}::text[], ${col('building')}::text[], ${col('address')}::text[],
      ${col('lng')}::float8[], ${col('lat')}::float8[], ${col('unit')}::text[], ${col('room')}::text[],
      ${col('area')}::numeric[], ${col('occupancy')}::text[], ${col('household')}::text[],
      ${col('relation')}::text[], ${col('name')}::text[], ${col('id_cipher')}::text[], ${col('id_hash')}::text[],
      ${col('phone_cipher')}::text[], ${col('phone_hash')}::text[], ${col('sex')}::text[],
      ${col('birth_date')}::date[], ${col('residence_type')}::text[], ${rows.map((r) => r.tags.join(','))}::text[],
      ${col('search')}::text[])
    AS t(street_id, import_id, row_no, community_code, grid_code, grid_path, estate, building, address, lng, lat,
      unit, room, area, occupancy, household, relation, name, id_cipher, id_hash, phone_cipher, phone_hash, sex,
      birth_date, residence_type, tags, search)`.execute(db);
}

/**
 * Phase 1: reads, checks and seals every row, staging the valid ones in batches (each its own
 * short transaction, so the server keeps answering on PGlite's single connection). Returns the
 * row count and the problems found.
 */
async function stage(o: RunImportOptions): Promise<{ total: number; problems: ImportProblem[]; badRows: Set<number> }> {
  const kind = await sniffKind(o.file);
  const places = await loadPlaces(o.db, o.streetId, o.scopes);
  const seen = new Map<string, number>();
  const problems: ImportProblem[] = [];
  const badRows = new Set<number>();
  let header: Map<ColumnKey, number> | null = null;
  let total = 0;
  let batch: ReturnType<typeof stageRow>[] = [];
  // one batch in flight while the next is read and sealed: the database and Node work at the same time
  let pending: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    const upTo = total;
    batch = [];
    await pending;
    pending = (async () => {
      await insertStaged(o.db, rows);
      await o.db
        .updateTable('registry_imports')
        .set({ total_rows: upTo, updated_at: new Date() })
        .where('street_id', '=', o.streetId)
        .where('id', '=', o.importId)
        .execute();
      o.onProgress?.(upTo);
    })();
    pending.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
  };
  const note = (p: ImportProblem[]) => {
    for (const x of p) {
      badRows.add(x.row);
      if (problems.length < MAX_PROBLEMS) problems.push(x);
    }
  };
  try {
    for await (const { row, values } of readRows(o.file, kind)) {
      if (!header) {
        header = headerMap(values);
        continue;
      }
      total++;
      const raw: RawRow = {};
      for (const [key, i] of header) raw[key] = values[i] ?? '';
      const checked = validateRow(row, raw, places);
      if (Array.isArray(checked)) {
        note(checked);
        continue;
      }
      const first = seen.get(checked.idNumber);
      if (first !== undefined) {
        note([{ row, column: '身份证号', reason: `与第 ${first} 行的身份证号重复` }]);
        continue;
      }
      seen.set(checked.idNumber, row);
      batch.push(stageRow(o.keyring, o.streetId, o.importId, checked));
      if (batch.length >= BATCH) await flush();
    }
  } catch (err) {
    // let the batch in flight land before the caller removes the staged rows
    await pending.catch(() => undefined);
    throw err;
  }
  if (!header) throw new AppError('validation', { zh: '文件是空的：没有表头和数据行', en: 'The file is empty' });
  await flush();
  await pending;
  if (total === 0)
    throw new AppError('validation', { zh: '文件只有表头，没有数据行', en: 'The file has no data rows' });
  return { total, problems, badRows };
}

/** Rows whose data contradicts the database: an ID registered to another name, a building in another grid. */
async function conflicts(trx: Executor, streetId: string, importId: number): Promise<ImportProblem[]> {
  const ids = await sql<{ row_no: number }>`
    SELECT s.row_no FROM registry_import_rows s
    JOIN residents r ON r.street_id = s.street_id AND r.id_hash = s.id_hash
    WHERE s.street_id = ${streetId} AND s.import_id = ${importId} AND r.name <> s.name
    ORDER BY s.row_no LIMIT ${MAX_PROBLEMS}`.execute(trx);
  const buildings = await sql<{ row_no: number; grid: string }>`
    SELECT s.row_no, g.name AS grid FROM registry_import_rows s
    LEFT JOIN estates e ON e.street_id = s.street_id AND e.community_code = s.community_code AND e.name = s.estate
    JOIN buildings b ON b.street_id = s.street_id AND b.community_code = s.community_code
      AND b.estate_key = coalesce(e.id, 0) AND b.name = s.building
    JOIN regions g ON g.code = b.grid_code
    WHERE s.street_id = ${streetId} AND s.import_id = ${importId} AND b.grid_code <> s.grid_code
    ORDER BY s.row_no LIMIT ${MAX_PROBLEMS}`.execute(trx);
  return [
    ...ids.rows.map((r) => ({
      row: r.row_no,
      column: '身份证号',
      reason: '该身份证号已登记在另一姓名下，请核对姓名或身份证号',
    })),
    ...buildings.rows.map((r) => ({ row: r.row_no, column: '网格', reason: `该楼栋已属于“${r.grid}”` })),
  ];
}

/**
 * Fresh planner statistics for a table the merge just filled: without them PostgreSQL (and PGlite)
 * plans the joins for empty tables and the merge turns quadratic.
 */
async function analyze(trx: Executor, table: string): Promise<void> {
  await sql`ANALYZE ${sql.table(table)}`.execute(trx);
}

const count = (r: { numAffectedRows?: bigint } | { rows: unknown[] }) =>
  'rows' in r ? r.rows.length : Number(r.numAffectedRows ?? 0n);

/** Phase 2 (inside the transaction): set-based upserts from the staged rows, on natural keys. */
async function merge(
  trx: Executor,
  streetId: string,
  importId: number,
  actorId: number | null,
): Promise<ImportSummary> {
  const s = sql`s.street_id = ${streetId} AND s.import_id = ${importId}`;
  const estates = await sql`
    INSERT INTO estates (street_id, community_code, name)
    SELECT DISTINCT s.street_id, s.community_code, s.estate FROM registry_import_rows s
    WHERE ${s} AND s.estate IS NOT NULL
    ON CONFLICT DO NOTHING`.execute(trx);
  // the staged rows with the ids of their estate, building and house as they come to exist
  const place = sql`
    FROM registry_import_rows s
    LEFT JOIN estates e ON e.street_id = s.street_id AND e.community_code = s.community_code AND e.name = s.estate`;
  const buildings = await sql`
    INSERT INTO buildings (street_id, community_code, grid_code, grid_path, estate_id, name, address, lng, lat)
    SELECT DISTINCT ON (s.community_code, coalesce(e.id, 0), s.building)
      s.street_id, s.community_code, s.grid_code, s.grid_path, e.id, s.building, s.address, s.lng, s.lat
    ${place} WHERE ${s}
    ORDER BY s.community_code, coalesce(e.id, 0), s.building, s.row_no
    ON CONFLICT (street_id, community_code, estate_key, name) DO UPDATE SET
      address = coalesce(EXCLUDED.address, buildings.address), lng = coalesce(EXCLUDED.lng, buildings.lng),
      lat = coalesce(EXCLUDED.lat, buildings.lat), updated_at = now()
      WHERE (coalesce(EXCLUDED.address, buildings.address), coalesce(EXCLUDED.lng, buildings.lng),
        coalesce(EXCLUDED.lat, buildings.lat)) IS DISTINCT FROM (buildings.address, buildings.lng, buildings.lat)
    RETURNING (xmax = 0) AS inserted`.execute(trx);
  const withBuilding = sql`${place}
    JOIN buildings b ON b.street_id = s.street_id AND b.community_code = s.community_code
      AND b.estate_key = coalesce(e.id, 0) AND b.name = s.building`;
  await analyze(trx, 'buildings');
  const houses = await sql<{ inserted: boolean }>`
    INSERT INTO houses (street_id, building_id, unit, room, area, occupancy, grid_path)
    SELECT DISTINCT ON (b.id, s.unit, s.room) s.street_id, b.id, s.unit, s.room, s.area, s.occupancy, b.grid_path
    ${withBuilding} WHERE ${s}
    ORDER BY b.id, s.unit, s.room, s.row_no
    ON CONFLICT (street_id, building_id, unit, room) DO UPDATE
      SET area = coalesce(EXCLUDED.area, houses.area), occupancy = EXCLUDED.occupancy, updated_at = now()
      WHERE (coalesce(EXCLUDED.area, houses.area), EXCLUDED.occupancy) IS DISTINCT FROM (houses.area, houses.occupancy)
    RETURNING (xmax = 0) AS inserted`.execute(trx);
  const withHouse = sql`${withBuilding}
    JOIN houses h ON h.street_id = s.street_id AND h.building_id = b.id AND h.unit = s.unit AND h.room = s.room`;
  await analyze(trx, 'houses');
  const households = await sql`
    INSERT INTO households (street_id, house_id, number, grid_path)
    SELECT DISTINCT s.street_id, h.id, s.household, h.grid_path ${withHouse} WHERE ${s}
    ON CONFLICT (street_id, house_id, number) DO UPDATE SET active = true, updated_at = now()
      WHERE NOT households.active
    RETURNING (xmax = 0) AS inserted`.execute(trx);
  const withHousehold = sql`${withHouse}
    JOIN households hh ON hh.street_id = s.street_id AND hh.house_id = h.id AND hh.number = s.household`;
  // history first: residents who move to another household
  await analyze(trx, 'households');
  const moved = await sql`
    INSERT INTO registry_events (street_id, actor_id, kind, resident_id, household_id, house_id, detail)
    SELECT s.street_id, ${actorId}::bigint, 'moved', r.id, hh.id, h.id,
      jsonb_build_object('fromHousehold', r.household_id, 'import', ${importId}::bigint)
    ${withHousehold}
    JOIN residents r ON r.street_id = s.street_id AND r.id_hash = s.id_hash
    WHERE ${s} AND r.household_id IS DISTINCT FROM hh.id`.execute(trx);
  const residents = await sql<{ inserted: boolean }>`
    INSERT INTO residents (street_id, household_id, relation, name, id_cipher, id_hash, phone_cipher, phone_hash,
      sex, birth_date, residence_type, tags, status, grid_path, search)
    SELECT s.street_id, hh.id, s.relation, s.name, s.id_cipher, s.id_hash, s.phone_cipher, s.phone_hash,
      s.sex, s.birth_date, s.residence_type, s.tags, 'active', hh.grid_path, to_tsvector('simple', s.search)
    ${withHousehold} WHERE ${s}
    ON CONFLICT (street_id, id_hash) DO UPDATE SET
      household_id = EXCLUDED.household_id, relation = EXCLUDED.relation, name = EXCLUDED.name,
      phone_cipher = CASE WHEN residents.phone_hash IS DISTINCT FROM EXCLUDED.phone_hash
        THEN EXCLUDED.phone_cipher ELSE residents.phone_cipher END,
      phone_hash = EXCLUDED.phone_hash, residence_type = EXCLUDED.residence_type, tags = EXCLUDED.tags,
      status = 'active', grid_path = EXCLUDED.grid_path, search = EXCLUDED.search, updated_at = now()
    WHERE (residents.household_id, residents.relation, residents.name, residents.phone_hash,
        residents.residence_type, residents.tags, residents.status, residents.grid_path)
      IS DISTINCT FROM (EXCLUDED.household_id, EXCLUDED.relation, EXCLUDED.name, EXCLUDED.phone_hash,
        EXCLUDED.residence_type, EXCLUDED.tags, 'active', EXCLUDED.grid_path)
    RETURNING (xmax = 0) AS inserted`.execute(trx);
  const split = (rows: { inserted: boolean }[]) => ({
    inserted: rows.filter((r) => r.inserted).length,
    updated: rows.filter((r) => !r.inserted).length,
  });
  const h = split(houses.rows);
  const r = split(residents.rows);
  return {
    estates: count(estates),
    buildingsNew: split(buildings.rows as { inserted: boolean }[]).inserted,
    housesNew: h.inserted,
    housesChanged: h.updated,
    householdsNew: split(households.rows as { inserted: boolean }[]).inserted,
    residentsNew: r.inserted,
    residentsChanged: r.updated,
    residentsMoved: count(moved),
  };
}

async function finish(db: Executor, o: RunImportOptions, result: Omit<ImportResult, 'id'>): Promise<ImportResult> {
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
  await db
    .deleteFrom('registry_import_rows')
    .where('street_id', '=', o.streetId)
    .where('import_id', '=', o.importId)
    .execute();
  return { id: o.importId, ...result };
}

/**
 * Imports buildings, houses, households and residents from an XLSX or CSV file filled in from the
 * template. All or nothing by default: a file with any bad row changes nothing and the result lists
 * every problem (row, column, reason in Chinese); mode `valid` imports the good rows. Re-importing
 * the same file changes nothing (upserts on natural keys with change detection).
 */
export async function runImport(o: RunImportOptions): Promise<ImportResult> {
  let staged: Awaited<ReturnType<typeof stage>>;
  try {
    staged = await stage(o);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return finish(o.db, o, {
      status: 'rejected',
      totalRows: 0,
      accepted: 0,
      rejected: 0,
      problems: [],
      summary: null,
      message: err.text.zh,
    });
  }
  return o.db.transaction().execute(async (trx) => {
    await analyze(trx, 'registry_import_rows');
    const found = await conflicts(trx, o.streetId, o.importId);
    const problems = [...staged.problems, ...found].sort((a, b) => a.row - b.row).slice(0, MAX_PROBLEMS);
    const badRows = new Set([...staged.badRows, ...found.map((p) => p.row)]);
    const base = { totalRows: staged.total, rejected: badRows.size, problems };
    if (problems.length > 0 && o.mode === 'all') {
      return finish(trx, o, {
        ...base,
        status: 'rejected',
        accepted: 0,
        summary: null,
        message: `有 ${badRows.size} 行存在问题，未导入任何数据。请修正后重新导入，或选择“仅导入正确的行”`,
      });
    }
    if (found.length > 0) {
      await trx
        .deleteFrom('registry_import_rows')
        .where('street_id', '=', o.streetId)
        .where('import_id', '=', o.importId)
        .where(
          'row_no',
          'in',
          found.map((p) => p.row),
        )
        .execute();
    }
    const accepted = staged.total - badRows.size;
    if (o.dryRun) {
      return finish(trx, o, {
        ...base,
        status: 'done',
        accepted,
        summary: null,
        message: '试导入：检查通过，未写入数据',
      });
    }
    const summary = await merge(trx, o.streetId, o.importId, o.actorId);
    await writeAudit(trx, o.audit, {
      action: 'registry.import',
      result: 'ok',
      streetId: o.streetId,
      objectType: 'registry_import',
      objectId: o.importId,
      detail: { rows: staged.total, accepted, rejected: badRows.size, ...summary },
    });
    return finish(trx, o, { ...base, status: 'done', accepted, summary, message: null });
  });
}

/**
 * Marks imports that stopped without finishing (the process died) as failed and removes their
 * staged rows. The registry itself never holds part of an import: the merge is one transaction.
 */
export async function cleanUpInterruptedImports(db: Executor, olderThanMs = 120_000): Promise<number> {
  const stale = await db
    .updateTable('registry_imports')
    .set({
      status: 'failed',
      message: '导入被中断（进程退出），未写入任何数据，请重新导入',
      finished_at: new Date(),
    })
    .where('status', '=', 'running')
    .where('updated_at', '<', new Date(Date.now() - olderThanMs))
    .returning(['street_id', 'id'])
    .execute();
  for (const s of stale) {
    await db
      .deleteFrom('registry_import_rows')
      .where('street_id', '=', s.street_id)
      .where('import_id', '=', s.id)
      .execute();
  }
  return stale.length;
}
