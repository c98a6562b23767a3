import { sql } from 'kysely';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { fireDueTimers, startScheduler } from '../server/modules/cases/index.js';
import { fmt, machine, percentile, targets, time, writeSection } from './lib.js';

const OPEN = Number(process.env.BENCH_OPEN_CASES ?? 200_000);
/** Warnings that fall due during the measured minute. */
const DUE = 3_000;
const WINDOW_S = 60;
/** Timers already due at start (a server that was down): how fast the backlog drains. */
const BACKLOG = 5_000;

type Result = {
  target: string;
  version: string;
  p50: number;
  p99: number;
  max: number;
  fired: number;
  drainPerSecond: number;
};

async function measure(t: Awaited<ReturnType<typeof targets>>[number]): Promise<Result> {
  const database = await t.open();
  const db = database.db;
  try {
    await loadDemo({
      db,
      keyring: ephemeralKeyring(),
      password: 'Bench@2026',
      householdsPerGrid: [0, 0],
      casesPerDay: 0,
    });
    const grid = await db
      .selectFrom('regions')
      .select(['code', 'path', 'parent_code'])
      .where('level', '=', 'grid')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const category = await db
      .selectFrom('case_categories')
      .select('id')
      .where('code', '=', 'env.sanitation')
      .executeTakeFirstOrThrow();
    // open cases being handled, each with its handling warning, overdue and escalation pending days ahead
    for (let start = 0; start < OPEN; start += 50_000) {
      const n = Math.min(50_000, OPEN - start);
      await sql`
        INSERT INTO cases (street_id, source, category_id, tier, title, description, grid_code, community_code, region_path,
          submitter_key, status, dispatched_at, signed_at, handle_started_at, handle_due_at, created_at, registered_at)
        SELECT '350102001', 'patrol', ${category.id}, 'public', '基准案件', '基准案件', ${grid.code}, ${grid.parent_code}, ${grid.path},
          'bench', 'handling', now() - interval '1 hour', now() - interval '50 minutes', now() - interval '1 hour',
          now() + (2 + g % 10) * interval '1 day', now() - interval '2 hours', now() - interval '90 minutes'
        FROM generate_series(1, ${n}) g`.execute(db);
    }
    await sql`
      INSERT INTO case_timers (street_id, case_id, kind, due_at)
      SELECT c.street_id, c.id, k.kind, c.handle_due_at + k.shift
      FROM cases c CROSS JOIN (VALUES ('handle_warning', interval '-1 day'), ('handle_overdue', interval '0'),
        ('escalate', interval '5 days')) AS k (kind, shift)
      WHERE c.submitter_key = 'bench'`.execute(db);
    await sql`ANALYZE`.execute(db);
    // the measured warnings: spread evenly over the next minute
    await sql`
      UPDATE case_timers t SET due_at = now() + interval '5 seconds' + (s.n * ${(WINDOW_S * 1000) / DUE}) * interval '1 millisecond'
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM case_timers WHERE kind = 'handle_warning' ORDER BY id LIMIT ${DUE}) s
      WHERE t.id = s.id`.execute(db);
    const scheduler = startScheduler(db, { intervalMs: 1000 });
    const deadline = Date.now() + (WINDOW_S + 60) * 1000;
    let fired = 0;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2000));
      const row = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM case_timers WHERE kind = 'handle_warning' AND fired_at IS NOT NULL`.execute(db);
      fired = row.rows[0]?.n ?? 0;
      if (fired >= DUE) break;
    }
    await scheduler.stop();
    const late = await sql<{ ms: number }>`
      SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms FROM case_timers WHERE kind = 'handle_warning' AND fired_at IS NOT NULL`.execute(
      db,
    );
    const ms = late.rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    // a backlog: timers that fell due while the server was down
    await sql`UPDATE case_timers SET due_at = now() - interval '1 minute'
      WHERE id IN (SELECT id FROM case_timers WHERE kind = 'handle_overdue' AND fired_at IS NULL ORDER BY id LIMIT ${BACKLOG})`.execute(
      db,
    );
    const drain = await time(() => fireDueTimers(db));
    return {
      target: t.name,
      version: database.version,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      max: ms[ms.length - 1] ?? 0,
      fired,
      drainPerSecond: (drain.value / drain.ms) * 1000,
    };
  } finally {
    await database.close();
  }
}

/** How late the deadline clock fires among 200,000 open cases (600,000 pending timers). */
export async function run(): Promise<void> {
  const results: Result[] = [];
  for (const t of await targets()) {
    process.stderr.write(`case-timers: ${t.name}\n`);
    results.push(await measure(t));
  }
  writeSection(
    'case-timers',
    [
      '## Deadline clock (`bench/case-timers.ts`)',
      '',
      `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}.`,
      '',
      `${fmt(OPEN)} open cases with ${fmt(OPEN * 3)} pending timers; ${fmt(DUE)} warnings fall due evenly over ${WINDOW_S} s while`,
      'the scheduler runs (1 s tick). Lateness = when the batch that fired the warning was taken (its transaction',
      'time) − when it was due. Each firing writes a timeline entry and notifies the unit in the same transaction.',
      `Backlog: ${fmt(BACKLOG)} timers already overdue at start (a server that was down), fired as fast as possible.`,
      'Target: warnings ≤ 5 s late.',
      '',
      '| database | fired | late p50 ms | late p99 ms | late max ms | backlog timers/s |',
      '|---|---|---|---|---|---|',
      ...results.map(
        (r) =>
          `| ${r.target} (${r.version}) | ${fmt(r.fired)} / ${fmt(DUE)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${fmt(r.drainPerSecond)} |`,
      ),
    ].join('\n'),
  );
}
