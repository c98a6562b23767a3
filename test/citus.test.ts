import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../contracts/cases.js';
import { citusWorkersOf } from '../server/core/citus.js';
import { openDatabase, type Database } from '../server/core/db.js';
import { collectPlacements, markCitus } from '../server/core/placement.js';
import { indicators } from '../server/modules/cases/indicators.js';
import { modules } from '../server/modules/index.js';
import { photoWithGps, pointIn, step, uploadPhoto } from './cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from './demo-app.js';
import { testApp } from './app.js';
import { addStreets, JINNIU_WEIGHTS } from './streets.js';

/**
 * On a Citus coordinator (TEST_DATABASE_URL pointing at one; skipped elsewhere): the tables are
 * placed as declared, a street's users' work runs on one shard, and a district's figures — a
 * distributed query — are the sum of its streets'.
 */
const url = process.env.TEST_DATABASE_URL;
const citus = url ? (await citusWorkersOf(url)) !== null : false;

let demo: DemoApp;
beforeAll(async () => {
  demo = await demoApp();
});
afterAll(() => demo.close());

describe.skipIf(!citus)('on Citus', () => {
  let routerOnly: Database;
  beforeAll(async () => {
    routerOnly = await openDatabase({ url: demo.database.url ?? '', poolSize: 4 });
    markCitus(routerOnly.db); // what migrating at start finds
  });
  afterAll(() => routerOnly?.close());

  it('places every table as its module declares', async () => {
    const placed = await sql<{ t: string; kind: string; colocation: number }>`
      SELECT logicalrelid::regclass::text AS t, colocationid AS colocation,
        CASE WHEN partmethod = 'h' THEN 'distributed' WHEN repmodel = 't' THEN 'reference' ELSE 'local' END AS kind
      FROM pg_dist_partition`.execute(demo.database.db);
    const now = new Map(placed.rows.map((r) => [r.t, r]));
    const colocations = new Set<number>();
    for (const [table, p] of collectPlacements(modules)) {
      if (p.kind === 'local') {
        expect(now.get(table)?.kind ?? 'local', table).toBe('local');
        continue;
      }
      expect(now.get(table)?.kind, table).toBe(p.kind);
      if (p.kind === 'distributed') colocations.add(now.get(table)?.colocation ?? -1);
    }
    expect(colocations.size).toBe(1); // every street-owned table co-located
  });

  it("runs a street's work on the street's shard alone: lists, intake and every step of a case", async () => {
    const app = await testApp(routerOnly, { keyring: demo.keyring });
    // once the server has started (its start-up sweeps look across streets), every statement a
    // request runs must be a single-shard (router) one: Citus raises an error for any other
    routerOnly.pool.on('acquire', (client) => {
      void client.query('SET citus.multi_task_query_log_level = error');
    });
    try {
      const [operator, community, gridworker, handler, resident] = await Promise.all([
        signedIn(app, 'operator'),
        signedIn(app, 'community'),
        signedIn(app, 'gridworker'),
        signedIn(app, 'handler'),
        signedIn(app, '13800000001'),
      ]);
      const ok = async (c: Client, path: string) => {
        const r = await c.get(path);
        expect(r.statusCode, `${c.me.user.name} ${path}: ${r.body}`).toBeLessThan(300);
      };
      for (const c of [operator, community, gridworker])
        for (const path of ['/api/cases?pageSize=20', '/api/registry/residents?pageSize=20', '/api/notifications'])
          await ok(c, path);
      await ok(community, '/api/registry/communities/350102001002/grids');
      await ok(community, '/api/registry/estates?community=350102001002');
      await ok(handler, '/api/cases?pageSize=20');
      await ok(gridworker, '/api/registry/buildings?region=350102001002001');
      // one of each record by its id: a building, a household, a resident
      const resident1 = await demo.database.db
        .selectFrom('residents as r')
        .innerJoin('households as hh', (j) =>
          j.onRef('hh.street_id', '=', 'r.street_id').onRef('hh.id', '=', 'r.household_id'),
        )
        .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
        .select(['r.id', 'hh.id as household', 'h.building_id as building'])
        .where('r.street_id', '=', '350102001')
        .where('r.grid_path', 'like', '%/350102001002001/%')
        .limit(1)
        .executeTakeFirstOrThrow();
      await ok(gridworker, `/api/registry/buildings/${resident1.building}`);
      await ok(gridworker, `/api/registry/households/${resident1.household}`);
      await ok(gridworker, `/api/registry/residents/${resident1.id}`);
      const here = await pointIn(demo.database.db, '350102001002001');
      const up = await uploadPhoto(resident, await photoWithGps(here.lat, here.lng));
      expect(up.status).toBe(201);
      const made = await resident.post('/api/cases', {
        category: 'env.corridor',
        description: '楼道堆满纸箱（Citus 单分片）',
        photos: [up.json.id],
        clientRequestId: 'citus-router-1',
      });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json<CaseDetail>().id;
      const agencies = (await operator.get('/api/agencies')).json<{ id: number; name: string }[]>();
      const unit = agencies.find((a) => a.name === '鼓东街道城管中队')?.id ?? 0;
      for (const [who, action, body] of [
        [operator, 'register', {}],
        [operator, 'dispatch', { agencyId: unit }],
        [handler, 'sign', {}],
        [handler, 'handle', { note: '已清理' }],
        [gridworker, 'verify_pass', {}],
        [resident, 'rate', { rating: 'satisfied' }],
      ] as const) {
        const r = await step(who, id, action, body);
        expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
      }
      await ok(operator, `/api/cases/${id}`);
    } finally {
      await app.close();
    }
  });
});

describe('a district over several streets (on every database)', () => {
  it("has the figures of its streets: each street's row equals the street's own, a distributed query on Citus", async () => {
    const db = demo.database.db;
    const streets = await addStreets(db, { district: '350102', streets: 4, casesPerStreet: 30 });
    const from = '2026-01-01';
    const to = '2026-12-31';
    const district = await indicators(db, {
      scopes: ['/35/3501/350102/'],
      groupBy: 'street',
      from,
      to,
      weights: JINNIU_WEIGHTS,
    });
    for (const s of streets) {
      const [own] = await indicators(db, { scopes: [s.path], groupBy: 'street', from, to, weights: JINNIU_WEIGHTS });
      const row = district.find((r) => r.key === s.code);
      expect(row?.total).toBe(own?.total);
      expect(row?.closed).toBe(own?.closed);
    }
    const total = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM cases WHERE region_path LIKE '/35/3501/350102/%'
        AND registered_at >= ${new Date(`${from}T00:00:00+08:00`)}`.execute(db);
    expect(district.reduce((n, r) => n + r.total, 0)).toBeLessThanOrEqual(total.rows[0]?.n ?? 0);
    if (!citus) return;
    const plan = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT street_id, count(*) FROM cases WHERE region_path LIKE '/35/3501/350102/%' GROUP BY 1`.execute(db);
    const tasks = /Task Count: (\d+)/.exec(plan.rows.map((r) => r['QUERY PLAN']).join('\n'))?.[1];
    expect(Number(tasks)).toBeGreaterThan(1);
  });
});
