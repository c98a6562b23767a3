import { sql } from 'kysely';
import { DEMO_COMMUNITY } from '../server/core/demo.js';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { benchApp, drive, fmt, machine, targets, writeSection } from './lib.js';

const PASSWORD = 'Bench@2026';
/** Households per grid (BENCH_HOUSEHOLDS_PER_GRID): 庆城社区's ten grids × 1,000 = 10,000 households in the community. */
const PER_GRID = Number(process.env.BENCH_HOUSEHOLDS_PER_GRID ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);

type Probe = { who: string; what: string; url: (ids: Ids) => string };
type Ids = { committee: number; member: number };

/** What the secretary, a member and a grid worker open in 党建引领. */
const PROBES: Probe[] = [
  {
    who: 'secretary',
    what: '组织架构 (the tree with counts)',
    url: () => `/api/party/orgs?community=${DEMO_COMMUNITY}`,
  },
  {
    who: 'secretary',
    what: '党员 of the committee (every member; audited)',
    url: (i) => `/api/party/orgs/${i.committee}/members`,
  },
  { who: 'secretary', what: '党员信息 (a card; audited)', url: (i) => `/api/party/members/${i.member}` },
  { who: 'secretary', what: '双报到 board', url: () => `/api/party/board?community=${DEMO_COMMUNITY}` },
  {
    who: 'secretary',
    what: '党建联盟 (agreements, meetings)',
    url: () => `/api/party/alliance?community=${DEMO_COMMUNITY}`,
  },
  {
    who: 'secretary',
    what: '反向评价 (30 units, figures beside)',
    url: () => `/api/party/reviews?community=${DEMO_COMMUNITY}`,
  },
  { who: 'gridworker', what: '党建地图 (party layer)', url: () => `/api/party/map?community=${DEMO_COMMUNITY}` },
  { who: 'partymember', what: '我的党建 (own record)', url: () => '/api/party/me' },
  { who: 'partymember', what: '待认领任务 (tasks)', url: () => '/api/party/tasks' },
  { who: 'handler', what: '我的共建 (a unit’s record)', url: () => '/api/party/unit-record' },
];

type Row = { probe: Probe; one: Awaited<ReturnType<typeof drive>>; run: Awaited<ReturnType<typeof drive>> };

async function measure(t: Awaited<ReturnType<typeof targets>>[number]) {
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
    const c = await sql<{ members: number; committee: number; member: number; households: number }>`
      SELECT (SELECT count(*)::int FROM party_members WHERE active) AS members,
        (SELECT min(id)::int FROM party_orgs WHERE level = 'committee') AS committee,
        (SELECT max(id)::int FROM party_members WHERE resident_id IS NOT NULL) AS member,
        (SELECT count(*)::int FROM households WHERE active AND grid_path LIKE ${`%/${DEMO_COMMUNITY}/%`}) AS households`.execute(
      database.db,
    );
    const counts = c.rows[0] as { members: number; committee: number; member: number; households: number };
    const ids = { committee: counts.committee, member: counts.member };
    const who = ['secretary', 'gridworker', 'partymember', 'handler', 'operator'];
    const { app, sessions } = await benchApp(database, keyring, who, PASSWORD);
    const get = async (as: string, url: string) => {
      const res = await app.inject({ url, headers: { cookie: sessions[as] ?? '' } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    };
    const n = Number(process.env.BENCH_REQUESTS ?? (t.name === 'PostgreSQL' ? 200 : 60));
    const rows: Row[] = [];
    for (const probe of PROBES) {
      for (let i = 0; i < 3; i++) await get(probe.who, probe.url(ids)); // warm-up
      const one = await drive(Math.ceil(n / 3), 1, () => get(probe.who, probe.url(ids)));
      const run = await drive(n, CLIENTS, () => get(probe.who, probe.url(ids)));
      rows.push({ probe, one, run });
    }
    const reference = await drive(n, CLIENTS, () => get('operator', '/api/auth/me'));
    await app.close();
    return { target: t.name, version: database.version, ...counts, rows, reference };
  } finally {
    await database.close();
  }
}

/** 党建引领's pages at a community of 10,000 households. */
export async function run(): Promise<void> {
  const results = [];
  for (const t of await targets()) {
    process.stderr.write(`party: ${t.name}\n`);
    results.push(await measure(t));
  }
  const rows = results.flatMap((r) => [
    ...r.rows.map(
      (x) =>
        `| ${r.target} | ${x.probe.who} | ${x.probe.what} | ${fmt(x.one.p50, 1)} | ${fmt(x.one.p95, 1)} | ${fmt(x.run.p95, 1)} | ${fmt(x.run.perSecond)} | ${fmt(x.run.p95 / r.reference.p95, 1)} × |`,
    ),
    `| ${r.target} | operator | *reference: GET /api/auth/me* | — | — | ${fmt(r.reference.p95, 1)} | ${fmt(r.reference.perSecond)} | 1 × |`,
  ]);
  writeSection(
    'party',
    [
      '## 党建引领 at a community of 10,000 households (`bench/party.ts`)',
      '',
      `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}.`,
      `Databases: ${results.map((r) => `${r.target}: ${r.version}, ${fmt(r.households)} households and ${fmt(r.members)} party members in 庆城社区`).join('; ')}.`,
      '',
      'Each page of the party module through the whole HTTP stack (session, permission, audit where reading members,',
      'masking), as the community secretary, a grid worker, a party member and a unit’s handler: one request at a',
      `time, then ${CLIENTS} in flight. Reference, same run and concurrency: \`GET /api/auth/me\`.`,
      '',
      `| database | as | page | p50 ms, 1 at a time | p95 ms, 1 at a time | p95 ms, ${CLIENTS} in flight | pages/s, ${CLIENTS} in flight | p95 / reference (${CLIENTS}) |`,
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}
