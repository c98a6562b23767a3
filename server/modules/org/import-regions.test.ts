import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Database } from '../../core/db.js';
import { AppError } from '../../core/errors.js';
import { buildRegionRows, importRegions } from './commands/import-regions.js';
import { defaultDivisionDir } from './division-source.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database?.close());

/** Counts the lines of a division CSV whose code starts with a prefix: the expected answer, read independently. */
function countRows(file: string, prefix: string): number {
  const text = fs.readFileSync(path.join(defaultDivisionDir(), file), 'utf8');
  return text.split('\n').filter((l) => l.startsWith(prefix)).length;
}

describe('importRegions', () => {
  it('imports 鼓东街道 with its ancestors and its five real communities', async () => {
    const r = await importRegions({ db: database.db, scope: { level: 'street', code: '350102001' } });
    expect(r).toEqual({ read: 4 + 5, inserted: 9, updated: 0, unchanged: 0 });
    const rows = await database.db.selectFrom('regions').selectAll().orderBy('code').execute();
    expect(rows.map((x) => x.name)).toEqual([
      '福建省',
      '福州市',
      '鼓楼区',
      '鼓东街道',
      '中山社区',
      '庆城社区',
      '观风亭社区',
      '开元社区',
      '树兜社区',
    ]);
    const qingcheng = rows.find((x) => x.code === '350102001002');
    expect(qingcheng).toMatchObject({
      level: 'community',
      parent_code: '350102001',
      path: '/35/3501/350102/350102001/350102001002/',
      depth: 4,
      street_id: '350102001',
    });
    expect(rows.find((x) => x.code === '350102')?.street_id).toBeNull();
  });

  it('changes nothing when run again', async () => {
    const r = await importRegions({ db: database.db, scope: { level: 'street', code: '350102001' } });
    expect(r).toEqual({ read: 9, inserted: 0, updated: 0, unchanged: 9 });
  });

  it('imports a whole district, row for row as in the source', async () => {
    const r = await importRegions({ db: database.db, scope: { level: 'district', code: '350102' } });
    const streets = countRows('streets.csv', '350102');
    const communities = countRows('villages.csv', '350102');
    expect(r.read).toBe(3 + streets + communities);
    expect(r.inserted).toBe(streets - 1 + communities - 5);
    const under = await database.db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('path', 'like', '/35/3501/350102/%')
      .executeTakeFirstOrThrow();
    expect(under.n).toBe(1 + streets + communities);
  });

  it('drops committee suffixes from display names and keeps the official name', async () => {
    await importRegions({ db: database.db, scope: { level: 'street', code: '110101001' } });
    const row = await database.db
      .selectFrom('regions')
      .select(['name', 'official_name'])
      .where('code', '=', '110101001001')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: '多福巷社区', official_name: '多福巷社区居委会' });
  });

  it('reports an unknown code as not found and writes nothing', async () => {
    const before = await database.db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(
      importRegions({ db: database.db, scope: { level: 'street', code: '999999999' } }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    const after = await database.db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('rolls back the whole import when the source is broken half-way', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-div-'));
    const src = defaultDivisionDir();
    for (const f of ['provinces.csv', 'cities.csv', 'areas.csv', 'streets.csv'])
      fs.copyFileSync(path.join(src, f), path.join(dir, f));
    // a community whose name is too long for the CHECK constraint, after valid ones
    fs.writeFileSync(
      path.join(dir, 'villages.csv'),
      `code,name,streetCode,provinceCode,cityCode,areaCode\n130102001001,"甲社区",130102001,13,1301,130102\n130102001002,"${'长'.repeat(120)}",130102001,13,1301,130102\n`,
    );
    await expect(
      importRegions({ db: database.db, scope: { level: 'street', code: '130102001' }, sourceDir: dir, batchSize: 1 }),
    ).rejects.toThrow();
    const left = await database.db.selectFrom('regions').select('code').where('code', 'like', '13%').execute();
    expect(left).toEqual([]);
  });
});

describe('buildRegionRows', () => {
  it('refuses a row whose parent is not in the data', () => {
    expect(() => buildRegionRows([{ code: '350102001002', level: 'community', officialName: '孤儿社区' }])).toThrow(
      AppError,
    );
  });
});
