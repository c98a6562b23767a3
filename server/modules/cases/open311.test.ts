import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointIn, step } from '../../../test/cases.js';
import { demoApp, signedIn, type DemoApp } from '../../../test/demo-app.js';
import { DEFAULT_DEMO_API_KEY } from '../../demo/load-demo.js';
import { fireDueTimers } from './timers.js';

let demo: DemoApp;
let here: { lng: number; lat: number };
beforeAll(async () => {
  demo = await demoApp();
  here = await pointIn(demo.database.db, '350102001002001');
});
afterAll(() => demo.close());

const get = (url: string) => demo.app.inject({ url });
const post = (payload: Record<string, string | number>, form = false) =>
  demo.app.inject({
    method: 'POST',
    url: '/open311/v2/requests.json',
    ...(form
      ? {
          payload: new URLSearchParams(
            Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)]),
          ).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }
      : { payload }),
  });

describe('Open311 GeoReport v2', () => {
  it('publishes discovery and the service list with the spec’s field names', async () => {
    const discovery = (await get('/open311/v2/discovery.json')).json();
    expect(discovery.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      formats: ['application/json'],
    });
    const services = (await get('/open311/v2/services.json')).json<Record<string, unknown>[]>();
    const corridor = services.find((s) => s.service_code === 'env.corridor');
    expect(corridor).toEqual({
      service_code: 'env.corridor',
      service_name: '楼道堆物',
      description: '楼道堆物',
      metadata: false,
      type: 'realtime',
      keywords: 'shared',
      group: '市容环境',
    });
    expect((await get('/open311/v2/services/env.corridor.json')).json()).toEqual({
      service_code: 'env.corridor',
      attributes: [],
    });
    const missing = await get('/open311/v2/services/nope.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()[0]).toMatchObject({ code: 404 });
  });

  it('takes a request with the API key (form-encoded, as the spec sends it) and reports its status', async () => {
    const res = await post(
      {
        api_key: DEFAULT_DEMO_API_KEY,
        service_code: 'fac.streetlight',
        lat: here.lat,
        long: here.lng,
        description: '路灯不亮',
        first_name: '小明',
        last_name: '王',
      },
      true,
    );
    expect(res.statusCode).toBe(200);
    const [created] = res.json<{ service_request_id: string; service_notice: string; account_id: null }[]>();
    expect(created?.service_request_id).toMatch(/^\d+$/);
    // published once the command centre has registered it
    expect((await get(`/open311/v2/requests/${created?.service_request_id}.json`)).statusCode).toBe(404);
    const operator = await signedIn(demo.app, 'operator');
    expect((await step(operator, Number(created?.service_request_id), 'register')).status).toBe(200);
    const one = (await get(`/open311/v2/requests/${created?.service_request_id}.json`)).json<
      Record<string, unknown>[]
    >();
    expect(Object.keys(one[0] ?? {}).sort()).toEqual(
      [
        'service_request_id',
        'status',
        'status_notes',
        'service_name',
        'service_code',
        'description',
        'agency_responsible',
        'service_notice',
        'requested_datetime',
        'updated_datetime',
        'expected_datetime',
        'address',
        'address_id',
        'zipcode',
        'lat',
        'long',
        'media_url',
      ].sort(),
    );
    expect(one[0]).toMatchObject({
      status: 'open',
      service_code: 'fac.streetlight',
      lat: Math.round(here.lat * 1000) / 1000,
      long: Math.round(here.lng * 1000) / 1000,
    });
    const list = (await get('/open311/v2/requests.json?service_code=fac.streetlight&status=open')).json<
      { service_request_id: string }[]
    >();
    expect(list.map((r) => r.service_request_id)).toContain(created?.service_request_id);
    const closedOnly = (await get('/open311/v2/requests.json?status=closed')).json<{ status: string }[]>();
    expect(closedOnly.every((r) => r.status === 'closed')).toBe(true);
    // the case is in the console's queue, from the open311 channel
    const detail = (await operator.get(`/api/cases/${created?.service_request_id}`)).json<{
      source: string;
      gridCode: string;
      reporterName: string;
    }>();
    expect(detail).toMatchObject({ source: 'open311', gridCode: '350102001002001', reporterName: '王小明' });
  });

  it('answers bad input in the spec’s error format', async () => {
    const cases: [Record<string, string | number>, number, RegExp][] = [
      [{ service_code: 'fac.road', lat: here.lat, long: here.lng }, 403, /api_key/],
      [{ api_key: 'wrong-key-123', service_code: 'fac.road', lat: here.lat, long: here.lng }, 403, /api_key/],
      [{ api_key: DEFAULT_DEMO_API_KEY, lat: here.lat, long: here.lng }, 400, /service_code/],
      [{ api_key: DEFAULT_DEMO_API_KEY, service_code: 'fac.road' }, 400, /location/],
      [{ api_key: DEFAULT_DEMO_API_KEY, service_code: 'no.such', lat: here.lat, long: here.lng }, 400, /service_code/],
    ];
    for (const [payload, status, message] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(status);
      const body = res.json<{ code: number; description: string }[]>();
      expect(body).toHaveLength(1);
      expect(body[0]?.code).toBe(status);
      expect(body[0]?.description).toMatch(message);
    }
    expect((await get('/open311/v2/requests.json?start_date=yesterday')).statusCode).toBe(400);
    // values out of range and oversized fields are the client's mistake, never a 500
    for (const payload of [
      { api_key: DEFAULT_DEMO_API_KEY, service_code: 'fac.road', lat: 0, long: 0 },
      {
        api_key: DEFAULT_DEMO_API_KEY,
        service_code: 'fac.road',
        lat: here.lat,
        long: here.lng,
        description: '坏'.repeat(2000),
        media_url: `http://example.org/${'x'.repeat(400)}`,
      },
      { api_key: DEFAULT_DEMO_API_KEY, service_code: 'fac.road', lat: 1e308, long: -1e308 },
    ]) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json<{ code: number }[]>()[0]?.code).toBe(400);
    }
    expect((await get('/open311/v2/requests/999999999.json')).statusCode).toBe(404);
  });

  it('keeps household matters (家事) out of the public list', async () => {
    const resident = await signedIn(demo.app, '13800000001');
    const r = await resident.post('/api/cases', {
      category: 'neighbour.dispute',
      description: '邻里漏水纠纷',
      ...here,
    });
    const id = r.json<{ id: number }>().id;
    expect((await get(`/open311/v2/requests/${id}.json`)).statusCode).toBe(404);
  });

  it("publishes a resident's report only once registered, with phone and ID numbers masked and the point coarsened", async () => {
    const resident = await signedIn(demo.app, '13800000001');
    const r = await resident.post('/api/cases', {
      category: 'env.sanitation',
      description: '垃圾没人清，联系我13912345678，身份证350102199001011237，座机0591-87654321',
      anonymous: true,
      lng: 119.301234,
      lat: 26.091234,
    });
    expect(r.statusCode, r.body).toBeLessThan(300);
    const id = r.json<{ id: number }>().id;
    expect((await get(`/open311/v2/requests/${id}.json`)).statusCode).toBe(404);
    const listed = (await get('/open311/v2/requests.json')).json<{ service_request_id: string }[]>();
    expect(listed.map((x) => x.service_request_id)).not.toContain(String(id));
    const operator = await signedIn(demo.app, 'operator');
    expect((await step(operator, id, 'register')).status).toBe(200);
    const [one] = (await get(`/open311/v2/requests/${id}.json`)).json<
      { description: string; lat: number; long: number }[]
    >();
    expect(one?.description).toContain('139****5678');
    expect(one?.description).toContain('350102********1237');
    expect(one?.description).not.toMatch(/13912345678|350102199001011237|87654321/);
    expect(one?.lat).toBe(26.091);
    expect(one?.long).toBe(119.301);
  });
});

