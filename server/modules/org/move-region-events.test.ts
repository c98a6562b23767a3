import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import { testApp } from '../../../test/app.js';
import { signedIn } from '../../../test/demo-app.js';
import type { Database } from '../../core/db.js';
import { deliverPending, eventBacklog, subscribersOf } from '../../core/events.js';
import { ephemeralKeyring } from '../../core/pii/index.js';
import { loadDemo } from '../../demo/load-demo.js';
import { modules } from '../index.js';
import { moveRegion } from './commands/move-region.js';

/**
 * A grid moved to another community: through the `org.region_moved` event every record that
 * copies its path — buildings, houses, households, residents, cases — follows, also when the
 * process stops between the move and the delivery, and a second delivery changes nothing.
 */
let database: Database;
const keyring = ephemeralKeyring();
const GRID = '350102001002003'; // 庆城社区第3网格
const ZHONGSHAN = '350102001001';
const OLD = '/35/3501/350102/350102001/350102001002/350102001002003/';
const NEW = `/35/3501/350102/350102001/${ZHONGSHAN}/${GRID}/`;

beforeAll(async () => {
  database = await testDatabase();
  await loadDemo({ db: database.db, keyring, password: 'Demo@2026', householdsPerGrid: [2, 3], casesPerDay: 2 });
});
afterAll(async () => database?.close());

/** Rows of each dependent table under a path. */
async function under(path: string) {
  const count = async (table: string, column: string) =>
    (
      await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${sql.ref(column)} LIKE ${`${path}%`}`.execute(
        database.db,
      )
    ).rows[0]?.n ?? 0;
  return {
    buildings: await count('buildings', 'grid_path'),
    houses: await count('houses', 'grid_path'),
    households: await count('households', 'grid_path'),
    residents: await count('residents', 'grid_path'),
    cases: await count('cases', 'region_path'),
  };
}

describe('moving a grid, through events', () => {
  let before: Awaited<ReturnType<typeof under>>;

  it('publishes the move with the change; the records wait for the delivery (a restart in between loses nothing)', async () => {
    before = await under(OLD);
    expect(before.households).toBeGreaterThan(0);
    expect(before.cases).toBeGreaterThan(0);
    await moveRegion({ db: database.db, code: GRID, newParentCode: ZHONGSHAN });
    // the process "stops" here: nothing delivered yet, the event waits in the table
    expect(await under(OLD)).toEqual(before);
    const backlog = await eventBacklog(database.db, subscribersOf(modules));
    // (modules that subscribe to other kinds of event only list with nothing waiting)
    expect(
      backlog
        .filter((b) => b.waiting > 0)
        .map((b) => [b.subscriber, b.waiting])
        .sort(),
    ).toEqual([
      ['cases', 1],
      ['needs', 1],
      ['registry', 1],
      ['visits', 1],
    ]);
  });

  it('delivered (by a fresh dispatcher, as after a restart), every dependent row takes the new path', async () => {
    expect(await deliverPending(database.db, subscribersOf(modules))).toBe(4);
    expect(await under(OLD)).toEqual({ buildings: 0, houses: 0, households: 0, residents: 0, cases: 0 });
    // the visits' records follow (scopes match on their paths)
    const left = await sql<{ n: string }>`SELECT (SELECT count(*) FROM visits WHERE grid_path LIKE ${`${OLD}%`})
      + (SELECT count(*) FROM household_visits WHERE grid_path LIKE ${`${OLD}%`}) AS n`.execute(database.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
    expect(await under(NEW)).toEqual(before);
    const cases = await database.db
      .selectFrom('cases')
      .select('community_code')
      .where('grid_code', '=', GRID)
      .execute();
    expect(new Set(cases.map((c) => c.community_code))).toEqual(new Set([ZHONGSHAN]));
    const buildings = await database.db
      .selectFrom('buildings')
      .select('community_code')
      .where('grid_code', '=', GRID)
      .execute();
    expect(new Set(buildings.map((b) => b.community_code))).toEqual(new Set([ZHONGSHAN]));
  });

  it('an event delivered twice changes nothing', async () => {
    // the subscribers' own handlers, as their manifests declare them, run again on the same event
    const handlers = subscribersOf(modules)
      .map((s) => s.handlers['org.region_moved'])
      .filter(Boolean);
    expect(handlers).toHaveLength(4);
    const event = await database.db
      .selectFrom('domain_events')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const e = { id: event.id, kind: event.kind, streetId: event.street_id, payload: event.payload };
    await database.db.transaction().execute(async (trx) => {
      for (const handle of handlers) await handle?.(trx, e);
    });
    expect(await under(NEW)).toEqual(before);
    expect(await deliverPending(database.db, subscribersOf(modules))).toBe(0);
  });

  it("the grid worker's and the new community's lists show the grid's households and cases", async () => {
    const app = await testApp(database, { keyring });
    try {
      const zhongshan = await database.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'gridworker')
        .executeTakeFirstOrThrow();
      // a community worker of 中山社区 (the new parent) sees the moved grid's residents and cases
      await database.db
        .insertInto('role_assignments')
        .values({
          user_id: zhongshan.id,
          role: 'community_worker',
          region_code: ZHONGSHAN,
          street_id: '350102001',
          agency_id: null,
        })
        .execute();
      const worker = await signedIn(app, 'gridworker', 'Demo@2026');
      const residents = await worker.get(`/api/registry/residents?region=${GRID}&pageSize=5`);
      expect(residents.statusCode, residents.body).toBe(200);
      expect(residents.json<{ total: number }>().total).toBe(before.residents);
      const list = await worker.get(`/api/cases?queue=all&region=${GRID}`);
      expect(list.json<{ total: number }>().total).toBe(before.cases);
    } finally {
      await app.close();
    }
  });
});
