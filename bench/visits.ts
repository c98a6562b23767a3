import { sql } from 'kysely';
import type { Database } from '../server/core/db.js';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { DEMO_SOS_SERIAL, DEMO_VENDOR } from '../server/modules/visits/care/cli.js';
import { sign } from '../server/modules/visits/care/signing.js';
import { coverageOf, generatePlans } from '../server/modules/visits/plans.js';
import { recountVisitorMonths, refreshHouseholds } from '../server/modules/visits/state.js';
import { benchApp, fmt, machine, percentile, targets, time, writeSection } from './lib.js';

/** The district (BENCH_VISITS_SCALE scales it): 10 streets × 15 communities × 10 grids = 1,500 grid workers. */
const SCALE = Number(process.env.BENCH_VISITS_SCALE ?? 1);
const STREETS = 10;
const COMMUNITIES = 15;
const GRIDS = 10;
const HOUSEHOLDS = Math.round(500_000 * SCALE);
const VISITS = Math.round(6_000_000 * SCALE);
const DISTRICT = '350199';
const PER_GRID = Math.ceil(HOUSEHOLDS / (STREETS * COMMUNITIES * GRIDS));

const streetCode = (s: number) => `${DISTRICT}${String(101 + s).padStart(3, '0')}`;

/**
 * A synthetic district written in SQL (generate_series): regions, one building per 60 households,
 * a house and a household each, one or two residents (a tenth on subsistence, a tenth floating, a
 * twentieth elderly living alone), and a year of visits spread over the households.
 */
