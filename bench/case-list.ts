import { sql } from 'kysely';
import { caseQueues } from '../contracts/cases.js';
import type { Database } from '../server/core/db.js';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { benchApp, drive, fmt, machine, targets, writeSection } from './lib.js';

const PASSWORD = 'Bench@2026';
/** Cases in the street: BENCH_CASES, default 100,000. */
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
/** Requests in flight. */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
/** Every tab of the workbench but the user's own reports. */
const TABS = caseQueues.filter((q) => q !== 'mine');

/**
 * A year of a busy street: the demo's cases copied until the street holds CASES of them, spread
 * over the year, most closed and the rest in every queue of the workbench (as the copies' states).
 */
async function fillCases(database: Database): Promise<number> {
  const demo = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases`.execute(database.db);
  const have = demo.rows[0]?.n ?? 0;
  if (have === 0) throw new Error('the demo has no cases to copy');
  const copies = Math.ceil((CASES - have) / have);
  await sql`
    INSERT INTO cases (street_id, category_id, tier, source, title, description, address, lng, lat, grid_code,
      community_code, region_path, level, submitter_key, reporter_user_id, reporter_name, anonymous, status,
      agency_id, supervision, registered_at, dispatched_at, signed_at, contacted_at, handled_at, closed_at,
      sign_due_at, handle_started_at, handle_due_at, reworks, result, rating, solved, rated_at, created_at, updated_at)
    SELECT street_id, category_id, tier, source, title, description, address, lng, lat, grid_code,
      community_code, region_path, level, submitter_key, reporter_user_id, reporter_name, anonymous, status,
      agency_id, supervision, registered_at - s.shift, dispatched_at - s.shift, signed_at - s.shift,
      contacted_at - s.shift, handled_at - s.shift, closed_at - s.shift, sign_due_at - s.shift,
      handle_started_at - s.shift, handle_due_at - s.shift, reworks, result, rating, solved, rated_at - s.shift,
      created_at - s.shift, updated_at - s.shift
    FROM cases c
    CROSS JOIN LATERAL (SELECT g, make_interval(mins => (g * 37) % 720) AS shift
      FROM generate_series(1, ${copies}) g) s
    WHERE c.status <> 'merged'
    LIMIT ${CASES - have}`.execute(database.db);
  await sql`ANALYZE`.execute(database.db);
  const all = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cases`.execute(database.db);
  return all.rows[0]?.n ?? 0;
}

type Result = {
  target: string;
  version: string;
  cases: number;
  tabs: { who: string; tab: string; total: number; run: Awaited<ReturnType<typeof drive>> }[];
  reference: Awaited<ReturnType<typeof drive>>;
};

async function measure(t: Awaited<ReturnType<typeof targets>>[number]): Promise<Result> {
  const database = await t.open();
  const keyring = ephemeralKeyring();
  try {
    await loadDemo({ db: database.db, keyring, password: PASSWORD, householdsPerGrid: [0, 0] });
    const cases = await fillCases(database);
    const { app, sessions } = await benchApp(database, keyring, ['operator', 'community', 'gridworker'], PASSWORD);
    const n = Number(process.env.BENCH_REQUESTS ?? (t.name === 'PostgreSQL' ? 1000 : 300));
    const get = async (who: string, url: string) => {
      const res = await app.inject({ url, headers: { cookie: sessions[who] ?? '' } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return res;
    };
    // warm-up: every tab once per role
    for (const who of Object.keys(sessions)) for (const tab of TABS) await get(who, `/api/cases?queue=${tab}`);
    const tabs: Result['tabs'] = [];
    const only = process.env.BENCH_TABS?.split(',');
    for (const who of ['operator', 'community', 'gridworker']) {
      for (const tab of TABS.filter((x) => !only || only.includes(x))) {
        const url = `/api/cases?queue=${tab}&page=1&pageSize=20`;
        const total = (await get(who, url)).json<{ total: number }>().total;
        // pages 1–5, as people click through
        const run = await drive(n, CLIENTS, (i) =>
          get(who, `/api/cases?queue=${tab}&page=${1 + (i % 5)}&pageSize=20`).then(() => undefined),
        );
        tabs.push({ who, tab, total, run });
      }
    }
    // reference: the fixed cost of a signed-in request — the session looked up, the user answered
    const reference = await drive(n, CLIENTS, () => get('operator', '/api/auth/me').then(() => undefined));
    await app.close();
    return { target: t.name, version: database.version, cases, tabs, reference };
  } finally {
    await database.close();
  }
}

/** A page of every workbench tab, 50 clients at once, on a street with 100,000 cases. */
export async function run(): Promise<void> {
  const results: Result[] = [];
  for (const t of await targets()) {
    process.stderr.write(`case-list: ${t.name}\n`);
    results.push(await measure(t));
  }
  const rows = results.flatMap((r) => [
    ...r.tabs.map(
      (x) =>
        `| ${r.target} | ${x.who} | ${x.tab} | ${fmt(x.total)} | ${fmt(x.run.perSecond)} | ${fmt(x.run.p50, 1)} | ${fmt(x.run.p95, 1)} | ${fmt(x.run.p95 / r.reference.p95, 1)} × |`,
    ),
    `| ${r.target} | operator | *reference: GET /api/auth/me* | — | ${fmt(r.reference.perSecond)} | ${fmt(r.reference.p50, 1)} | ${fmt(r.reference.p95, 1)} | 1 × |`,
  ]);
  writeSection(
    'case-list',
    [
      '## The case workbench under load (`bench/case-list.ts`)',
      '',
      `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}.`,
      `Databases: ${results.map((r) => `${r.target}: ${r.version}, ${fmt(r.cases)} cases in the street`).join('; ')}.`,
      '',
      `\`GET /api/cases?queue=TAB&page=1..5&pageSize=20\` through the whole HTTP stack (session, scope, filter,`,
      `count, sort, page), ${CLIENTS} requests in flight, as the street's operator (the whole street), a community`,
      'worker and a grid worker. The cases are the demo’s year copied until the street holds the number above',
      '(most closed, the rest spread over every queue). Reference, measured in the same run at the same',
      'concurrency: `GET /api/auth/me` (the session looked up, the user and abilities answered). Target:',
      `p95 < 100 ms for a page of any tab at ${CLIENTS} clients on PostgreSQL.`,
      '',
      '| database | as | tab | cases in tab | pages/s | p50 ms | p95 ms | p95 / reference |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
}
