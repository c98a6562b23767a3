import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { Database } from '../server/core/db.js';
import { checkDigit, ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { IMPORT_COLUMNS, createImport, runImport } from '../server/modules/registry/index.js';
import { fmt, machine, targets, time, writeSection } from './lib.js';

const STREET = '350102001';
/** Households to import from CSV (one resident each): BENCH_HOUSEHOLDS, default 1,000,000. */
const CSV_ROWS = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
/**
 * PGlite holds its database in memory, and a million households in one transaction take its files past 8 GB:
 * BENCH_HOUSEHOLDS_PGLITE, default 200,000.
 */
const CSV_ROWS_PGLITE = Number(process.env.BENCH_HOUSEHOLDS_PGLITE ?? Math.min(CSV_ROWS, 200_000));
/** Rows of the XLSX file: BENCH_XLSX_ROWS, default 100,000. */
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);

export function row(n: number): string[] {
  const community = `${STREET}00${['1', '2', '4', '5', '6'][n % 5] ?? '1'}`;
  // the demo's 5 communities × 10 grids; a building lies in one grid (its rows are n, n + 5, … n + 195)
  const grid = `${community}${String(1 + (Math.floor(n / 200) % 10)).padStart(3, '0')}`;
  const born = new Date(Date.UTC(1940, 0, 1) + (n % 25_000) * 86_400_000);
  const ymd = born.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `350102${ymd}${String(Math.floor(n / 25_000) % 1000).padStart(3, '0')}`;
  const values: Record<string, string> = {
    community,
    grid,
    estate: `小区${Math.floor(n / 2000)}`,
    building: `${1 + (Math.floor(n / 40) % 50)}号楼`,
    unit: String(1 + (n % 2)),
    room: String(101 + (n % 40)),
    area: (60 + (n % 80) + 0.25).toFixed(2),
    occupancy: '自住',
    relation: '户主',
    name: `居民${n}`,
    idNumber: first17 + checkDigit(first17),
    phone: `13${String(n).padStart(9, '0')}`,
    residenceType: '户籍',
    tags: n % 13 === 0 ? '党员' : '',
  };
  return IMPORT_COLUMNS.map((c) => values[c.key] ?? '');
}

export function writeCsv(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${IMPORT_COLUMNS.map((c) => c.header).join(',')}\n`);
  let chunk: string[] = [];
  for (let n = 0; n < rows; n++) {
    chunk.push(row(n).join(','));
    if (chunk.length === 10_000) {
      fs.writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(fd, `${chunk.join('\n')}\n`);
  fs.closeSync(fd);
}

export async function writeXlsx(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet('居民信息');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.header)).commit();
  for (let n = 0; n < rows; n++) ws.addRow(row(n)).commit();
  ws.commit();
  await wb.commit();
}

/** The reference: COPY of the same file's rows into a plain table of text columns (no index, no check). */
async function copyReference(database: Database, file: string, rows: number): Promise<number> {
  const cols = IMPORT_COLUMNS.map((_, i) => `c${i} text`).join(', ');
  await sql.raw(`CREATE TABLE bench_copy (${cols})`).execute(database.db);
  const { ms } = await time(async () => {
    if (database.pglite) {
      await database.pglite.query(`COPY bench_copy FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`, [], {
        blob: new Blob([fs.readFileSync(file)]),
      });
    } else {
      const client = await database.pool.connect();
      try {
        await pipeline(
          fs.createReadStream(file),
          client.query(copyFrom('COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)')),
        );
      } finally {
        client.release();
      }
    }
  });
  const n = await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM bench_copy`.execute(database.db);
  if (n.rows[0]?.n !== rows) throw new Error(`COPY reference lost rows: ${n.rows[0]?.n} of ${rows}`);
  await sql`DROP TABLE bench_copy`.execute(database.db);
  return ms;
}

/**
 * The second reference: what the database itself takes to store the rows the import wrote, with
 * every index, key and check: the imported buildings, houses, households and residents are copied
 * aside, removed, and put back with one INSERT … SELECT per table. No import into this schema can
 * be faster than this.
 */
async function storeReference(database: Database): Promise<number> {
  const tables = ['buildings', 'houses', 'households', 'residents'];
  const columns = async (t: string) =>
    (
      await sql<{ c: string }>`SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c
        FROM information_schema.columns WHERE table_name = ${t} AND is_generated = 'NEVER'`.execute(database.db)
    ).rows[0]?.c ?? '';
  for (const t of tables) await sql.raw(`CREATE TABLE ref_${t} AS SELECT * FROM ${t}`).execute(database.db);
  await sql.raw(`TRUNCATE ${tables.join(', ')} CASCADE`).execute(database.db);
  const lists = await Promise.all(tables.map(columns));
  const { ms } = await time(async () => {
    for (const [i, t] of tables.entries()) {
      const c = lists[i] ?? '';
      await sql.raw(`INSERT INTO ${t} (${c}) OVERRIDING SYSTEM VALUE SELECT ${c} FROM ref_${t}`).execute(database.db);
    }
  });
  for (const t of tables) await sql.raw(`DROP TABLE ref_${t}`).execute(database.db);
  return ms;
}