async function synthesize(database: Database) {
  const db = database.db;
  await sql`INSERT INTO regions (code, level, name, official_name, parent_code, path, depth)
    VALUES ('35', 'province', '福建省', '福建省', NULL, '/35/', 0),
           ('3501', 'city', '福州市', '福州市', '35', '/35/3501/', 1),
           (${DISTRICT}, 'district', '测试区', '测试区', '3501', ${`/35/3501/${DISTRICT}/`}, 2)
    ON CONFLICT (code) DO NOTHING`.execute(db);
  await sql`INSERT INTO regions (code, level, name, official_name, parent_code, path, depth, street_id)
    SELECT c, 'street', '街道' || s, '街道' || s, ${DISTRICT}, ${`/35/3501/${DISTRICT}/`} || c || '/', 3, c
    FROM (SELECT s, ${DISTRICT} || lpad((101 + s)::text, 3, '0') AS c FROM generate_series(0, ${STREETS - 1}) s) x`.execute(
    db,
  );
  await sql`INSERT INTO regions (code, level, name, official_name, parent_code, path, depth, street_id)
    SELECT st.code || lpad((c + 1)::text, 3, '0'), 'community', st.name || '社区' || c, st.name || '社区' || c, st.code,
      st.path || st.code || lpad((c + 1)::text, 3, '0') || '/', 4, st.code
    FROM regions st, generate_series(0, ${COMMUNITIES - 1}) c WHERE st.level = 'street' AND st.parent_code = ${DISTRICT}`.execute(
    db,
  );
  await sql`INSERT INTO regions (code, level, name, official_name, parent_code, path, depth, street_id)
    SELECT cm.code || lpad((g + 1)::text, 3, '0'), 'grid', cm.name || '网格' || g, cm.name || '网格' || g, cm.code,
      cm.path || cm.code || lpad((g + 1)::text, 3, '0') || '/', 5, cm.street_id
    FROM regions cm, generate_series(0, ${GRIDS - 1}) g
    WHERE cm.level = 'community' AND cm.path LIKE ${`/35/3501/${DISTRICT}/%`}`.execute(db);
  const grids = `/35/3501/${DISTRICT}/%`;
  await sql`INSERT INTO buildings (street_id, community_code, grid_code, grid_path, name, floors, units)
    SELECT g.street_id, g.parent_code, g.code, g.path, g.name || '-' || b || '号楼', 18, 2
    FROM regions g, generate_series(1, ${Math.ceil(PER_GRID / 60)}) b WHERE g.level = 'grid' AND g.path LIKE ${grids}`.execute(
    db,
  );
  await sql`INSERT INTO houses (street_id, building_id, unit, room, grid_path)
    SELECT b.street_id, b.id, (1 + r % 2)::text, (100 * (1 + r / 2 % 18) + 1 + r / 36)::text, b.grid_path
    FROM buildings b, generate_series(0, ${Math.ceil(PER_GRID / Math.ceil(PER_GRID / 60)) - 1}) r WHERE b.grid_path LIKE ${grids}`.execute(
    db,
  );
  await sql`INSERT INTO households (street_id, house_id, grid_path)
    SELECT h.street_id, h.id, h.grid_path FROM houses h WHERE h.grid_path LIKE ${grids}`.execute(db);
  await sql`INSERT INTO residents (street_id, household_id, relation, name, birth_date, residence_type, tags, grid_path)
    SELECT hh.street_id, hh.id, '户主', '居民' || hh.id,
      CASE WHEN hh.id % 20 = 0 THEN date '1940-05-01' ELSE date '1975-01-01' + (hh.id % 9000)::int END,
      CASE WHEN hh.id % 10 = 3 THEN 'floating' ELSE 'registered' END,
      CASE WHEN hh.id % 10 = 1 THEN ARRAY['subsistence'] WHEN hh.id % 20 = 0 THEN ARRAY['living_alone'] ELSE '{}' END,
      hh.grid_path
    FROM households hh WHERE hh.grid_path LIKE ${grids}`.execute(db);
  const visitor = await sql<{ id: number }>`SELECT id FROM users ORDER BY id LIMIT 1`.execute(db);
  const households = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM households WHERE grid_path LIKE ${grids}`.execute(db);
  const n = households.rows[0]?.n ?? 0;
  // a year of visits: the i-th goes to household (i mod n), at a day spread over the last 365
  await sql`CREATE TABLE bench_households AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, street_id, id, grid_path
    FROM households WHERE grid_path LIKE ${grids}`.execute(db);
  await sql`CREATE INDEX ON bench_households (k)`.execute(db);
  await sql`INSERT INTO visits (street_id, household_id, grid_path, visitor_id, visited_at, kind)
    SELECT hh.street_id, hh.id, hh.grid_path, ${visitor.rows[0]?.id ?? 1},
      now() - ((i::bigint * 7919) % 365) * interval '1 day' - (i % 600) * interval '1 minute', 'home'
    FROM generate_series(0, ${VISITS - 1}) i JOIN bench_households hh ON hh.k = i % ${Math.max(1, n)}`.execute(db);
  await sql`DROP TABLE bench_households`.execute(db);
  await sql`ANALYZE`.execute(db);
  return n;
}

async function plansAndCoverage() {
  const t = (await targets()).find((x) => x.name === 'PostgreSQL');
  if (!t) throw new Error('the district benchmarks need PostgreSQL (BENCH_DATABASE_URL)');
  const database = await t.open();
  try {
    await loadDemo({
      db: database.db,
      keyring: ephemeralKeyring(),
      password: 'Bench@2026',
      householdsPerGrid: [5, 5],
      casesPerDay: 1,
    });
    const made = await time(() => synthesize(database));
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const streets = Array.from({ length: STREETS }, (_, s) => streetCode(s));
    const paths = await sql<{
      code: string;
      path: string;
    }>`SELECT code, path FROM regions WHERE code IN (${sql.join(streets)})`.execute(database.db);
    // the state the visits, the registry's events and the rules keep current, worked out once from
    // scratch (the synthetic district was written behind their back)
    const refreshed = await time(async () => {
      for (const s of paths.rows) {
        await refreshHouseholds(database.db, s.code, { underPath: s.path });
        await recountVisitorMonths(database.db, s.code, s.path);
      }
    });
    await sql`ANALYZE`.execute(database.db);
    const generate = () =>
      time(async () => {
        let households = 0;
        for (const s of paths.rows) households += (await generatePlans(database.db, s.code, s.path, month)).households;
        return households;
      });
    await generate();
    // statistics as autovacuum would soon have them: the plans table grew from the demo's few rows to
    // 1,500, and a foreign-key check planned on the few would scan it for every plan row
    await sql`ANALYZE visit_plans, visit_plan_items`.execute(database.db);
    const generated = await generate();
    // the reference: the same plan rows written into the plan table by one plain INSERT … SELECT
    // (same keys and indexes), and for context into a copy without them
    await sql`CREATE TABLE bench_plan_items AS SELECT * FROM visit_plan_items WHERE street_id IN (${sql.join(streets)})`.execute(
      database.db,
    );
    await sql`CREATE TABLE bench_plan_copy (LIKE visit_plan_items)`.execute(database.db);
    const unkeyed = await time(() =>
      sql`INSERT INTO bench_plan_copy SELECT * FROM bench_plan_items`.execute(database.db),
    );
    await sql`DELETE FROM visit_plan_items WHERE street_id IN (${sql.join(streets)})`.execute(database.db);
    const reference = await time(() =>
      sql`INSERT INTO visit_plan_items SELECT * FROM bench_plan_items`.execute(database.db),
    );
    // coverage p95: a community, a street, the district
    const community = `${streets[0]}001`;
    const cPath =
      (await sql<{ path: string }>`SELECT path FROM regions WHERE code = ${community}`.execute(database.db)).rows[0]
        ?.path ?? '';
    const sPath = paths.rows.find((r) => r.code === streets[0])?.path ?? '';
    const coverage = [];
    for (const [what, st, p] of [
      ['community (≈3,300 households)', [streets[0] as string], cPath],
      ['street (≈50,000)', [streets[0] as string], sPath],
      [`district (${fmt(HOUSEHOLDS)})`, streets, `/35/3501/${DISTRICT}/`],
    ] as const) {
      for (let i = 0; i < 2; i++) await coverageOf(database.db, st, p);
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) ms.push((await time(() => coverageOf(database.db, st, p))).ms);
      ms.sort((a, b) => a - b);
      coverage.push({ what, p50: percentile(ms, 50), p95: percentile(ms, 95) });
    }
    return { version: database.version, synthesized: made, refreshed, generated, reference, unkeyed, coverage };
  } finally {
    await database.close();
  }
}

/** Alarm → committed urgent case through the whole HTTP stack, sent at a steady rate. */
async function alarms() {
  const t = (await targets()).find((x) => x.name === 'PostgreSQL') ?? (await targets())[0];
  if (!t) throw new Error('no database');
  const database = await t.open();
  const keyring = ephemeralKeyring();
  try {
    await loadDemo({ db: database.db, keyring, password: 'Bench@2026', householdsPerGrid: [40, 40], casesPerDay: 1 });
    const devices = await sql<{ serial: string }>`SELECT serial FROM care_devices WHERE active ORDER BY id`.execute(
      database.db,
    );
    const { app, sessions } = await benchApp(database, keyring, ['operator'], 'Bench@2026');
    const rate = Number(process.env.BENCH_ALARM_RATE ?? 100);
    const total = Number(process.env.BENCH_ALARMS ?? 1000);
    const kinds = ['sos', 'smoke', 'gas', 'water', 'door', 'fall', 'heart_rate'];
    const send = async (i: number) => {
      const serial = devices.rows[i % devices.rows.length]?.serial ?? DEMO_SOS_SERIAL;
      const raw = JSON.stringify({
        serial,
        alarmId: `bench-${i}`,
        kind: kinds[Math.floor(i / devices.rows.length) % kinds.length],
        at: new Date().toISOString(),
      });
      const ts = String(Math.floor(Date.now() / 1000));
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/api/care/vendor/alarms',
        payload: raw,
        headers: {
          'content-type': 'application/json',
          'x-linli-key': DEMO_VENDOR.keyId,
          'x-linli-timestamp': ts,
          'x-linli-signature': sign(DEMO_VENDOR.secret, ts, raw),
        },
      });
      if (res.statusCode >= 300) throw new Error(`alarm ${i}: ${res.statusCode} ${res.body}`);
      return performance.now() - started;
    };
    const paced = async (fn: (i: number) => Promise<number>, n: number) => {
      const out: Promise<number>[] = [];
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        const wait = start + (i * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        out.push(fn(i));
      }
      const ms = (await Promise.all(out)).sort((a, b) => a - b);
      return {
        p50: percentile(ms, 50),
        p95: percentile(ms, 95),
        p99: percentile(ms, 99),
        seconds: (performance.now() - start) / 1000,
      };
    };
    for (let i = 0; i < 20; i++) await send(10_000 + i); // warm-up
    const alarmRun = await paced((i) => send(i), total);
    const reference = await paced(async () => {
      const started = performance.now();
      await app.inject({ url: '/api/auth/me', headers: { cookie: sessions.operator ?? '' } });
      return performance.now() - started;
    }, total);
    const cases = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM care_alarms WHERE vendor_alarm_id LIKE 'bench-%' AND case_id IS NOT NULL`.execute(
      database.db,
    );
    await app.close();
    return {
      version: database.version,
      rate,
      total,
      alarmRun,
      reference,
      cases: cases.rows[0]?.n ?? 0,
      devices: devices.rows.length,
    };
  } finally {
    await database.close();
  }
}

