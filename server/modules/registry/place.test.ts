import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceAt } from '../../../contracts/registry.js';
import { loadConfig } from '../../core/config.js';
import { tileSource } from '../../core/security-headers.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const GRID = '350102001002001';

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['13800000001', 'handler', 'community']) c[n] = await signedIn(demo.app, n);
});
afterAll(async () => demo?.close());

/** A registered building of the demo grid with its point. */
async function aBuilding() {
  return demo.database.db
    .selectFrom('buildings')
    .select(['id', 'name', 'address', 'lng', 'lat', 'grid_code'])
    .where('grid_code', '=', GRID)
    .where('lng', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
}

describe('GPS → a place (issue 15, item 10)', () => {
  it('names the grid and the nearest building of a point a resident stands on', async () => {
    const b = await aBuilding();
    // ~20 m north-east of the building's point
    const res = await c['13800000001']!.get(
      `/api/registry/place?lng=${(b.lng ?? 0) + 0.00015}&lat=${(b.lat ?? 0) + 0.0001}`,
    );
    expect(res.statusCode).toBe(200);
    const place = res.json<PlaceAt>();
    expect(place.grid?.code).toBe(GRID);
    expect(place.grid?.community).toBe('庆城社区');
    expect(place.building?.id).toBe(b.id);
    expect(place.building?.metres).toBeGreaterThan(5);
    expect(place.building?.metres).toBeLessThan(40);
    expect(place.address).toContain(b.name);
  });

  it('says nothing of buildings far away, and nothing of a point outside the street', async () => {
    const far = await c['13800000001']!.get('/api/registry/place?lng=119.9&lat=26.5');
    expect(far.statusCode).toBe(200);
    expect(far.json<PlaceAt>()).toEqual({ grid: null, building: null, address: null });
  });

  it('refuses a point that is not in China with words, not a validator message', async () => {
    const res = await c['13800000001']!.get('/api/registry/place?lng=0&lat=0');
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/lng|lat/);
  });

  it('is not for a handling unit, which is bound to no place', async () => {
    const res = await c.handler!.get('/api/registry/place?lng=119.3&lat=26.09');
    expect(res.statusCode).toBe(403);
  });
});

describe("the resident's own home, by name (issue 15, item 8)", () => {
  it('is found by the account’s phone: grid and house, never a code', async () => {
    const res = await c['13800000001']!.get('/api/registry/home');
    expect(res.statusCode).toBe(200);
    const { home } = res.json<{ home: { grid: { code: string; name: string }; address: string } | null }>();
    expect(home?.grid).toMatchObject({ code: GRID, name: '庆城社区第1网格' });
    expect(home?.address).toMatch(/1号楼 1单元 101$/);
  });

  it('is nothing for an account the registry does not know', async () => {
    expect((await c.handler!.get('/api/registry/home')).json()).toEqual({ home: null });
    expect((await c.community!.get('/api/registry/home')).json()).toEqual({ home: null });
  });
});

describe('demo owners (issue 15, item 13)', () => {
  it('gives every house an owner: the head of an owner-occupied household, a landlord otherwise', async () => {
    const houses = await demo.database.db
      .selectFrom('houses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const owned = await demo.database.db
      .selectFrom('house_owners')
      .select((eb) => eb.fn.count<number>('house_id').distinct().as('n'))
      .where('until', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(owned.n)).toBe(Number(houses.n));
    const building = (await aBuilding()).id;
    const detail = await c.community!.get(`/api/registry/buildings/${building}`);
    const list = detail.json<{
      housesList: { owners: string[]; occupancy: string; households: { head: string | null }[] }[];
    }>().housesList;
    const selfOwned = list.find((h) => h.occupancy === 'owner' && h.households.length > 0);
    expect(selfOwned?.owners).toContain(selfOwned?.households[0]?.head);
  });
});

describe('the base map (issue 15, item 9)', () => {
  it('is none by default: the maps draw plainly', async () => {
    const res = await c.community!.get('/api/map/base');
    expect(res.json()).toEqual({ crs: 'wgs84', layers: [] });
  });

  it('is 天地图 (vector and labels, WGS-84) with a key, or the XYZ source and system a deployment sets', () => {
    const tdt = loadConfig({ LINLI_TIANDITU_KEY: 'abc123def456' }).baseMap;
    expect(tdt.crs).toBe('wgs84');
    expect(tdt.layers.map((l) => l.url.match(/LAYER=(\w+)/)?.[1])).toEqual(['vec', 'cva']);
    expect(tdt.layers[0]?.url).toContain('tk=abc123def456');
    const amap = loadConfig({
      LINLI_MAP_TILES: 'https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}',
      LINLI_MAP_CRS: 'gcj02',
      LINLI_MAP_SUBDOMAINS: '1,2,3,4',
    }).baseMap;
    expect(amap).toMatchObject({ crs: 'gcj02', layers: [{ subdomains: ['1', '2', '3', '4'] }] });
    expect(() => loadConfig({ LINLI_MAP_TILES: 'https://tiles.example.com/tile.png' })).toThrow(/LINLI_MAP_TILES/);
  });

  it('lets the pages load images from the tile hosts only (CSP img-src)', () => {
    expect(tileSource('https://t{s}.tianditu.gov.cn/vec_w/wmts?x={x}')).toBe('https://*.tianditu.gov.cn');
    expect(tileSource('https://webrd0{s}.is.autonavi.com/appmaptile?x={x}')).toBe('https://*.is.autonavi.com');
    expect(tileSource('http://10.1.2.3:8080/{z}/{x}/{y}.png')).toBe('http://10.1.2.3:8080');
  });
});
