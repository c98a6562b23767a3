import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/app.js';
import { testDatabase } from '../../../test/db.js';
import type { RegionDetail, RegionMap, RegionSearchResult } from '../../../contracts/regions.js';
import type { Database } from '../../core/db.js';
import { ephemeralKeyring } from '../../core/pii/index.js';
import { loadDemo } from '../../demo/load-demo.js';

let database: Database;
let app: FastifyInstance;
beforeAll(async () => {
  database = await testDatabase();
  await loadDemo({
    db: database.db,
    keyring: ephemeralKeyring(),
    password: 'Demo@2026',
    householdsPerGrid: [2, 3],
    casesPerDay: 0,
  });
  app = await testApp(database);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('GET /api/regions/:code', () => {
  it('shows 鼓东街道 with its ancestors and 庆城社区 among its children, with counts', async () => {
    const res = await app.inject('/api/regions/350102001');
    expect(res.statusCode).toBe(200);
    const body = res.json<RegionDetail>();
    expect(body.region).toMatchObject({ code: '350102001', name: '鼓东街道', level: 'street', childCount: 5 });
    expect(body.ancestors.map((a) => a.name)).toEqual(['福建省', '福州市', '鼓楼区']);
    expect(body.children.find((c) => c.name === '庆城社区')).toMatchObject({ code: '350102001002', childCount: 10 });
    expect(body.descendants).toEqual({ community: 5, grid: 50 });
    expect(body.bbox?.[0]).toBeCloseTo(119.2905, 4);
  });

  it('answers 400 with the field path for a malformed code, in Chinese by default', async () => {
    const res = await app.inject('/api/regions/abc');
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string; issues: { path: string; message: string }[] } }>();
    expect(body.error.code).toBe('validation');
    expect(body.error.issues[0]?.path).toBe('params.code');
    expect(body.error.issues[0]?.message).toMatch(/区划代码/);
  });

  it('answers in English when asked', async () => {
    const res = await app.inject({ url: '/api/regions/abc', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(res.json<{ error: { message: string } }>().error.message).toMatch(/region code has/);
  });

  it('answers 404 for a well-formed code that does not exist', async () => {
    const res = await app.inject('/api/regions/999999999999');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: '行政区划不存在' } });
  });
});

describe('GET /api/regions?q=', () => {
  it('finds 庆城社区 by part of its Chinese name, community before its grids', async () => {
    const res = await app.inject({ url: '/api/regions', query: { q: '庆城' } });
    const body = res.json<RegionSearchResult>();
    expect(body.items[0]).toMatchObject({ code: '350102001002', name: '庆城社区' });
    expect(body.items[0]?.pathNames).toEqual(['福建省', '福州市', '鼓楼区', '鼓东街道']);
    expect(body.items.slice(1).every((i) => i.level === 'grid')).toBe(true);
  });

  it('finds by the start of a code and filters by level', async () => {
    const res = await app.inject({ url: '/api/regions', query: { q: '350102001', level: 'community' } });
    expect(res.json<RegionSearchResult>().items.map((i) => i.code)).toHaveLength(5);
  });

  it('treats LIKE wildcards and quotes as plain text', async () => {
    for (const q of ['%', '_', "'; DROP TABLE regions; --", '\\']) {
      const res = await app.inject({ url: '/api/regions', query: { q } });
      expect(res.statusCode).toBe(200);
      expect(res.json<RegionSearchResult>().items).toEqual([]);
    }
    const still = await app.inject('/api/regions/350102001');
    expect(still.statusCode).toBe(200);
  });

  it('lists the top of the tree without a query', async () => {
    const res = await app.inject('/api/regions');
    expect(res.json<RegionSearchResult>().items.map((i) => i.name)).toEqual(['福建省']);
  });

  it('refuses a bad limit with a 400, not a 500', async () => {
    const res = await app.inject({ url: '/api/regions', query: { limit: 'abc' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe('query.limit');
  });
});

describe('GET /api/regions/:code/map', () => {
  it("draws 庆城社区's ten grids as GeoJSON polygons", async () => {
    const res = await app.inject('/api/regions/350102001002/map');
    const body = res.json<RegionMap>();
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.map((f) => f.id)).toEqual(
      Array.from({ length: 10 }, (_, i) => `350102001002${String(i + 1).padStart(3, '0')}`),
    );
    expect(body.features[0]?.properties.name).toBe('庆城社区第1网格');
    expect(body.features[0]?.geometry.type).toBe('Polygon');
  });
});

describe('the rest of the HTTP surface', () => {
  it('reports health and which database answers', async () => {
    const res = await app.inject('/healthz');
    expect(res.json()).toEqual({ status: 'ok', database: database.kind });
  });

  it('publishes an OpenAPI document generated from the zod schemas', async () => {
    const res = await app.inject('/openapi.json');
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/regions', '/api/regions/{code}', '/api/regions/{code}/map', '/healthz']),
    );
  });

  it('answers an unknown API route with the JSON error shape (401 before sign-in: nothing is revealed)', async () => {
    const res = await app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('unauthenticated');
    const page = await app.inject('/not-an-api');
    expect(page.statusCode).toBe(404);
    expect(page.json<{ error: { code: string } }>().error.code).toBe('not_found');
  });
});