/** Issue 18's three figures: monthly plans for a district, coverage over 6M visits, alarm → case at 100/s. */
export async function run(): Promise<void> {
  process.stderr.write('visits: alarms\n');
  const a = await alarms();
  process.stderr.write('visits: district plans and coverage\n');
  const d = await plansAndCoverage();
  writeSection(
    'visits',
    [
      '## 联户走访 and 关护通 at district scale (`bench/visits.ts`)',
      '',
      `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}. ${d.version}.`,
      '',
      `**Monthly plans for a district.** A synthetic district written in SQL (${fmt(STREETS)} streets × ${COMMUNITIES} communities × ${GRIDS} grids = ${fmt(STREETS * COMMUNITIES * GRIDS)} grid workers,`,
      `${fmt(d.synthesized.value)} households with their residents, ${fmt(VISITS)} visits over the year; ${fmt(d.synthesized.ms / 1000, 0)} s to write).`,
      `The households' state (frequency, last visit, due day) and each visitor's month, which visits, the registry's events and the`,
      `rules keep current, worked out once from scratch for the district: ${fmt(d.refreshed.ms / 1000, 1)} s (not part of a month's generation).`,
      `\`generatePlans\` street by street (the households a birthday has moved to another frequency brought up to date, then`,
      `each grid's choice in one statement over the state) planned ${fmt(d.generated.value)} households in ${fmt(d.generated.ms / 1000, 2)} s (second run; the first replaced nothing).`,
      `Reference, same run: one plain \`INSERT … SELECT\` of the same ${fmt(d.generated.value)} rows into the plan table (its keys and indexes), ${fmt(d.reference.ms / 1000, 2)} s.`,
      `Ratio reference / generation: **${fmt(d.reference.ms / d.generated.ms, 2)}** (target ≥ 0.3). For context, the same rows into a copy of the table`,
      `without keys or indexes: ${fmt(d.unkeyed.ms / 1000, 2)} s (ratio ${fmt(d.unkeyed.ms / d.generated.ms, 3)}); the difference is the foreign-key checks every plan row needs.`,
      '',
      '**Coverage over the visits** (`coverageOf`: by frequency from the households’ state, by visitor from the counts kept per visitor and month), 20 runs each:',
      '',
      '| place | p50 ms | p95 ms (target < 200) |',
      '|---|---|---|',
      ...d.coverage.map((c) => `| ${c.what} | ${fmt(c.p50, 1)} | ${fmt(c.p95, 1)} |`),
      '',
      `**Alarm → urgent case** (${a.version}): ${fmt(a.total)} signed alarms sent at ${a.rate}/s through the whole HTTP stack`,
      `(signature, replay check, device, case through the case loop's intake, alarm row, notices, audit — committed before the`,
      `answer) over ${a.devices} demo devices; ${fmt(a.cases)} cases opened, in ${fmt(a.alarmRun.seconds, 1)} s.`,
      '',
      '| request | p50 ms | p95 ms | p99 ms (target < 500) |',
      '|---|---|---|---|',
      `| signed alarm → committed case | ${fmt(a.alarmRun.p50, 1)} | ${fmt(a.alarmRun.p95, 1)} | ${fmt(a.alarmRun.p99, 1)} |`,
      `| *reference: GET /api/auth/me at the same rate* | ${fmt(a.reference.p50, 1)} | ${fmt(a.reference.p95, 1)} | ${fmt(a.reference.p99, 1)} |`,
    ].join('\n'),
  );
}