/** Runs an import and samples the process's RSS every 50 ms: time and peak growth. */
async function measuredImport(database: Database, file: string, keyring: ReturnType<typeof ephemeralKeyring>) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const { ms, value } = await time(async () => {
      const importId = await createImport(database.db, {
        streetId: STREET,
        userId: null,
        fileName: path.basename(file),
        mode: 'all',
        dryRun: false,
      });
      return runImport({
        db: database.db,
        databaseUrl: database.url,
        keyring,
        streetId: STREET,
        importId,
        file,
        mode: 'all',
        dryRun: false,
        scopes: [],
        actorId: null,
        audit: {},
      });
    });
    if (value.status !== 'done')
      throw new Error(`import ${value.status}: ${value.message ?? ''} ${JSON.stringify(value.problems.slice(0, 5))}`);
    return { ms, rssGrowthMb: (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function benchRegistryImport(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-bench-'));
  const lines: string[] = [];
  try {
    for (const target of await targets()) {
      const rows = target.name === 'PGlite' ? CSV_ROWS_PGLITE : CSV_ROWS;
      const csv = path.join(dir, `households-${rows}.csv`);
      if (!fs.existsSync(csv)) writeCsv(csv, rows);
      const xlsx = path.join(dir, 'households.xlsx');
      if (!fs.existsSync(xlsx)) await writeXlsx(xlsx, XLSX_ROWS);
      const xlsxCsv = path.join(dir, `households-${XLSX_ROWS}.csv`);
      if (!fs.existsSync(xlsxCsv)) writeCsv(xlsxCsv, XLSX_ROWS);
      const keyring = ephemeralKeyring();
      for (const [kind, file, n, copyFile] of [
        ['CSV', csv, rows, csv],
        ['XLSX', xlsx, XLSX_ROWS, xlsxCsv],
      ] as const) {
        const database = await target.open();
        try {
          await loadDemo({
            db: database.db,
            keyring,
            password: 'Bench@2026',
            householdsPerGrid: [0, 0],
            casesPerDay: 0,
          });
          const copyMs = await copyReference(database, copyFile, n);
          const ours = await measuredImport(database, file, keyring);
          const storeMs = await storeReference(database);
          const rate = (ms: number) => n / (ms / 1000);
          lines.push(
            `| ${target.name} (${database.version}) | ${kind} | ${fmt(n)} | ${fmt(rate(ours.ms))} | ${fmt(rate(copyMs))} | **${fmt(rate(ours.ms) / rate(copyMs), 2)}** | ${fmt(rate(storeMs))} | **${fmt(rate(ours.ms) / rate(storeMs), 2)}** | ${fmt(ours.rssGrowthMb)} |`,
          );
          process.stderr.write(
            `registry-import ${target.name} ${kind}: ${fmt(ours.ms)} ms, COPY ${fmt(copyMs)} ms, store ${fmt(storeMs)} ms\n`,
          );
        } finally {
          await database.close();
        }
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return [
    '## Registry: import households (one resident each)',
    '',
    'Rows/s; higher is better. "Ours" is `runImport` end to end: read the file, check every row (ID check digit,',
    'phone, grid, duplicates in the file and against the database), seal ID and phone (AES-256-GCM + HMAC), segment',
    'names for search, and write estates → buildings → houses → households → residents with natural-key upserts,',
    'batch by batch in one transaction. Two references, measured in the same run on the same database: `COPY` of',
    'the same rows (as CSV) into a plain table of text columns; and "store", the database alone putting back the',
    'very rows the import wrote (buildings, houses, households, residents: one `INSERT … SELECT` per table from a',
    'copy, with all their indexes, keys and checks), which no import into this schema can beat.',
    '',
    '| database | file | rows | ours (rows/s) | `COPY` (rows/s) | ours ÷ COPY | store (rows/s) | ours ÷ store | peak RSS growth (MB) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...lines,
    '',
    'RSS is the Node process; for PGlite it includes the in-process database (WASM heap), so it grows with the data.',
    `Rows: \`BENCH_HOUSEHOLDS\` (default 1,000,000), \`BENCH_HOUSEHOLDS_PGLITE\` (default 200,000), \`BENCH_XLSX_ROWS\` (default 100,000).`,
    `Machine: ${machine()}. Run: ${new Date().toISOString().slice(0, 10)}.`,
  ].join('\n');
}

export async function run(): Promise<void> {
  writeSection('registry-import', await benchRegistryImport());
}
