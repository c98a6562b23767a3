import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StationRow } from '../../../contracts/stations.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_GRID, DEMO_RESIDENT_PHONE, DEMO_STREET } from '../../core/demo.js';

let demo: DemoApp;
let operator: Client;
let worker: Client;
let resident: Client;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;
const allDay = { week: Array.from({ length: 7 }, () => [['00:00', '24:00']]), holidays: 'open', closures: [] };
/** A whole hour at least two hours ahead (a slot of a one-hour, 24-hour station). */
const slotAhead = (hours = 2) => new Date(Math.ceil(Date.now() / 3600_000) * 3600_000 + hours * 3600_000).toISOString();

beforeAll(async () => {
  demo = await demoApp();
  operator = await signedIn(demo.app, 'operator');
  worker = await signedIn(demo.app, 'community');
  resident = await signedIn(demo.app, DEMO_RESIDENT_PHONE);
});
afterAll(() => demo.close());

async function newStation(name: string, over: object = {}) {
  const res = await operator.post('/api/stations', {
    region: DEMO_COMMUNITY,
    kind: 'home',
    name,
    address: '庆城路1号',
    lng: 119.3,
    lat: 26.08,
    hours: allDay,
    slotMinutes: 60,
    slotCapacity: 2,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}
async function stationItem() {
  const cat = (await resident.get(`/api/services?street=${DEMO_STREET}`)).json<{
    items: { id: number; channels: string[] }[];
  }>();
  const item = cat.items.find((i) => i.channels.includes('station'));
  if (!item) throw new Error('no item done at a window');
  return item.id;
}

describe('stations of the demo street', () => {
  it('lists every kind, each with its hours in words and whether it is open now', async () => {
    const res = await operator.get(`/api/stations?region=${DEMO_STREET}`);
    expect(res.statusCode).toBe(200);
    const { items } = res.json<{ items: StationRow[] }>();
    expect(new Set(items.map((s) => s.kind)).size).toBe(9);
    const allDayStation = items.find((s) => s.kind === 'self_service');
    expect(allDayStation?.now).toEqual({ open: true, until: null, next: null });
    expect(items.every((s) => s.hoursText.length >= 2)).toBe(true);
  });

  it('tell a resident near home where to borrow an umbrella now, nearest first', async () => {
    const post = (await operator.get(`/api/stations?region=${DEMO_STREET}&kind=red_post`)).json<{
      items: StationRow[];
    }>().items[0];
    if (!post) throw new Error('no red post');
    const res = await demo.app.inject(`/api/stations/near?lng=${post.lng}&lat=${post.lat}&facility=umbrella&open=1`);
    expect(res.statusCode).toBe(200);
    const near = res.json<{ items: StationRow[] }>().items;
    expect(near.length).toBeGreaterThan(0);
    expect(near.every((s) => s.now.open && s.facilities.some((f) => f.kind === 'umbrella' && f.available > 0))).toBe(
      true,
    );
    expect(near.map((s) => s.distance)).toEqual([...near.map((s) => s.distance ?? 0)].sort((a, b) => a - b));
  });

  it('refuse hours that overlap, in words, and keep nothing', async () => {
    const res = await operator.post('/api/stations', {
      region: DEMO_COMMUNITY,
      kind: 'home',
      name: '重叠时段的阵地',
      address: '庆城路2号',
      lng: 119.3,
      lat: 26.08,
      hours: {
        ...allDay,
        week: [
          [],
          [
            ['08:00', '12:00'],
            ['11:30', '13:00'],
          ],
          [],
          [],
          [],
          [],
          [],
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(message(res)).toContain('周一的时段相互重叠');
    const list = (await operator.get(`/api/stations?region=${DEMO_STREET}`)).json<{ items: StationRow[] }>().items;
    expect(list.some((s) => s.name === '重叠时段的阵地')).toBe(false);
  });
});

describe('lending', () => {
  it('lends while there is stock, refuses the one too many, and takes back', async () => {
    const id = await newStation('借用测试驿站', { kind: 'red_post' });
    const f = await operator.put(`/api/stations/${DEMO_STREET}/${id}/facilities`, {
      kind: 'umbrella',
      name: '爱心雨伞',
      stock: 1,
    });
    expect(f.statusCode, f.body).toBe(200);
    const facilityId = f.json<{ id: number }>().id;
    const first = await worker.post(`/api/stations/${DEMO_STREET}/loans`, { facilityId, borrower: '外卖骑手王师傅' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await worker.post(`/api/stations/${DEMO_STREET}/loans`, { facilityId, borrower: '快递员李师傅' });
    expect(second.statusCode).toBe(409);
    expect(message(second)).toBe('爱心雨伞已全部借出');
    const less = await operator.put(`/api/stations/${DEMO_STREET}/${id}/facilities`, {
      kind: 'umbrella',
      name: '爱心雨伞',
      stock: 0,
    });
    expect(less.statusCode).toBe(400);
    const back = await worker.post(`/api/stations/${DEMO_STREET}/loans/${first.json<{ id: number }>().id}/return`);
    expect(back.statusCode).toBe(200);
    const d = (await worker.get(`/api/stations/${DEMO_STREET}/${id}`)).json<{
      station: StationRow;
      loans: { borrower: string }[];
    }>();
    expect(d.station.facilities[0]).toMatchObject({ stock: 1, onLoan: 0, available: 1 });
    expect(d.loans[0]?.borrower).toBe('外******');
  });
});

describe('appointments', () => {
  it('book a slot, refuse the same person twice, fill it, and free a place on cancelling', async () => {
    const stationId = await newStation('预约测试党群之家');
    const itemId = await stationItem();
    const startsAt = slotAhead();
    const body = { street: DEMO_STREET, stationId, itemId, startsAt };
    const mine = await resident.post('/api/appointments', body);
    expect(mine.statusCode, mine.body).toBe(201);
    const again = await resident.post('/api/appointments', body);
    expect(again.statusCode).toBe(409);
    expect(message(again)).toBe('您在这个时段已有预约');
    expect((await worker.post('/api/appointments', body)).statusCode).toBe(201);
    const full = await operator.post('/api/appointments', body);
    expect(full.statusCode).toBe(409);
    expect(message(full)).toBe('该时段已约满，请换一个时段');
    const off = await resident.post(`/api/appointments/${DEMO_STREET}/${mine.json<{ id: number }>().id}/cancel`);
    expect(off.statusCode).toBe(200);
    expect((await operator.post('/api/appointments', body)).statusCode).toBe(201);
    const slots = (
      await resident.get(`/api/stations/${DEMO_STREET}/${stationId}/slots?day=${startsAt.slice(0, 10)}`)
    ).json<{
      slots: { startsAt: string; booked: number }[];
    }>();
    expect(slots.slots.length).toBeGreaterThan(0);
  });

  it('refuse a time outside the station’s hours', async () => {
    const stationId = await newStation('午休测试党群之家', {
      hours: { week: Array.from({ length: 7 }, () => [['08:00', '09:00']]), holidays: 'open', closures: [] },
    });
    const noon = new Date(Date.now() + 86_400_000);
    noon.setUTCHours(4, 0, 0, 0); // 12:00 in China
    const res = await resident.post('/api/appointments', {
      street: DEMO_STREET,
      stationId,
      itemId: await stationItem(),
      startsAt: noon.toISOString(),
    });
    expect(res.statusCode).toBe(400);
    expect(message(res)).toBe('该时段不在阵地的开放时间内');
  });

  it.runIf(onPostgres)('never overbook a slot under concurrent requests', async () => {
    const stationId = await newStation('并发测试党群之家');
    const itemId = await stationItem();
    const body = { street: DEMO_STREET, stationId, itemId, startsAt: slotAhead(3) };
    const people = await Promise.all(
      ['operator', 'community', 'secretary', 'gridworker', DEMO_RESIDENT_PHONE].map((u) => signedIn(demo.app, u)),
    );
    const codes = (await Promise.all(people.map((p) => p.post('/api/appointments', body)))).map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(2);
    expect(codes.filter((c) => c === 409)).toHaveLength(3);
    const d = (await operator.get(`/api/stations/${DEMO_STREET}/${stationId}?day=${body.startsAt.slice(0, 10)}`)).json<{
      slots: { startsAt: string; booked: number }[];
    }>();
    expect(d.slots.find((s) => s.startsAt === body.startsAt)?.booked).toBe(2);
  });

  it('show a resident their own appointments with the materials to bring', async () => {
    const mine = (await resident.get('/api/appointments/mine')).json<{
      items: { who: string; materials: string[] }[];
    }>().items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]?.who).not.toContain('*');
  });
});

describe('the catalogue', () => {
  it('has 8 categories and 35 items, and a community may put its own version in place of one', async () => {
    const c = (await resident.get(`/api/services?street=${DEMO_STREET}`)).json<{
      categories: unknown[];
      items: { code: string; community: string | null; name: string }[];
    }>();
    expect(c.categories).toHaveLength(8);
    expect(c.items).toHaveLength(35);
    const cat = (c.categories[0] as { id: number }).id;
    const own = await worker.post('/api/services/items', {
      street: DEMO_STREET,
      categoryId: cat,
      community: DEMO_COMMUNITY,
      code: 'SB01',
      name: '养老保险参保登记（庆城社区周三集中办理）',
      who: '本社区居民',
      materials: ['身份证'],
      channels: ['station'],
      timeLimit: '即时办结',
    });
    expect(own.statusCode, own.body).toBe(200);
    const local = (await resident.get(`/api/services?street=${DEMO_STREET}&community=${DEMO_COMMUNITY}`)).json<{
      items: { code: string; name: string }[];
    }>();
    expect(local.items).toHaveLength(35);
    expect(local.items.find((i) => i.code === 'SB01')?.name).toContain('周三集中办理');
  });

  it('imports from XLSX all or nothing, naming the faulty rows', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('服务清单');
    sheet.addRow(['服务类别', '编码', '服务事项', '服务对象', '所需材料', '办理方式', '办理时限', '收费']);
    sheet.addRow(['文体服务', 'WT01', '文体场地预约', '辖区居民', '身份证', '窗口办', '即时办结', '免费']);
    sheet.addRow(['文体服务', 'WT02', '', '辖区居民', '', '上门办', '即时办结', '免费']);
    const upload = async () =>
      operator.raw({
        method: 'POST',
        url: `/api/services/import?street=${DEMO_STREET}`,
        payload: Buffer.from(await book.xlsx.writeBuffer()),
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      });
    const bad = await upload();
    expect(bad.statusCode).toBe(400);
    expect(message(bad)).toContain('第3行：服务事项、办理方式填写有误');
    expect((await resident.get(`/api/services?street=${DEMO_STREET}`)).json<{ items: unknown[] }>().items).toHaveLength(
      35,
    );
    sheet.spliceRows(3, 1);
    const good = await upload();
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toEqual({ items: 1, categories: 1 });
    expect(
      (await resident.get(`/api/services?street=${DEMO_STREET}`)).json<{ categories: unknown[] }>().categories,
    ).toHaveLength(9);
  });
});

describe('代办 and the 15-minute circle', () => {
  it('will not close a proxy request until someone signs for the materials', async () => {
    const stationId = await newStation('代办测试点', { kind: 'proxy_point' });
    const take = await worker.post(`/api/stations/${DEMO_STREET}/${stationId}/proxies`, {
      itemId: await stationItem(),
      resident: '林阿婆',
      reason: 'elderly',
      materials: ['身份证', '户口簿'],
    });
    expect(take.statusCode, take.body).toBe(201);
    const id = take.json<{ id: number }>().id;
    expect(
      (await worker.post(`/api/proxies/${DEMO_STREET}/${id}`, { state: 'returned', signedBy: '林阿婆' })).statusCode,
    ).toBe(409);
    expect((await worker.post(`/api/proxies/${DEMO_STREET}/${id}`, { state: 'done' })).statusCode).toBe(200);
    expect((await worker.post(`/api/proxies/${DEMO_STREET}/${id}`, { state: 'returned' })).statusCode).toBe(400);
    expect(
      (await worker.post(`/api/proxies/${DEMO_STREET}/${id}`, { state: 'returned', signedBy: '林阿婆之子' }))
        .statusCode,
    ).toBe(200);
  });

  it('reports households within reach by kind, the uncovered buildings and where a red post would help most', async () => {
    const res = await operator.get(`/api/stations/coverage?region=${DEMO_STREET}&kind=red_post`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<{
      radius: number;
      totals: { households: number; covered: Record<string, number> };
      uncovered: { households: number }[];
      suggestions: { households: number }[];
    }>();
    expect(r.radius).toBe(857);
    expect(r.totals.households).toBeGreaterThan(0);
    const uncovered = r.uncovered.reduce((n, b) => n + b.households, 0);
    expect(uncovered + (r.totals.covered.red_post ?? 0)).toBe(r.totals.households);
    if (uncovered) expect(r.suggestions[0]?.households).toBeGreaterThan(0);
    const grid = await signedIn(demo.app, 'gridworker');
    expect(
      (await grid.get(`/api/stations/coverage?region=${DEMO_GRID.slice(0, 9)}1`)).statusCode,
    ).toBeGreaterThanOrEqual(400);
  });
});

describe('the elderly canteen', () => {
  it('serves a care subject once per meal, refuses a meal at a station that is not a canteen, and masks the names', async () => {
    const { items } = (await operator.get(`/api/stations?region=${DEMO_STREET}&kind=canteen`)).json<{
      items: StationRow[];
    }>();
    const canteen = items[0];
    if (!canteen) throw new Error('no canteen');
    const url = `/api/stations/${DEMO_STREET}/${canteen.id}`;
    const first = await worker.get(`${url}/canteen`);
    expect(first.statusCode, first.body).toBe(200);
    const before = first.json<{
      month: { meals: number };
      careSubjects: { id: number; name: string }[];
    }>();
    const subject = before.careSubjects[0];
    if (!subject) throw new Error('no care subject near the canteen');
    expect(subject.name).toContain('*');
    const meal = { meal: 'dinner', careSubjectId: subject.id, price: 8, subsidy: 4 };
    expect((await worker.post(`${url}/meals`, meal)).statusCode).toBe(201);
    const twice = await worker.post(`${url}/meals`, meal);
    expect(twice.statusCode).toBe(409);
    expect(message(twice)).toBe('这位老人这一餐已登记');
    expect(message(await worker.post(`${url}/meals`, { meal: 'lunch', price: 12 }))).toBe(
      '请填写就餐老人姓名或选择关爱对象',
    );
    const other = items.length
      ? (await operator.get(`/api/stations?region=${DEMO_STREET}&kind=red_post`)).json<{ items: StationRow[] }>()
          .items[0]
      : null;
    expect(
      message(
        await worker.post(`/api/stations/${DEMO_STREET}/${other?.id}/meals`, {
          meal: 'lunch',
          diner: '张阿婆',
          price: 12,
        }),
      ),
    ).toBe('只有长者食堂登记助餐');
    const after = (await worker.get(`${url}/canteen`)).json<{
      month: { meals: number; careMeals: number };
      meals: { diner: string; care: boolean }[];
    }>();
    expect(after.month.meals).toBe(before.month.meals + 1);
    expect(after.meals.some((m) => m.care && m.diner.includes('*'))).toBe(true);
  });
});
