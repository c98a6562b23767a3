import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../../contracts/cases.js';
import { photoWithGps, pointIn, step, uploadPhoto } from '../../../test/cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
let resident: Client;
let operator: Client;
let handler: Client;
let gridworker: Client;
let community: Client;
let cityUnit: number;
/** A point in 庆城社区第1网格, the demo grid worker's grid. */
let here: { lng: number; lat: number };

beforeAll(async () => {
  demo = await demoApp();
  [resident, operator, handler, gridworker, community] = await Promise.all([
    signedIn(demo.app, '13800000001'),
    signedIn(demo.app, 'operator'),
    signedIn(demo.app, 'handler'),
    signedIn(demo.app, 'gridworker'),
    signedIn(demo.app, 'community'),
  ]);
  const agencies = (await operator.get('/api/agencies')).json<{ id: number; name: string }[]>();
  cityUnit = agencies.find((a) => a.name === '鼓东街道城管中队')?.id ?? 0;
  here = await pointIn(demo.database.db, '350102001002001');
});
afterAll(() => demo.close());

async function report(client: Client, body: object) {
  const res = await client.post('/api/cases', body);
  return { status: res.statusCode, json: res.json<CaseDetail & { created: boolean }>() };
}

describe('a resident’s snapshot through the whole loop', () => {
  let id: number;

  it('takes the photo’s GPS position, routes it to the grid, and strips the metadata from the stored file', async () => {
    const up = await uploadPhoto(resident, await photoWithGps(here.lat, here.lng));
    expect(up.status).toBe(201);
    expect(up.json.lat).toBeCloseTo(here.lat, 4);
    const r = await report(resident, {
      category: 'env.corridor',
      description: '3号楼2单元楼道堆满纸箱，老人下楼不方便',
      photos: [up.json.id],
      clientRequestId: 'resident-req-0001',
    });
    expect(r.status).toBe(201);
    expect(r.json.source).toBe('snapshot');
    expect(r.json.status).toBe('reported');
    expect(r.json.gridCode).toBe('350102001002001');
    expect(r.json.lat).toBeCloseTo(here.lat, 4);
    expect(r.json.photos).toEqual([up.json.id]);
    id = r.json.id;
    const stored = await demo.database.db
      .selectFrom('case_photos')
      .select('data')
      .where('id', '=', up.json.id)
      .executeTakeFirstOrThrow();
    const meta = await sharp(stored.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.data.includes(Buffer.from('LinliTestCam'))).toBe(false);
  });

  it('returns the first case for a retried submission', async () => {
    const again = await report(resident, {
      category: 'env.corridor',
      description: '重复提交',
      clientRequestId: 'resident-req-0001',
      ...here,
    });
    expect(again.status).toBe(200);
    expect(again.json.created).toBe(false);
    expect(again.json.id).toBe(id);
  });

  it('goes reported → registered → dispatched → handling → handled → closed → rated', async () => {
    let r = await step(operator, id, 'register');
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('registered');
    expect(r.json.actions).toContain('dispatch');
    r = await step(operator, id, 'dispatch', { agencyId: cityUnit });
    expect(r.json.status).toBe('dispatched');
    expect(r.json.signDueAt).not.toBeNull();
    expect(r.json.handleDueAt).not.toBeNull();

    const inbox = (await handler.get('/api/notifications')).json<{
      unread: number;
      items: { kind: string; caseId: number }[];
    }>();
    expect(inbox.items.some((n) => n.kind === 'dispatched' && n.caseId === id)).toBe(true);

    r = await step(handler, id, 'sign');
    expect(r.json.status).toBe('handling');
    r = await step(handler, id, 'contact');
    expect(r.status).toBe(200);
    r = await step(handler, id, 'handle', { note: '已清理楼道杂物' });
    expect(r.json.status).toBe('handled');
    r = await step(gridworker, id, 'verify_pass', { note: '现场已清理干净' });
    expect(r.json.status).toBe('closed');

    const mine = (await resident.get(`/api/cases/${id}`)).json<CaseDetail>();
    expect(mine.actions).toEqual(['rate']);
    expect(mine.timeline.map((e) => e.action)).toEqual([
      'report',
      'register',
      'dispatch',
      'sign',
      'contact',
      'handle',
      'verify_pass',
    ]);
    expect(mine.timeline.every((e) => e.actorName === '我' || e.actorName === '工作人员')).toBe(true);
    r = await step(resident, id, 'rate', { rating: 'satisfied' });
    expect(r.json.rating).toBe('satisfied');
    expect(r.json.actions).not.toContain('rate');
    const residentInbox = (await resident.get('/api/notifications')).json<{ items: { kind: string }[] }>();
    expect(residentInbox.items.map((n) => n.kind)).toContain('please_rate');
  });

  it('lets the community and the reporter rate the unit back, once each', async () => {
    expect((await community.post(`/api/cases/${id}/agency-rating`, { score: 4, comment: '响应及时' })).statusCode).toBe(
      201,
    );
    expect((await community.post(`/api/cases/${id}/agency-rating`, { score: 5 })).statusCode).toBe(409);
    expect((await resident.post(`/api/cases/${id}/agency-rating`, { score: 5 })).statusCode).toBe(201);
    expect((await gridworker.post(`/api/cases/${id}/agency-rating`, { score: 1 })).statusCode).toBe(403);
    const today = new Date().toISOString().slice(0, 10);
    const ratings = (await operator.get(`/api/case-indicators?groupBy=agency&from=${today}&to=${today}`)).json<{
      ratings: { agencyId: number; raterKind: string; mean: number }[];
    }>().ratings;
    expect(ratings.filter((r) => r.agencyId === cityUnit).map((r) => [r.raterKind, r.mean])).toEqual(
      expect.arrayContaining([
        ['community', 4],
        ['resident', 5],
      ]),
    );
  });

  it('writes one audit row per step', async () => {
    const rows = await demo.database.db
      .selectFrom('audit_log')
      .select(['action', 'result'])
      .where('object_type', '=', 'case')
      .where('object_id', '=', String(id))
      .execute();
    expect(rows.filter((r) => r.result === 'ok' && r.action !== 'cases.rate_agency')).toHaveLength(8); // report and seven steps
    expect(rows.filter((r) => r.action === 'cases.rate_agency' && r.result === 'ok')).toHaveLength(2);
    // the grid worker's refused rating is named by what was refused
    expect(rows.filter((r) => r.action === 'cases.rate_agency' && r.result === 'denied')).toHaveLength(1);
  });
});

