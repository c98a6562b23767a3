import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import {
  buildRegionRows,
  importRegions,
  readDivisions,
  upsertRegionRows,
  type RegionRow,
} from '../server/modules/org/index.js';
import type { Database } from '../server/core/db.js';
import { fmt, machine, targets, time, writeSection } from './lib.js';

const SCOPE = { level: 'province' as const, code: '50' }; // 重庆市: 1,031 streets, 11,270 communities

const csvField = (v: string | number | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);

/** The reference: COPY of the very same rows into a plain table with no index, no constraint, no conflict check. */
async function copyReference(database: Database, rows: RegionRow[]): Promise<number> {
  await sql`CREATE TABLE bench_copy (code text, level text, name text, official_name text, parent_code text,
    path text, depth smallint, street_id text)`.execute(database.db);
  const csv = rows
    .map((r) =>
      [r.code, r.level, r.name, r.officialName, r.parentCode, r.path, r.depth, r.streetId].map(csvField).join(','),
    )
    .join('\n');
  const { ms } = await time(async () => {
    if (database.pglite) {
      await database.pglite.query(`COPY bench_copy FROM '/dev/blob' WITH (FORMAT csv)`, [], {
        blob: new Blob([csv]),
      });
    } else {
      const client = await database.pool.connect();
      try {
        await pipeline(Readable.from([csv]), client.query(copyFrom('COPY bench_copy FROM STDIN WITH (FORMAT csv)')));
      } finally {
        client.release();
      }
    }
  });
  const n = await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM bench_copy`.execute(database.db);
  if (n.rows[0]?.n !== rows.length) throw new Error('COPY reference lost rows');
  return ms;
}

/** Import all of Chongqing into the region tree, on PGlite and PostgreSQL, beside a raw COPY of the same rows. */
export async function benchRegionsImport(): Promise<string> {
  const { ms: readMs, value: source } = await time(async () => {
    const out = [];
    for await (const r of readDivisions(SCOPE)) out.push(r);
    return out;
  });
  const rows = buildRegionRows(source);
  const lines: string[] = [];
  for (const target of await targets()) {
    const ms: Record<'write' | 'copy' | 'command' | 'again', number> = { write: 0, copy: 0, command: 0, again: 0 };
    // round 1: the write path alone, then COPY of the same rows into the same database
    const first = await target.open();
    const version = first.version;
    try {
      ms.write = (
        await time(() =>
          first.db.transaction().execute(async (trx) => {
            for (let i = 0; i < rows.length; i += 5000) await upsertRegionRows(trx, rows.slice(i, i + 5000));
          }),
        )
      ).ms;
      ms.copy = await copyReference(first, rows);
    } finally {
      await first.close();
    }
    // round 2: the CLI's command end to end (read CSV, build tree, write), then again (idempotent)
    const second = await target.open();
    try {
      ms.command = (await time(() => importRegions({ db: second.db, scope: SCOPE }))).ms;
      ms.again = (await time(() => importRegions({ db: second.db, scope: SCOPE }))).ms;
    } finally {
      await second.close();
    }
    const rate = (t: number) => rows.length / (t / 1000);
    lines.push(
      `| ${target.name} (${version}) | ${fmt(rate(ms.write))} | ${fmt(rate(ms.command))} | ${fmt(rate(ms.again))} | ${fmt(rate(ms.copy))} | **${fmt(rate(ms.write) / rate(ms.copy), 2)}** |`,
    );
    process.stderr.write(`regions-import ${target.name}: ${JSON.stringify(ms)}\n`);
  }
  return [
    '## Region tree: import all of Chongqing (province 50)',
    '',
    `${fmt(rows.length)} rows (1 province, ${rows.filter((r) => r.level === 'city').length} cities, ${rows.filter((r) => r.level === 'district').length} districts, ${rows.filter((r) => r.level === 'street').length} streets, ${rows.filter((r) => r.level === 'community').length} communities). Rows/s; higher is better.`,
    `Reading and parsing the division CSV files for the scope takes ${fmt(readMs)} ms (shared by both databases, part of "command").`,
    '',
    '| database | our upsert (rows/s) | `linli regions import` end to end (rows/s) | re-import, nothing changes (rows/s) | reference: `COPY` into a plain table (rows/s) | upsert ÷ COPY |',
    '|---|---:|---:|---:|---:|---:|',
    ...lines,
    '',
    'Our upsert writes the real table: primary key, parent foreign key, path index, CHECK constraints and',
    'ON CONFLICT, in 5,000-row statements of unnested arrays inside one transaction. The reference is the',
    'best the database can do with these rows: COPY into a table with no index or constraint.',
    '',
    `Machine: ${machine()}. Run: ${new Date().toISOString().slice(0, 10)}.`,
  ].join('\n');
}

export async function run(): Promise<void> {
  writeSection('regions-import', await benchRegionsImport());
}
