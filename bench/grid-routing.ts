import { sql } from 'kysely';
import pg from 'pg';
import { GridIndex, type GeoJsonGeometry } from '../server/modules/org/index.js';
import { prng } from '../server/modules/org/seed/grid-layout.js';
import { fmt, machine, postgresUrl, time, writeSection } from './lib.js';
import { databaseUrl, openScratchPostgres } from '../server/core/db.js';

/** Chongqing's scale: 65,000 grids (seeds/003) over its extent. */
const COLS = 260;
const ROWS = 250;
const BBOX = [105.3, 28.2, 110.2, 32.2] as const;
const LOOKUPS = 200_000;

/**
 * A jittered lattice: neighbouring grids share their (jittered) corners, so the polygons tile the
 * area with no gap or overlap, like real grids; every 50th grid has a hole.
 */
function synthesize(): { code: string; geometry: GeoJsonGeometry }[] {
  const rnd = prng(65_000);
  const dx = (BBOX[2] - BBOX[0]) / COLS;
  const dy = (BBOX[3] - BBOX[1]) / ROWS;
  const corner: number[][][] = [];
  for (let i = 0; i <= COLS; i++) {
    corner[i] = [];
    for (let j = 0; j <= ROWS; j++) {
      const edge = i === 0 || j === 0 || i === COLS || j === ROWS;
      const jx = edge ? 0 : (rnd() - 0.5) * dx * 0.4;
      const jy = edge ? 0 : (rnd() - 0.5) * dy * 0.4;
      (corner[i] as number[][])[j] = [BBOX[0] + i * dx + jx, BBOX[1] + j * dy + jy];
    }
  }
  const at = (i: number, j: number) => corner[i]?.[j] ?? [0, 0];
  const grids: { code: string; geometry: GeoJsonGeometry }[] = [];
  for (let i = 0; i < COLS; i++)
    for (let j = 0; j < ROWS; j++) {
      const outer = [at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1), at(i, j)];
      const n = grids.length;
      const rings = [outer];
      if (n % 50 === 0) {
        const [cx, cy] = [BBOX[0] + (i + 0.5) * dx, BBOX[1] + (j + 0.5) * dy];
        const h = [dx * 0.1, dy * 0.1] as const;
        rings.push([
          [cx - h[0], cy - h[1]],
          [cx - h[0], cy + h[1]],
          [cx + h[0], cy + h[1]],
          [cx + h[0], cy - h[1]],
          [cx - h[0], cy - h[1]],
        ]);
      }
      grids.push({ code: String(500000000000000 + n), geometry: { type: 'Polygon', coordinates: rings } });
    }
  return grids;
}

function points(n: number): [number, number][] {
  const rnd = prng(7);
  return Array.from({ length: n }, () => [
    BBOX[0] - 0.05 + (BBOX[2] - BBOX[0] + 0.1) * rnd(),
    BBOX[1] - 0.05 + (BBOX[3] - BBOX[1] + 0.1) * rnd(),
  ]);
}

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

async function postgis(grids: { code: string; geometry: GeoJsonGeometry }[], pts: [number, number][]) {
  const url = postgresUrl();
  const database = await openScratchPostgres(url, `linli_bench_gis_${process.pid}`, { poolSize: 1 });
  try {
    try {
      await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(database.db);
    } catch {
      return null;
    }
    await sql`CREATE TABLE g (code text, geom geometry(Polygon, 4326))`.execute(database.db);
    for (let i = 0; i < grids.length; i += 5000) {
      const part = grids.slice(i, i + 5000);
      await sql`INSERT INTO g SELECT c, ST_SetSRID(ST_GeomFromGeoJSON(j), 4326)
        FROM unnest(${part.map((x) => x.code)}::text[], ${part.map((x) => JSON.stringify(x.geometry))}::text[]) AS t(c, j)`.execute(
        database.db,
      );
    }
    const build = await time(() => sql`CREATE INDEX g_gist ON g USING gist (geom)`.execute(database.db));
    await sql`ANALYZE g`.execute(database.db);
    const client = new pg.Client({ connectionString: databaseUrl(url, `linli_bench_gis_${process.pid}`) });
    await client.connect();
    try {
      const q = {
        name: 'locate',
        text: 'SELECT code FROM g WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY code LIMIT 1',
      };
      const n = Math.min(pts.length, 20_000);
      const lat: number[] = [];
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await client.query({ ...q, values: pts[i] ?? [0, 0] });
        lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const total = Number(process.hrtime.bigint() - start) / 1e6;
      lat.sort((a, b) => a - b);
      return { perSec: n / (total / 1000), p50: p(lat, 0.5), p99: p(lat, 0.99), buildMs: build.ms, n };
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
}

async function benchGridRouting(): Promise<string> {
  const grids = synthesize();
  const pts = points(LOOKUPS);
  const build = await time(async () => new GridIndex(grids));
  const index = build.value;
  for (let i = 0; i < 10_000; i++) index.locate(...(pts[i] as [number, number])); // warm-up
  const lat: number[] = [];
  let found = 0;
  const start = process.hrtime.bigint();
  for (const pt of pts) {
    const t0 = process.hrtime.bigint();
    if (index.locate(pt[0], pt[1])) found++;
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const total = Number(process.hrtime.bigint() - start) / 1e6;
  lat.sort((a, b) => a - b);
  const ours = { perSec: LOOKUPS / (total / 1000), p50: p(lat, 0.5), p99: p(lat, 0.99) };
  const gis = await postgis(grids, pts);
  const rows = [
    `| Linli \`GridIndex\` (flatbush + point-in-polygon, in process, one core) | ${fmt(grids.length)} | ${fmt(build.ms)} | ${fmt(ours.perSec)} | ${fmt(ours.p50 * 1000, 1)} | ${fmt(ours.p99 * 1000, 1)} |`,
    gis
      ? `| reference: PostGIS \`ST_Intersects\` + GiST, one connection, prepared (${fmt(gis.n)} lookups) | ${fmt(grids.length)} | ${fmt(gis.buildMs)} | ${fmt(gis.perSec)} | ${fmt(gis.p50 * 1000, 1)} | ${fmt(gis.p99 * 1000, 1)} |`
      : '| reference: PostGIS — not installed on this machine (`apt-get install postgresql-15-postgis-3`) | | | | | |',
  ];
  return [
    '## Point → grid over 65,000 grid polygons',
    '',
    `${fmt(grids.length)} synthetic grids tiling Chongqing's extent (jittered lattice with shared corners, every 50th`,
    `with a hole); ${fmt(LOOKUPS)} random points, some outside coverage (${fmt(found)} found a grid).`,
    '',
    '| method | polygons | index build (ms) | lookups/s | p50 (µs) | p99 (µs) |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    gis ? `Ours ÷ PostGIS: **${fmt(ours.perSec / gis.perSec, 1)}×** the lookups per second.` : '',
    'The PostGIS figure includes the round trip to the server on the same machine, which is what a lookup from',
    'the application costs in practice.',
    '',
    `Machine: ${machine()}. Run: ${new Date().toISOString().slice(0, 10)}.`,
  ].join('\n');
}

export async function run(): Promise<void> {
  writeSection('grid-routing', await benchGridRouting());
}
