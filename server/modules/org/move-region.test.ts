import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Database } from '../../core/db.js';
import { ephemeralKeyring } from '../../core/pii/index.js';
import { loadDemo } from '../../demo/load-demo.js';
import { moveRegion } from './commands/move-region.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await loadDemo({
    db: database.db,
    keyring: ephemeralKeyring(),
    password: 'Demo@2026',
    householdsPerGrid: [2, 3],
    casesPerDay: 0,
  });
});
afterAll(async () => database?.close());

const GRID = '350102001002003'; // 庆城社区第3网格
const ZHONGSHAN = '350102001001';

async function node(code: string) {
  return database.db.selectFrom('regions').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
}

describe('moveRegion', () => {
  it('moves a grid to another community and rewrites its path', async () => {
    await moveRegion({ db: database.db, code: GRID, newParentCode: ZHONGSHAN });
    expect(await node(GRID)).toMatchObject({
      parent_code: ZHONGSHAN,
      path: `/35/3501/350102/350102001/${ZHONGSHAN}/${GRID}/`,
    });
    const under = await database.db
      .selectFrom('regions')
      .select('code')
      .where('path', 'like', `%/${ZHONGSHAN}/%`)
      .execute();
    expect(under.map((r) => r.code)).toContain(GRID);
  });

  it('refuses to move a node under its own descendant (a cycle)', async () => {
    await expect(
      moveRegion({ db: database.db, code: '350102001', newParentCode: '350102001002' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      moveRegion({ db: database.db, code: '350102001002', newParentCode: '350102001002' }),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('refuses a parent that is not one level above', async () => {
    await expect(moveRegion({ db: database.db, code: GRID, newParentCode: '350102001' })).rejects.toMatchObject({
      code: 'validation',
    });
  });

  it('moves a whole subtree: a community and its grids follow to another street', async () => {
    await database.db
      .insertInto('regions')
      .values({
        code: '350102002',
        level: 'street',
        name: '试验街道',
        official_name: '试验街道',
        parent_code: '350102',
        path: '/35/3501/350102/350102002/',
        depth: 3,
        street_id: '350102002',
      })
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await moveRegion({ db: database.db, code: '350102001005', newParentCode: '350102002' });
    const grids = await database.db
      .selectFrom('regions')
      .select(['path', 'street_id', 'depth'])
      .where('parent_code', '=', '350102001005')
      .execute();
    expect(grids).toHaveLength(10);
    for (const g of grids) {
      expect(g.path.startsWith('/35/3501/350102/350102002/350102001005/')).toBe(true);
      expect(g.street_id).toBe('350102002');
      expect(g.depth).toBe(5);
    }
    const boundaries = await database.db
      .selectFrom('region_boundaries')
      .select('street_id')
      .where('region_code', 'like', '350102001005%')
      .execute();
    expect(new Set(boundaries.map((b) => b.street_id))).toEqual(new Set(['350102002']));
  });
});