describe('rework, return, extension, parking, reopen', () => {
  async function dispatched(agencyId: number | null = cityUnit) {
    const r = await report(gridworker, { category: 'env.sanitation', description: '垃圾桶满溢', ...here });
    expect(r.status).toBe(201);
    expect(r.json.source).toBe('patrol');
    await step(operator, r.json.id, 'register');
    const d = await step(operator, r.json.id, 'dispatch', { agencyId });
    expect(d.status).toBe(200);
    return r.json.id;
  }

  it('sends a failed verification back to the unit as rework with a fresh limit', async () => {
    const id = await dispatched();
    await step(handler, id, 'sign');
    await step(handler, id, 'handle', { note: '已处理' });
    const r = await step(gridworker, id, 'verify_fail', { note: '仍有垃圾' });
    expect(r.json.status).toBe('handling');
    expect(r.json.reworks).toBe(1);
    expect(await step(handler, id, 'handle', { note: '彻底清理' }).then((x) => x.json.status)).toBe('handled');
  });

  it('lets a unit return a wrongly routed case with a reason, and the community dispatch it again', async () => {
    const id = await dispatched();
    expect((await step(handler, id, 'return', {})).status).toBe(400);
    const r = await step(handler, id, 'return', { note: '不属于本单位职责' });
    expect(r.status).toBe(200);
    const back = (await operator.get(`/api/cases/${id}`)).json<CaseDetail>();
    expect(back.status).toBe('registered');
    expect(back.agencyId).toBeNull();
    expect((await handler.get(`/api/cases/${id}`)).statusCode).toBe(404);
  });

  it('extends the handling limit by the approved working days', async () => {
    const id = await dispatched();
    await step(handler, id, 'sign');
    const before = (await step(handler, id, 'request_extension', { days: 3, note: '需采购配件' })).json;
    expect(before.pendingRequest).toBe('extension');
    expect((await step(handler, id, 'handle', { note: 'x' })).status).toBe(409);
    const after = (await step(operator, id, 'approve_extension')).json;
    expect(after.pendingRequest).toBeNull();
    expect(new Date(after.handleDueAt ?? 0).getTime()).toBeGreaterThan(
      new Date(before.handleDueAt ?? 0).getTime() + 2 * 86_400_000,
    );
  });

  it('parks a long-term case on approval and resumes it', async () => {
    const id = await dispatched();
    await step(handler, id, 'sign');
    await step(handler, id, 'request_park', { note: '需列入改造计划' });
    expect((await step(operator, id, 'approve_park')).json.status).toBe('parked');
    expect((await step(operator, id, 'unpark')).json.status).toBe('handling');
  });

  it('lets the grid handle a household matter itself', async () => {
    const id = await dispatched(null);
    const r = await step(gridworker, id, 'sign');
    expect(r.json.status).toBe('handling');
    expect((await step(handler, id, 'sign')).status).toBe(404);
  });

  it('lets a dissatisfied reporter reopen within 7 days', async () => {
    const r = await report(resident, { category: 'neighbour.noise', description: '楼上夜间装修', ...here });
    const id = r.json.id;
    await step(operator, id, 'register');
    await step(operator, id, 'dispatch', { agencyId: null });
    await step(gridworker, id, 'sign');
    await step(gridworker, id, 'handle', { note: '已上门劝导' });
    await step(gridworker, id, 'verify_pass');
    await step(resident, id, 'rate', { rating: 'dissatisfied', solved: false });
    const again = await step(resident, id, 'reopen', { note: '还在装修' });
    expect(again.json.status).toBe('registered');
    expect(again.json.rating).toBeNull();
  });
});

