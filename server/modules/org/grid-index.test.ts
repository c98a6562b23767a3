import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Database } from '../../core/db.js';
import { ephemeralKeyring } from '../../core/pii/index.js';
import { loadDemo } from '../../demo/load-demo.js';
import { gridsFromGeoJson } from './commands/grids-geojson.js';
import { saveGrids } from './commands/save-grids.js';
import { GridIndex, gridIndexOf } from './grid-index.js';
import type { GeoJsonGeometry } from './tables.js';

const square = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const poly = (...rings: number[][][]): GeoJsonGeometry => ({ type: 'Polygon', coordinates: rings });

describe('point → grid', () => {
  // A | B side by side sharing x = 1; C is a square with a hole; D is two islands
  const index = new GridIndex([
    { code: '002', geometry: poly(square(1, 0, 2, 1)) },
    { code: '001', geometry: poly(square(0, 0, 1, 1)) },
    { code: '003', geometry: poly(square(3, 0, 6, 3), square(4, 1, 5, 2)) },
    {
      code: '004',
      geometry: { type: 'MultiPolygon', coordinates: [[square(10, 0, 11, 1)], [square(12, 0, 13, 1)]] },
    },
  ]);

  it('gives exactly the grid a point is inside', () => {
    expect(index.locate(0.5, 0.5)).toBe('001');
    expect(index.locate(1.5, 0.5)).toBe('002');
  });

  it('answers the lowest code on a shared edge and a shared vertex, whatever the input order', () => {
    expect(index.locate(1, 0.5)).toBe('001');
    expect(index.locate(1, 1)).toBe('001');
    expect(index.locate(1, 0)).toBe('001');
    expect(index.locate(2, 0.5)).toBe('002'); // an outer edge belongs to its grid
  });

  it('leaves holes out (their edges in) and finds every part of a multipolygon', () => {
    expect(index.locate(4.5, 1.5)).toBeNull();
    expect(index.locate(4, 1.5)).toBe('003');
    expect(index.locate(3.5, 2.5)).toBe('003');
    expect(index.locate(10.5, 0.5)).toBe('004');
    expect(index.locate(12.5, 0.5)).toBe('004');
    expect(index.locate(11.5, 0.5)).toBeNull();
  });

  it('answers null outside coverage and for nonsense', () => {
    expect(index.locate(-1, -1)).toBeNull();
    expect(index.locate(Number.NaN, 0)).toBeNull();
    expect(new GridIndex([]).locate(0, 0)).toBeNull();
  });
});

describe("a street's grid index", () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
    await loadDemo({
      db: database.db,
      keyring: ephemeralKeyring(),
      password: 'Demo@2026',
      householdsPerGrid: [0, 0],
      casesPerDay: 0,
    });
  });
  afterAll(async () => database?.close());

  it('covers the demo street and follows a boundary edit at once', async () => {
    const index = await gridIndexOf(database.db, '350102001');
    expect(index.size).toBe(50);
    const b = await database.db
      .selectFrom('region_boundaries')
      .select(['min_lng', 'min_lat', 'max_lng', 'max_lat'])
      .where('region_code', '=', '350102001002003')
      .executeTakeFirstOrThrow();
    const inside: [number, number] = [(b.min_lng + b.max_lng) / 2, (b.min_lat + b.max_lat) / 2];
    expect(index.locate(...inside)).toBe('350102001002003');
    // redraw grid 3 of 庆城社区 far away: the point falls out of it
    await saveGrids({
      db: database.db,
      communityCode: '350102001002',
      grids: [{ seq: 3, name: '庆城社区第3网格', geometry: poly(square(100, 10, 100.01, 10.01)) }],
    });
    const after = await gridIndexOf(database.db, '350102001');
    expect(after.locate(...inside)).not.toBe('350102001002003');
    expect(after.locate(100.005, 10.005)).toBe('350102001002003');
  });

  it('imports grid boundaries from a GeoJSON file (holes, multipolygons), and refuses a bad one', async () => {
    const file = JSON.stringify({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: '350102001002011', name: '庆城社区第11网格' },
          geometry: {
            type: 'Polygon',
            coordinates: [square(101, 10, 101.01, 10.01), square(101.004, 10.004, 101.006, 10.006)],
          },
        },
        {
          type: 'Feature',
          properties: { seq: 12, name: '庆城社区第12网格' },
          geometry: {
            type: 'MultiPolygon',
            coordinates: [[square(102, 10, 102.01, 10.01)], [square(103, 10, 103.01, 10.01)]],
          },
        },
      ],
    });
    await saveGrids({ db: database.db, communityCode: '350102001002', grids: gridsFromGeoJson('350102001002', file) });
    const index = await gridIndexOf(database.db, '350102001');
    expect(index.locate(101.001, 10.001)).toBe('350102001002011');
    expect(index.locate(101.005, 10.005)).toBeNull();
    expect(index.locate(103.005, 10.005)).toBe('350102001002012');
    expect(() => gridsFromGeoJson('350102001002', '{')).toThrow(/not valid JSON/);
    expect(() =>
      gridsFromGeoJson('350102001002', JSON.stringify({ type: 'FeatureCollection', features: [] })),
    ).toThrow();
    const foreign = JSON.parse(file) as { features: { properties: { code?: string } }[] };
    const first = foreign.features[0];
    if (first) first.properties.code = '350102001004001';
    expect(() => gridsFromGeoJson('350102001002', JSON.stringify(foreign))).toThrow(/is not in community/);
  });
});
