import { sql } from 'kysely';
import { needCategoryCodes, type NeedCategory } from '../contracts/needs.js';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { DEMO_COMMUNITY, DEMO_STREET } from '../server/core/demo.js';
import { rankResources, relatedCategories } from '../server/modules/needs/ranking.js';
import { fmt, machine, percentile, targets, time, writeSection } from './lib.js';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 20_000);
const NEEDS = Number(process.env.BENCH_NEEDS ?? 100_000);
const RUNS = 300;

/**
 * Ranking a need's candidates (`rankResources`: category, capacity, distance, schedule, ratings)
 * among 20,000 resources and 100,000 open needs with 50,000 rated projects, in the demo street,
 * against a plain indexed query over the same tables (the first ten usable resources of the
 * need's categories), 300 needs each, in the same run.
 */
export async function run(): Promise<void> {
  const t = (await targets()).find((x) => x.name === 'PostgreSQL');
  if (!t) throw new Error('the needs benchmark needs PostgreSQL (BENCH_DATABASE_URL)');
  const database = await t.open();
  const db = database.db;
  try {
    process.stderr.write('needs: demo street\n');
    await loadDemo({
      db,
      keyring: ephemeralKeyring(),
      password: 'Bench@2026',
      householdsPerGrid: [5, 5],
      casesPerDay: 1,
    });
    const cats = needCategoryCodes;
    const staff = (await sql<{ id: number }>`SELECT id FROM users ORDER BY id LIMIT 1`.execute(db)).rows[0]?.id ?? 1;
    process.stderr.write('needs: synthesizing\n');
    const made = await time(async () => {
      await sql`INSERT INTO resources (street_id, community_code, kind, category, title, owner_kind, owner_name, lng, lat,
          capacity, capacity_left, valid_from, valid_to, created_by)
        SELECT ${DEMO_STREET}, CASE WHEN i % 4 = 0 THEN NULL ELSE ${DEMO_COMMUNITY} END, 'service',
          (${sql.val(cats)}::text[])[1 + i % ${cats.length}], '资源' || i, 'team', '服务队' || (i % 500),
          119.25 + (i % 97) * 0.001, 26.05 + (i % 89) * 0.001, 10 + i % 50, 1 + i % 10,
          current_date - 30, current_date + (i % 400), ${staff}
        FROM generate_series(1, ${RESOURCES}) i`.execute(db);
      await sql`INSERT INTO needs (street_id, community_code, category, title, requester_kind, lng, lat, source, privacy,
          falls_back_at, created_by)
        SELECT ${DEMO_STREET}, ${DEMO_COMMUNITY}, (${sql.val(cats)}::text[])[1 + i % ${cats.length}], '需求' || i,
          'community', 119.25 + (i % 83) * 0.001, 26.05 + (i % 79) * 0.001, 'staff', 'community',
          now() + interval '5 days', ${staff}
        FROM generate_series(1, ${NEEDS}) i`.execute(db);
      await sql`INSERT INTO need_projects (street_id, need_id, resource_id, owner_id, starts_on, ends_on, state, rating)
        SELECT n.street_id, n.id, r.id, ${staff}, current_date, current_date + 30, 'done', 1 + (n.id % 5)::int
        FROM (SELECT street_id, id, row_number() OVER (ORDER BY id) AS k FROM needs WHERE street_id = ${DEMO_STREET}
          ORDER BY id LIMIT ${NEEDS / 2}) n
        JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM resources WHERE street_id = ${DEMO_STREET}) r
          ON r.k = 1 + n.k % ${RESOURCES}`.execute(db);
      await sql`ANALYZE`.execute(db);
    });
    const sample = (
      await sql<{ id: number; category: NeedCategory; lng: number; lat: number }>`
        SELECT id::int, category, lng, lat FROM needs WHERE street_id = ${DEMO_STREET} AND state = 'open'
        ORDER BY random() LIMIT ${RUNS}`.execute(db)
    ).rows;
    const plain = (n: (typeof sample)[number]) =>
      sql`SELECT id, title, capacity_left FROM resources WHERE street_id = ${DEMO_STREET} AND active AND capacity_left > 0
        AND category IN (${sql.join(relatedCategories(n.category))}) AND valid_to >= current_date
        ORDER BY id LIMIT 10`.execute(db);
    for (const n of sample.slice(0, 20)) {
      await rankResources(db, DEMO_STREET, n);
      await plain(n);
    }
    const ranked: number[] = [];
    const reference: number[] = [];
    let found = 0;
    for (const n of sample) {
      const r = await time(() => rankResources(db, DEMO_STREET, n));
      ranked.push(r.ms);
      found += r.value.length;
      reference.push((await time(() => plain(n))).ms);
    }
    ranked.sort((a, b) => a - b);
    reference.sort((a, b) => a - b);
    const p = (xs: number[], q: number) => fmt(percentile(xs, q), 1);
    writeSection(
      'needs',
      [
        '## 需求对接: ranking a need’s candidates (`bench/needs.ts`)',
        '',
        `Machine: ${machine()}. Measured ${new Date().toISOString().slice(0, 10)}. ${database.version}.`,
        '',
        `The demo street with ${fmt(RESOURCES)} resources over ${cats.length} categories, ${fmt(NEEDS)} open needs and`,
        `${fmt(NEEDS / 2)} rated projects, written in SQL in ${fmt(made.ms / 1000, 1)} s. ${RUNS} needs picked at random, each ranked`,
        `by \`rankResources\` (the related categories' usable resources scored on category, capacity, distance, schedule and`,
        `their projects' ratings, the top ten; ${fmt(found / RUNS, 1)} candidates on average) and by the reference, a plain indexed`,
        'query over the same tables (the first ten usable resources of the same categories), alternately.',
        '',
        '| query | p50 ms | p95 ms (target < 50) | p99 ms |',
        '|---|---|---|---|',
        `| \`rankResources\` | ${p(ranked, 50)} | ${p(ranked, 95)} | ${p(ranked, 99)} |`,
        `| *reference: plain indexed query* | ${p(reference, 50)} | ${p(reference, 95)} | ${p(reference, 99)} |`,
        '',
        `Ratio of the p95s (ranking ÷ reference): ${fmt(percentile(ranked, 95) / percentile(reference, 95), 1)}.`,
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}
