import { sql } from 'kysely';
import { DEMO_COMMUNITY, DEMO_GRID } from '../server/core/demo.js';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { benchApp, drive, fmt, machine, targets, writeSection } from './lib.js';

const PASSWORD = 'Bench@2026';
/** Households per grid: the demo's 50 grids × 1,000 = a street of 50,000 households (BENCH_HOUSEHOLDS_PER_GRID). */
const PER_GRID = Number(process.env.BENCH_HOUSEHOLDS_PER_GRID ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);

type Probe = { who: string; what: string; url: (i: number, last: number) => string; total?: number };

/** What people open: each list a community or street opens, its first pages, a deep page and the filters. */
const PROBES: Probe[] = [
  {
    who: 'community',
    what: '居民 pages 1–5',
    url: (i) => `/api/registry/residents?region=${DEMO_COMMUNITY}&page=${1 + (i % 5)}`,
  },
  {
    who: 'community',
    what: '居民 last pages',
    url: (i, last) => `/api/registry/residents?region=${DEMO_COMMUNITY}&page=${last - (i % 5)}`,
  },
  {
    who: 'community',
    what: '居民 tag 独居老人',
    url: (i) => `/api/registry/residents?region=${DEMO_COMMUNITY}&tags=living_alone&page=${1 + (i % 3)}`,
  },
  {
    who: 'community',
    what: '居民 search 王',
    url: (i) => `/api/registry/residents?region=${DEMO_COMMUNITY}&q=${encodeURIComponent('王')}&page=${1 + (i % 3)}`,
  },
  { who: 'community', what: '网格 (grid summaries)', url: () => `/api/registry/communities/${DEMO_COMMUNITY}/grids` },
  { who: 'community', what: '楼栋 (buildings)', url: () => `/api/registry/buildings?region=${DEMO_GRID}` },
  { who: 'operator', what: '居民, whole street, pages 1–5', url: (i) => `/api/registry/residents?page=${1 + (i % 5)}` },
  {
    who: 'operator',
    what: '居民, whole street, last pages',
    url: (i, last) => `/api/registry/residents?page=${last - (i % 5)}`,
  },
  // the worst case: the middle of the street's list (walked from whichever end is nearer)
  {
    who: 'operator',
    what: '居民, whole street, middle pages',
    url: (i, last) => `/api/registry/residents?page=${Math.max(1, Math.floor(last / 2) - (i % 5))}`,
  },
  { who: 'gridworker', what: '居民, own grid, pages 1–5', url: (i) => `/api/registry/residents?page=${1 + (i % 5)}` },
];

type Result = {
  target: string;
  version: string;
  households: number;
  residents: number;
  rows: {
    probe: Probe;
    total: number;
    one: Awaited<ReturnType<typeof drive>>;
    run: Awaited<ReturnType<typeof drive>>;
  }[];
  reference: Awaited<ReturnType<typeof drive>>;
};

async function measure(t: Awaited<ReturnType<typeof targets>>[number]): Promise<Result> {
  const database = await t.open();
  const keyring = ephemeralKeyring();
  try {
    await loadDemo({
      db: database.db,
      keyring,
      password: PASSWORD,
      householdsPerGrid: [PER_GRID, PER_GRID],
      casesPerDay: 1,
    });
    await sql`ANALYZE`.execute(database.db);
    const counts = await sql<{ h: number; r: number }>`
      SELECT (SELECT count(*)::int FROM households WHERE active) AS h, (SELECT count(*)::int FROM residents) AS r`.execute(
      database.db,
    );
    const { app, sessions } = await benchApp(database, keyring, ['operator', 'community', 'gridworker'], PASSWORD);
    const get = async (who: string, url: string) => {
      const res = await app.inject({ url, headers: { cookie: sessions[who] ?? '' } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res;
    };
    const n = Number(process.env.BENCH_REQUESTS ?? (t.name === 'PostgreSQL' ? 300 : 100));
    const rows: Result['rows'] = [];
    for (const probe of PROBES) {
      const first = (await get(probe.who, probe.url(0, 1))).json<{
        total?: number;
        items?: unknown[];
        grids?: unknown[];
      }>();
      const total = first.total ?? first.items?.length ?? first.grids?.length ?? 0;
      const last = Math.max(5, Math.ceil(total / 20));
      for (let i = 0; i < 5; i++) await get(probe.who, probe.url(i, last)); // warm-up
      // one person clicking through, then CLIENTS people at once
      const one = await drive(Math.ceil(n / 3), 1, (i) => get(probe.who, probe.url(i, last)).then(() => undefined));
      const run = await drive(n, CLIENTS, (i) => get(probe.who, probe.url(i, last)).then(() => undefined));
      rows.push({ probe, total, one, run });
    }
    const reference = await drive(n, CLIENTS, () => get('operator', '/api/auth/me').then(() => undefined));
    await app.close();
    return {
      target: t.name,
      version: database.version,
      households: counts.rows[0]?.h ?? 0,
      residents: counts.rows[0]?.r ?? 0,
      rows,
      reference,
    };
  } finally {
    await database.close();
  }
}

/** Every list a community or street opens, at a street of 50,000 households. */
export async function run(): Promise<void> {
  const results: Result[] = [];
  for (const t of await targets()) {
    process.stderr.write(`registry-list: ${t.name}\n`);
    results.push(await measure(t));
  }
  const rows = results.flatMap((r) => [
    ...r.rows.map(
      (x) =>
        `| ${r.target} | ${x.probe.who} | ${x.probe.what} | ${fmt(x.total)} | ${fmt(x.one.p50, 1)} | ${fmt(x.one.p95, 1)} | ${fmt(x.run.p95, 1)} | ${fmt(x.run.perSecond)} | ${fmt(x.run.p95 / r.reference.p95, 1)} × |`,
    ),
    `| ${r.target} | operator | *reference: GET /api/auth/me* | — | — | — | ${fmt(r.reference.p95, 1)} | ${fmt(r.reference.perSecond)} | 1 × |`,
  ]);
  writeSection(
    'registry-list',
    [
      '## The registry lists at 50,000 households (`bench/registry-list.ts`)',
      '',
      `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}.`,
      `Databases: ${results.map((r) => `${r.target}: ${r.version}, ${fmt(r.households)} households, ${fmt(r.residents)} residents in the street`).join('; ')}.`,
      '',
      'Each list through the whole HTTP stack (session, scope, filter, count, sort, page, masking), as the street’s',
      "operator, 庆城社区's worker and a grid worker: first one request at a time (what a person clicking through",
      `feels), then ${CLIENTS} in flight (a busy office; PGlite runs one statement at a time, so there a request waits`,
      'for the others). Reference, same run and concurrency: `GET /api/auth/me`. Target (issue 15): p95 < 300 ms for',
      'any page of any list a community or street opens. Plan: the page’s keys found on `residents` alone in',
      '(street, grid path, id) order — an index-only walk of `residents_list_idx` (active residents, C collation) —',
      'then only those 20 rows joined to house, building, estate and grid; the exact count from the same index;',
      'every scope term names its street (`street_id = … AND grid_path LIKE …`).',
      '',
      `| database | as | list | rows in list | p50 ms, 1 at a time | p95 ms, 1 at a time | p95 ms, ${CLIENTS} in flight | pages/s, ${CLIENTS} in flight | p95 / reference (${CLIENTS}) |`,
      '|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}
