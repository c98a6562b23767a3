import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BuildingDetail as BuildingDetailT,
  BuildingList,
  GridStats,
  ResidentDetail,
  ResidentPage,
} from '../../../contracts/registry.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import type { Database } from '../../core/db.js';
import { decrypt } from '../../core/pii/index.js';

const GRID1 = '350102001002001';
const GRID2 = '350102001002002';
const QINGCHENG = '350102001002';
const OTHER_COMMUNITY = '350102001004';
let demo: DemoApp;
let app: FastifyInstance;
let database: Database;
const responses: { url: string; body: string }[] = [];
const as = async (username: string): Promise<Client> => {
  const c = await signedIn(app, username);
  const keep = async (url: string, p: Promise<LightMyRequestResponse>) => {
    const r = await p;
    responses.push({ url, body: r.body });
    return r;
  };
  return {
    ...c,
    get: (u) => keep(u, c.get(u)),
    post: (u, b) => keep(u, c.post(u, b)),
    put: (u, b) => keep(u, c.put(u, b)),
  };
};

/** The id of some active resident of a grid. */
async function residentIn(grid: string): Promise<number> {
  const r = await database.db
    .selectFrom('residents')
    .select('id')
    .where('grid_path', 'like', `%/${grid}/`)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

beforeAll(async () => {
  demo = await demoApp();
  ({ app, database } = demo);
});
afterAll(async () => demo?.close());

describe('scope', () => {
  it('shows a grid worker her own grid only, through every endpoint', async () => {
    const gw = await as('gridworker');
    const page = (await gw.get('/api/registry/residents?pageSize=200')).json<ResidentPage>();
    expect(page.total).toBeGreaterThan(5);
    expect(new Set(page.items.map((r) => r.gridCode))).toEqual(new Set([GRID1]));
    expect((await gw.get(`/api/registry/residents/${await residentIn(GRID2)}`)).statusCode).toBe(404);
    expect((await gw.get(`/api/registry/residents/${await residentIn(GRID1)}`)).statusCode).toBe(200);
    const other = (await gw.get(`/api/registry/buildings?region=${GRID2}`)).json<BuildingList>();
    expect(other.items).toEqual([]);
    const mine = (await gw.get(`/api/registry/buildings?region=${GRID1}`)).json<BuildingList>();
    expect(mine.items.length).toBeGreaterThan(0);
    const b2 = await database.db
      .selectFrom('buildings')
      .select('id')
      .where('grid_code', '=', GRID2)
      .executeTakeFirstOrThrow();
    expect((await gw.get(`/api/registry/buildings/${b2.id}`)).statusCode).toBe(404);
    const hh2 = await database.db
      .selectFrom('households')
      .select('id')
      .where('grid_path', 'like', `%/${GRID2}/`)
      .executeTakeFirstOrThrow();
    expect((await gw.get(`/api/registry/households/${hh2.id}`)).statusCode).toBe(404);
    const grids = (await gw.get(`/api/registry/communities/${QINGCHENG}/grids`)).json<GridStats>();
    expect(grids.grids.map((g) => g.code)).toEqual([GRID1]);
    // a name from grid 2 is not found by her search
    const name2 = await database.db
      .selectFrom('residents')
      .select('name')
      .where('id', '=', await residentIn(GRID2))
      .executeTakeFirstOrThrow();
    const found = (await gw.get(`/api/registry/residents?q=${encodeURIComponent(name2.name)}`)).json<ResidentPage>();
    expect(found.items.every((r) => r.gridCode === GRID1)).toBe(true);
    // and she may not export
    expect((await gw.get('/api/registry/residents/export')).statusCode).toBe(403);
  });

  it("keeps a community worker out of another community's records", async () => {
    const cw = await as('community');
    const own = (await cw.get(`/api/registry/residents?region=${QINGCHENG}&pageSize=5`)).json<ResidentPage>();
    expect(own.total).toBeGreaterThan(30);
    const other = (await cw.get(`/api/registry/residents?region=${OTHER_COMMUNITY}`)).json<ResidentPage>();
    expect(other.total).toBe(0);
    const otherId = await residentIn(`${OTHER_COMMUNITY}001`);
    expect((await cw.get(`/api/registry/residents/${otherId}`)).statusCode).toBe(404);
    expect((await cw.get(`/api/registry/communities/${OTHER_COMMUNITY}/grids`)).statusCode).toBe(404);
    const grids = (await cw.get(`/api/registry/communities/${QINGCHENG}/grids`)).json<GridStats>();
    expect(grids.grids).toHaveLength(10);
    expect(grids.grids[0]?.staff.map((s) => s.role)).toContain('grid_worker');
  });

  it('refuses roles without registry access', async () => {
    for (const who of ['volunteer', 'partymember', 'admin', 'auditor', 'handler']) {
      const c = await as(who);
      expect((await c.get('/api/registry/residents')).statusCode, who).toBe(403);
      expect((await c.get(`/api/registry/residents/${await residentIn(GRID1)}`)).statusCode, who).toBe(404);
    }
  });
});

describe('search', () => {
  it('finds a resident by part of the name, by address words and by exact ID number', async () => {
    const cw = await as('community');
    const row = await database.db
      .selectFrom('residents')
      .select(['id', 'name', 'id_cipher'])
      .where('id', '=', await residentIn(GRID1))
      .executeTakeFirstOrThrow();
    const byName = (await cw.get(`/api/registry/residents?q=${encodeURIComponent(row.name)}`)).json<ResidentPage>();
    expect(byName.items.map((r) => r.id)).toContain(row.id);
    const part = row.name.slice(1);
    const byPart = (await cw.get(`/api/registry/residents?q=${encodeURIComponent(part)}`)).json<ResidentPage>();
    expect(byPart.items.map((r) => r.id)).toContain(row.id);
    const idNumber = decrypt(demo.keyring, row.id_cipher ?? '');
    const byId = (await cw.get(`/api/registry/residents?idNumber=${idNumber.toLowerCase()}`)).json<ResidentPage>();
    expect(byId.items.map((r) => r.id)).toEqual([row.id]);
    const byAddress = (
      await cw.get(`/api/registry/residents?q=${encodeURIComponent('1号楼')}&pageSize=1`)
    ).json<ResidentPage>();
    expect(byAddress.total).toBeGreaterThan(0);
  });

  it('treats injection attempts as words: 400 or nothing found, never an error', async () => {
    const cw = await as('community');
    for (const q of ["' OR 1=1 --", 'a & b | !c', "王'); DROP TABLE residents; --", '%_\\', ':*']) {
      const r = await cw.get(`/api/registry/residents?q=${encodeURIComponent(q)}`);
      expect([200, 400], q).toContain(r.statusCode);
      if (r.statusCode === 200) expect(r.json<ResidentPage>().total, q).toBe(0);
    }
    expect((await cw.get('/api/registry/residents?tags=nope')).statusCode).toBe(400);
    expect((await cw.get("/api/registry/residents?region=1' or '1")).statusCode).toBe(400);
  });
});

describe('sensitive tags', () => {
  it('are shown to the grid worker but not to the grid instructor; filtering by them is refused to those who may not read them', async () => {
    const tagged = { id: await residentIn(GRID1) };
    await database.db
      .updateTable('residents')
      .set({ tags: ['subsistence', 'party_member'] })
      .where('id', '=', tagged.id)
      .execute();
    const gw = (await (await as('gridworker')).get(`/api/registry/residents/${tagged.id}`)).json<ResidentDetail>();
    const gi = (await (await as('instructor')).get(`/api/registry/residents/${tagged.id}`)).json<ResidentDetail>();
    expect(gw.tags.some((t) => ['subsistence', 'disabled', 'living_alone', 'empty_nest'].includes(t))).toBe(true);
    expect(gi.tags.some((t) => ['subsistence', 'disabled', 'living_alone', 'empty_nest'].includes(t))).toBe(false);
    expect((await (await as('instructor')).get('/api/registry/residents?tags=subsistence')).statusCode).toBe(403);
  });
});

describe('reveal', () => {
  it('needs a reason and leaves exactly one audit entry per reveal', async () => {
    const gw = await as('gridworker');
    const id = await residentIn(GRID1);
    expect((await gw.post(`/api/registry/residents/${id}/reveal`, { field: 'idNumber' })).statusCode).toBe(400);
    const count = async () =>
      Number(
        (
          await database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('action', '=', 'registry.reveal')
            .where('result', '=', 'ok')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const res = await gw.post(`/api/registry/residents/${id}/reveal`, {
      field: 'idNumber',
      reason: '入户走访核对身份',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ value: string }>().value).toMatch(/^\d{17}[\dX]$/);
    expect(await count()).toBe(before + 1);
    const entry = await database.db
      .selectFrom('audit_log')
      .select(['reason', 'object_id', 'street_id'])
      .where('action', '=', 'registry.reveal')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ reason: '入户走访核对身份', object_id: String(id), street_id: '350102001' });
    // outside her grid: not found; the instructor reads but may not reveal
    expect(
      (await gw.post(`/api/registry/residents/${await residentIn(GRID2)}/reveal`, { field: 'phone', reason: '核对' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await (await as('instructor')).post(`/api/registry/residents/${id}/reveal`, { field: 'phone', reason: '核对' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('export', () => {
  it('gives the community worker a masked XLSX of the filtered list, and records it', async () => {
    const cw = await as('community');
    const res = await cw.get(`/api/registry/residents/export?region=${GRID1}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('居民');
    const total = (await cw.get(`/api/registry/residents?region=${GRID1}`)).json<ResidentPage>().total;
    expect((sheet?.rowCount ?? 0) - 1).toBe(total);
    expect(String(sheet?.getRow(2).getCell(2).value)).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'registry.export')
      .where('result', '=', 'ok')
      .executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ rows: total });
  });
});

describe('personal data in responses', () => {
  it('never contains a full ID number or phone except in a recorded reveal', async () => {
    const cw = await as('community');
    const some = (await cw.get(`/api/registry/residents?region=${QINGCHENG}&pageSize=50`)).json<ResidentPage>();
    for (const r of some.items.slice(0, 5)) await cw.get(`/api/registry/residents/${r.id}`);
    const hh = some.items[0]?.householdId;
    if (hh) await cw.get(`/api/registry/households/${hh}`);
    const full = /\b\d{17}[\dX]\b|\b1[3-9]\d{9}\b/;
    const leaks = responses.filter((r) => !r.url.includes('/reveal') && full.test(r.body));
    expect(leaks.map((r) => r.url)).toEqual([]);
    expect(responses.length).toBeGreaterThan(20);
  });
});

describe('a resident leaving or dying', () => {
  it('keeps the record, changes its status, writes history and an audit entry; nothing twice', async () => {
    const gw = await as('gridworker');
    const id = await residentIn(GRID1);
    expect((await gw.post(`/api/registry/residents/${id}/status`, { status: 'moved_out' })).statusCode).toBe(400);
    const res = await gw.post(`/api/registry/residents/${id}/status`, { status: 'moved_out', note: '迁往外地工作' });
    expect(res.statusCode, res.body).toBe(200);
    const detail = (await gw.get(`/api/registry/residents/${id}`)).json<ResidentDetail>();
    expect(detail.status).toBe('moved_out');
    expect(detail.history[0]).toMatchObject({ kind: 'moved_out', detail: { from: 'active', note: '迁往外地工作' } });
    const active = (await gw.get('/api/registry/residents?pageSize=200')).json<ResidentPage>();
    expect(active.items.map((r) => r.id)).not.toContain(id);
    const moved = (await gw.get('/api/registry/residents?status=moved_out')).json<ResidentPage>();
    expect(moved.items.map((r) => r.id)).toContain(id);
    expect(
      (await gw.post(`/api/registry/residents/${id}/status`, { status: 'moved_out', note: '再次' })).statusCode,
    ).toBe(409);
    expect(
      (await gw.post(`/api/registry/residents/${await residentIn(GRID2)}/status`, { status: 'deceased', note: '某事' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await (await as('instructor')).post(`/api/registry/residents/${id}/status`, { status: 'active', note: '返回' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('a house changing owner', () => {
  it('ends the old owners on the date, starts the new ones, keeps both, and shows the current ones', async () => {
    const cw = await as('community');
    const house = await database.db
      .selectFrom('houses')
      .select(['id', 'building_id'])
      .where('grid_path', 'like', `%/${GRID1}/`)
      .executeTakeFirstOrThrow();
    // from a house with no owner on record (the demo gives every house one)
    await database.db.deleteFrom('house_owners').where('house_id', '=', house.id).execute();
    const put = (body: object) => cw.put(`/api/registry/houses/${house.id}/owners`, body);
    expect((await put({ owners: [{ name: '陈建国' }], since: '2020-05-01' })).statusCode).toBe(200);
    expect((await put({ owners: [{ name: '林秀英' }, { name: '林海' }], since: '2026-03-01' })).statusCode).toBe(200);
    expect((await put({ owners: [{ name: '某人' }], since: '2025-01-01' })).statusCode).toBe(409);
    expect((await put({ owners: [], since: '2026-04-01' })).statusCode).toBe(400);
    expect((await put({ owners: [{ name: '某人' }], since: '2026-13-01' })).statusCode).toBe(400);
    const rows = await database.db
      .selectFrom('house_owners')
      .select(['owner_name', 'since', 'until'])
      .where('house_id', '=', house.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { owner_name: '陈建国', since: '2020-05-01', until: '2026-03-01' },
      { owner_name: '林秀英', since: '2026-03-01', until: null },
      { owner_name: '林海', since: '2026-03-01', until: null },
    ]);
    const detail = (await cw.get(`/api/registry/buildings/${house.building_id}`)).json<BuildingDetailT>();
    expect(detail.housesList.find((h) => h.id === house.id)?.owners).toEqual(['林秀英', '林海']);
    const other = await database.db
      .selectFrom('houses')
      .select('id')
      .where('grid_path', 'like', `%/${OTHER_COMMUNITY}%`)
      .executeTakeFirstOrThrow();
    expect(
      (await cw.put(`/api/registry/houses/${other.id}/owners`, { owners: [{ name: '某' }], since: '2026-01-01' }))
        .statusCode,
    ).toBe(404);
  });
});
