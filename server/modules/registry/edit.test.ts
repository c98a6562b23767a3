import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
let community: Client;
let gridworker: Client;
beforeAll(async () => {
  demo = await demoApp();
  community = await signedIn(demo.app, 'community');
  gridworker = await signedIn(demo.app, 'gridworker');
});
afterAll(() => demo.close());

type Estate = {
  id: number;
  name: string;
  propertyAgencyId: number | null;
  propertyCompany: string | null;
  partyBranch: string | null;
};

describe('estates', () => {
  it('lets the community set the property company, owners’ committee and party branch, audited with the old values', async () => {
    const estates = (await community.get('/api/registry/estates?community=350102001002')).json<Estate[]>();
    expect(estates.length).toBeGreaterThan(0);
    const target = estates[0] as Estate;
    const units = await demo.database.db.selectFrom('agencies').select(['id', 'kind']).execute();
    const company = units.find((u) => u.kind === 'property_company')?.id ?? 0;
    const department = units.find((u) => u.kind === 'department')?.id ?? 0;
    const bad = await community.put(`/api/registry/estates/${target.id}`, {
      propertyAgencyId: department,
      ownersCommittee: null,
      partyBranch: null,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('物业企业');
    const ok = await community.put(`/api/registry/estates/${target.id}`, {
      propertyAgencyId: company,
      ownersCommittee: '第三届业主委员会（主任：林建国）',
      partyBranch: '庆城小区党支部',
    });
    expect(ok.statusCode).toBe(200);
    const after = (await community.get('/api/registry/estates?community=350102001002'))
      .json<Estate[]>()
      .find((e) => e.id === target.id);
    expect(after).toMatchObject({ propertyCompany: '福州庆城物业服务有限公司', partyBranch: '庆城小区党支部' });
    const audit = await demo.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('object_type', '=', 'estate')
      .where('object_id', '=', String(target.id))
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.detail)).toContain('"before"');
  });

  it('shows a grid worker only the estates with a building in her grid', async () => {
    const mine = (await gridworker.get('/api/registry/estates?community=350102001002')).json<Estate[]>();
    const all = (await community.get('/api/registry/estates?community=350102001002')).json<Estate[]>();
    expect(mine.length).toBeLessThan(all.length);
  });
});

describe('moving a household', () => {
  it('moves a household and its members to another house of the grid and keeps where it came from', async () => {
    const db = demo.database.db;
    const houses = await db
      .selectFrom('houses')
      .select(['id', 'grid_path'])
      .where('grid_path', 'like', '%/350102001002001/')
      .orderBy('id')
      .limit(2)
      .execute();
    const [fromHouse, toHouse] = houses;
    const household = await db
      .selectFrom('households')
      .select(['id'])
      .where('house_id', '=', fromHouse?.id ?? 0)
      .executeTakeFirstOrThrow();
    expect(
      (await gridworker.post(`/api/registry/households/${household.id}/move`, { toHouseId: toHouse?.id })).statusCode,
    ).toBe(400);
    const res = await gridworker.post(`/api/registry/households/${household.id}/move`, {
      toHouseId: toHouse?.id,
      note: '购房迁居',
    });
    expect(res.statusCode).toBe(200);
    const moved = await db
      .selectFrom('households')
      .select(['house_id', 'number'])
      .where('id', '=', household.id)
      .executeTakeFirstOrThrow();
    expect(moved.house_id).toBe(toHouse?.id);
    const event = await db
      .selectFrom('registry_events')
      .select(['kind', 'detail'])
      .where('household_id', '=', household.id)
      .where('kind', '=', 'household_moved')
      .executeTakeFirstOrThrow();
    expect(event.detail).toMatchObject({ fromHouseId: fromHouse?.id, toHouseId: toHouse?.id, note: '购房迁居' });
    // into another grid: the grid worker may not even see the destination
    const elsewhere = await db
      .selectFrom('houses')
      .select('id')
      .where('grid_path', 'like', '%/350102001002002/')
      .executeTakeFirstOrThrow();
    expect(
      (await gridworker.post(`/api/registry/households/${household.id}/move`, { toHouseId: elsewhere.id, note: 'x' }))
        .statusCode,
    ).toBe(404);
    // the community worker may, and the members follow the household to the new grid
    expect(
      (
        await community.post(`/api/registry/households/${household.id}/move`, {
          toHouseId: elsewhere.id,
          note: '迁往第2网格',
        })
      ).statusCode,
    ).toBe(200);
    const members = await db
      .selectFrom('residents')
      .select('grid_path')
      .where('household_id', '=', household.id)
      .execute();
    expect(members.every((m) => m.grid_path.endsWith('/350102001002002/'))).toBe(true);
    expect((await gridworker.get(`/api/registry/households/${household.id}`)).statusCode).toBe(404);
  });
});

describe('business lines (管线)', () => {
  type Stats = { grids: { code: string; lines: { line: string; person: string; unit: string | null }[] }[] };
  it('shows the lines assigned to each grid and lets the community, not the grid worker, replace them', async () => {
    const before = (await community.get('/api/registry/communities/350102001002/grids')).json<Stats>();
    expect(before.grids[0]?.lines.map((l) => l.line)).toEqual(['社区民警', '城管队员', '市场监管']);
    const lines = [
      { line: '社区民警', person: '郑警官', unit: '鼓东派出所' },
      { line: '消防', person: '吴站长', unit: null },
    ];
    expect((await gridworker.put('/api/registry/grids/350102001002001/lines', { lines })).statusCode).toBe(403);
    expect((await community.put('/api/registry/grids/350102001002001/lines', { lines })).statusCode).toBe(200);
    const after = (await gridworker.get('/api/registry/communities/350102001002/grids')).json<Stats>();
    expect(after.grids.find((g) => g.code === '350102001002001')?.lines).toEqual(lines);
    expect((await community.put('/api/registry/grids/350102001004001/lines', { lines })).statusCode).toBe(404);
  });
});
