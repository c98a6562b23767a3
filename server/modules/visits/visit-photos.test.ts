import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNITY, DEMO_GRID } from '../../core/demo.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { photoWithGps, uploadPhoto } from '../../../test/cases.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const as = (n: string) => c[n] as Client;
const count = async (table: string) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(demo.database.db)).rows[0]?.n,
  );

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['community', 'gridworker', 'operator']) c[n] = await signedIn(demo.app, n);
});
afterAll(() => demo.close());

async function household(grid = DEMO_GRID) {
  const r = await sql<{ id: string }>`SELECT id FROM households WHERE active AND grid_path LIKE ${`%/${grid}/`}
    ORDER BY id LIMIT 1 OFFSET 3`.execute(demo.database.db);
  return Number(r.rows[0]?.id);
}
type Log = { items: { id: number; photos: string[]; edits: number; notes: string }[] };

describe('a visit’s photos and edits', () => {
  it('keeps the photos taken on the visit (metadata stripped), shows them within the place; a used photo is refused with nothing written', async () => {
    const up = await uploadPhoto(as('gridworker'), await photoWithGps());
    expect(up.status).toBe(201);
    const hh = await household();
    const r = await as('gridworker').post('/api/visits', {
      householdId: hh,
      visitedAt: new Date().toISOString(),
      notes: '入户走访，拍照留存',
      photos: [up.json.id],
    });
    expect(r.statusCode).toBe(201);
    const id = r.json<{ id: number }>().id;
    const log = (await as('community').get(`/api/visits?region=${DEMO_COMMUNITY}&household=${hh}`)).json<Log>();
    expect(log.items.find((v) => v.id === id)?.photos).toEqual([up.json.id]);
    const photo = await as('community').get(`/api/visits/${id}/photos/${up.json.id}`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await as('community').get(`/api/visits/${id}/photos/${up.json.id}?size=thumb`)).statusCode).toBe(200);
    // the upload became the visit's: no longer a free upload, nor readable as a case photo
    expect((await as('gridworker').get(`/api/case-photos/${up.json.id}`)).statusCode).toBe(404);
    // the same photo again: refused, nothing written
    const visits = await count('visits');
    const again = await as('gridworker').post('/api/visits', {
      householdId: hh,
      visitedAt: new Date().toISOString(),
      photos: [up.json.id],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.message).toContain('照片不存在或已被使用');
    expect(await count('visits')).toBe(visits);
  });

  it('refuses an oversized photo with a clear error', async () => {
    const big = Buffer.alloc(13 * 1024 * 1024, 1);
    const r = await uploadPhoto(as('gridworker'), big);
    expect(r.status).toBe(413);
  });

  it('corrects a visit in place within 24 hours; later edits keep what they replaced', async () => {
    const hh = await household();
    const r = await as('gridworker').post('/api/visits', {
      householdId: hh,
      visitedAt: new Date().toISOString(),
      notes: '初稿',
    });
    const id = r.json<{ id: number }>().id;
    const soon = await as('gridworker').patch(`/api/visits/${id}`, { notes: '当天更正' });
    expect(soon.json()).toMatchObject({ ok: true, historyKept: false });
    await sql`UPDATE visits SET created_at = now() - interval '2 days' WHERE id = ${id}`.execute(demo.database.db);
    const late = await as('gridworker').patch(`/api/visits/${id}`, { notes: '两天后补充：老人已就医', kind: 'phone' });
    expect(late.json()).toMatchObject({ ok: true, historyKept: true });
    const history = (await as('community').get(`/api/visits/${id}/edits`)).json<{
      items: { before: { notes: string; kind: string }; actor: string }[];
    }>();
    expect(history.items).toHaveLength(1);
    expect(history.items[0]?.before).toMatchObject({ notes: '当天更正', kind: 'home' });
    const log = (await as('community').get(`/api/visits?region=${DEMO_COMMUNITY}&household=${hh}`)).json<Log>();
    expect(log.items.find((v) => v.id === id)).toMatchObject({ notes: '两天后补充：老人已就医', edits: 1 });
    // nothing to change; someone outside the place
    expect((await as('gridworker').patch(`/api/visits/${id}`, {})).statusCode).toBe(400);
    const other = await household(`${DEMO_COMMUNITY}002`);
    const theirs = await as('community').post('/api/visits', {
      householdId: other,
      visitedAt: new Date().toISOString(),
    });
    expect(
      (await as('gridworker').patch(`/api/visits/${theirs.json<{ id: number }>().id}`, { notes: 'x' })).statusCode,
    ).toBe(403);
  });
});