describe('a department handler', () => {
  it('sees only what was dispatched to its unit (lead or assisting), through the list, the case and its photos', async () => {
    const agencies = (await operator.get('/api/agencies')).json<{ id: number; name: string }[]>();
    const other = agencies.find((a) => a.name === '鼓楼区市政工程管理处')?.id ?? 0;
    const up = await uploadPhoto(resident, await photoWithGps(here.lat, here.lng));
    const mk = async (agencyId: number, assists: number[] = [], photos: string[] = []) => {
      const r = await report(resident, { category: 'fac.road', description: '人行道地砖松动', photos, ...here });
      await step(operator, r.json.id, 'register');
      await step(operator, r.json.id, 'dispatch', { agencyId, assistAgencyIds: assists });
      return r.json.id;
    };
    const elsewhere = await mk(other, [], [up.json.id]);
    const assisting = await mk(other, [cityUnit]);
    expect((await handler.get(`/api/cases/${elsewhere}`)).statusCode).toBe(404);
    expect((await handler.get(`/api/case-photos/${up.json.id}`)).statusCode).toBe(404);
    expect((await handler.get(`/api/cases/${assisting}`)).statusCode).toBe(200);
    // an assisting unit follows the case but the lead unit signs for it
    expect((await step(handler, assisting, 'sign')).status).toBe(403);
    const all = (await handler.get('/api/cases?pageSize=100')).json<{
      items: { id: number; agencyId: number | null }[];
    }>();
    expect(all.items.map((c) => c.id)).not.toContain(elsewhere);
    expect(all.items.map((c) => c.id)).toContain(assisting);
    const rows = await demo.database.db
      .selectFrom('cases')
      .leftJoin('case_assists', (j) =>
        j.onRef('case_assists.street_id', '=', 'cases.street_id').onRef('case_assists.case_id', '=', 'cases.id'),
      )
      .select(['cases.id', 'cases.agency_id', 'case_assists.agency_id as assist'])
      .where(
        'cases.id',
        'in',
        all.items.map((c) => c.id),
      )
      .execute();
    expect(rows.every((r) => r.agency_id === cityUnit || r.assist === cityUnit)).toBe(true);
  });
});

describe('refusals', () => {
  it('answers 409 with the current state when two people dispatch at once', async () => {
    const r = await report(gridworker, { category: 'env.posters', description: '小广告', ...here });
    const id = r.json.id;
    await step(operator, id, 'register');
    const [a, b] = await Promise.all([
      step(operator, id, 'dispatch', { agencyId: cityUnit, version: r.json.version + 1 }),
      step(community, id, 'dispatch', { agencyId: null, version: r.json.version + 1 }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a.json : b.json;
    expect(loser.error?.code).toBe('conflict');
    expect((loser.error as unknown as { current: { status: string } }).current.status).toBe('dispatched');
  });

  it('refuses a resident who tries to dispatch, and a handler outside the case', async () => {
    const r = await report(resident, { category: 'env.posters', description: '小广告2', ...here });
    expect((await step(resident, r.json.id, 'register')).status).toBe(403);
    expect((await step(handler, r.json.id, 'register')).status).toBe(404);
  });

  it('refuses a category that does not exist and a place outside every grid, in Chinese', async () => {
    const bad = await report(resident, { category: 'nope', description: 'x', ...here });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('问题类型');
    const outside = await report(resident, { category: 'env.posters', description: 'x', lng: 120.5, lat: 27.5 });
    expect(outside.status).toBe(400);
    expect(JSON.stringify(outside.json)).toContain('网格范围');
  });

  it('refuses another person’s or an already used photo, and writes nothing', async () => {
    const mine = await uploadPhoto(gridworker, await photoWithGps(here.lat, here.lng));
    const bad = await report(resident, {
      category: 'env.posters',
      description: '借用别人的照片',
      photos: [mine.json.id],
      ...here,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('照片不存在或已被使用');
    const used = await report(gridworker, {
      category: 'env.posters',
      description: '第一次使用照片',
      photos: [mine.json.id],
      ...here,
    });
    expect(used.status).toBe(201);
    const again = await report(gridworker, {
      category: 'env.posters',
      description: '再次使用照片',
      photos: [mine.json.id],
      ...here,
    });
    expect(again.status).toBe(400);
    const written = await demo.database.db
      .selectFrom('cases')
      .select('id')
      .where('description', 'in', ['借用别人的照片', '再次使用照片'])
      .execute();
    expect(written).toEqual([]);
  });

  it('refuses a file that is not a picture', async () => {
    const up = await uploadPhoto(resident, Buffer.from('%PDF-1.4 not a photo'), 'application/octet-stream');
    expect(up.status).toBe(400);
  });
});