describe('device alarms', () => {
  it('need the shared secret, and a repeated alarm makes no second case', async () => {
    const body = {
      street: '350102001',
      deviceId: 'smoke-17',
      alarmId: 'alarm-000017',
      category: 'safety.fire_lane',
      description: '烟感报警',
      ...here,
    };
    const bad = await demo.app.inject({
      method: 'POST',
      url: '/api/device-alarms',
      payload: body,
      headers: { 'x-device-secret': 'nope' },
    });
    expect(bad.statusCode).toBe(403);
    const headers = { 'x-device-secret': 'device-secret-for-tests-0123' };
    const first = await demo.app.inject({ method: 'POST', url: '/api/device-alarms', payload: body, headers });
    const again = await demo.app.inject({ method: 'POST', url: '/api/device-alarms', payload: body, headers });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
  });
});

describe('the deadline clock', () => {
  it('fires each warning and overdue once, including timers that fell due while the server was down', async () => {
    const operator = await signedIn(demo.app, 'operator');
    const handler = await signedIn(demo.app, 'handler');
    const r = await operator.post('/api/cases', {
      category: 'fac.manhole',
      description: '窨井盖破损',
      source: 'hotline',
      ...here,
    });
    const id = r.json<{ id: number }>().id;
    const agencies = (await operator.get('/api/agencies')).json<{ id: number; name: string }[]>();
    await step(operator, id, 'register');
    await step(operator, id, 'dispatch', { agencyId: agencies.find((a) => a.name === '鼓东街道城管中队')?.id });
    const db = demo.database.db;
    const timers = await db.selectFrom('case_timers').select(['kind', 'due_at']).where('case_id', '=', id).execute();
    expect(timers.map((t) => t.kind).sort()).toEqual([
      'escalate',
      'handle_overdue',
      'handle_warning',
      'sign_overdue',
      'sign_warning',
    ]);
    // fac.manhole: sign within 1 hour; the warning at 48 minutes
    const signWarning = timers.find((t) => t.kind === 'sign_warning')?.due_at ?? new Date();
    await fireDueTimers(db, new Date(signWarning.getTime() + 1000));
    // a "restart": the same database, fired again later — nothing fires twice
    await fireDueTimers(db, new Date(signWarning.getTime() + 2000));
    let events = await db.selectFrom('case_events').select('action').where('case_id', '=', id).execute();
    expect(events.filter((e) => e.action === 'warning')).toHaveLength(1);
    // the server was down past the sign and handling deadlines: everything due fires once on the next tick
    await fireDueTimers(db, new Date(Date.now() + 30 * 3600_000));
    await fireDueTimers(db, new Date(Date.now() + 31 * 3600_000));
    events = await db.selectFrom('case_events').select('action').where('case_id', '=', id).execute();
    expect(events.filter((e) => e.action === 'overdue')).toHaveLength(2);
    expect(events.filter((e) => e.action === 'warning')).toHaveLength(2);
    const after = (await operator.get(`/api/cases/${id}`)).json<{
      supervision: string;
      level: string;
      clock: string;
    }>();
    expect(after.supervision).toBe('yellow');
    const inbox = (await handler.get('/api/notifications')).json<{ items: { kind: string; count: number }[] }>();
    expect(inbox.items.find((n) => n.kind === 'overdue')?.count).toBeGreaterThanOrEqual(1);
    // signing stops the sign-for timers; the handling ones stay
    await step(handler, id, 'sign');
    const left = await db
      .selectFrom('case_timers')
      .select('kind')
      .where('case_id', '=', id)
      .where('fired_at', 'is', null)
      .execute();
    expect(left.map((t) => t.kind)).toEqual(['escalate']);
  });
});
