import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseActions, type CaseDetail } from '../../../contracts/cases.js';
import { pointIn, step } from '../../../test/cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEFAULT_DEMO_API_KEY } from '../../demo/load-demo.js';

let demo: DemoApp;
let here: { lng: number; lat: number };
let users: Record<string, Client>;
let cityUnit: number;
const NAMES = [
  '13800000001',
  'operator',
  'secretary',
  'community',
  'gridworker',
  'gridleader',
  'instructor',
  'handler',
  'partymember',
  'admin',
  'auditor',
];

beforeAll(async () => {
  demo = await demoApp();
  here = await pointIn(demo.database.db, '350102001002001');
  users = Object.fromEntries(await Promise.all(NAMES.map(async (n) => [n, await signedIn(demo.app, n)] as const)));
  const agencies = (await users.operator?.get('/api/agencies'))?.json<{ id: number; name: string }[]>() ?? [];
  cityUnit = agencies.find((a) => a.name === '鼓东街道城管中队')?.id ?? 0;
});
afterAll(() => demo.close());

const u = (name: string) => users[name] as Client;

async function reportAs(name: string, body: object = {}): Promise<number> {
  const res = await u(name).post('/api/cases', {
    category: 'env.sanitation',
    description: '垃圾堆积',
    ...here,
    ...body,
  });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<{ id: number }>().id;
}

/** Takes a case from registration to a rating, by the people whose job each step is. */
async function throughTheLoop(id: number, rater: string) {
  const steps: [string, string, object][] = [
    ['operator', 'register', {}],
    ['operator', 'dispatch', { agencyId: cityUnit }],
    ['handler', 'sign', {}],
    ['handler', 'contact', {}],
    ['handler', 'handle', { note: '已处置' }],
    ['gridworker', 'verify_pass', {}],
    [rater, 'rate', { rating: 'basically_satisfied' }],
  ];
  for (const [who, action, body] of steps) {
    const r = await step(u(who), id, action, body);
    expect(r.status, `${who} ${action}: ${JSON.stringify(r.json)}`).toBe(200);
  }
  const final = (await u('operator').get(`/api/cases/${id}`)).json<CaseDetail>();
  expect(final.status).toBe('closed');
  expect(final.rating).toBe('basically_satisfied');
  return final;
}

describe('every channel through the full loop', () => {
  it('随手拍 by a resident, rated by the resident', async () => {
    const c = await throughTheLoop(await reportAs('13800000001'), '13800000001');
    expect(c.source).toBe('snapshot');
  });
  for (const source of ['hotline', 'walk_in'] as const)
    it(`${source} entered by the operator, rated on the follow-up call`, async () => {
      const id = await reportAs('operator', { source, reporterName: '王建国', reporterPhone: '13912345678' });
      const c = await throughTheLoop(id, 'operator');
      expect(c).toMatchObject({ source, reporterName: '王建国', reporterPhone: '139****5678' });
    });
  for (const source of ['patrol', 'visit'] as const)
    it(`${source} by the grid worker`, async () => {
      const c = await throughTheLoop(await reportAs('gridworker', { source }), 'community');
      expect(c.source).toBe(source);
    });
  it('a device alarm', async () => {
    const res = await demo.app.inject({
      method: 'POST',
      url: '/api/device-alarms',
      headers: { 'x-device-secret': 'device-secret-for-tests-0123' },
      payload: {
        street: '350102001',
        deviceId: 'water-3',
        alarmId: 'water-alarm-0003',
        category: 'utility',
        description: '水压异常',
        ...here,
      },
    });
    expect(res.statusCode).toBe(201);
    expect((await throughTheLoop(res.json().id, 'operator')).source).toBe('device');
  });
  it('an Open311 request', async () => {
    const res = await demo.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      payload: {
        api_key: DEFAULT_DEMO_API_KEY,
        service_code: 'env.sanitation',
        lat: here.lat,
        long: here.lng,
        description: '垃圾',
      },
    });
    const id = Number(res.json()[0].service_request_id);
    expect((await throughTheLoop(id, 'operator')).source).toBe('open311');
    expect((await demo.app.inject({ url: `/open311/v2/requests/${id}.json` })).json()[0].status).toBe('closed');
  });
});

describe('illegal steps', () => {
  it('are refused for every role in every state reached, and nothing changes', async () => {
    // a case in each state of the loop
    const states: Record<string, number> = {};
    const plan: [string, [string, string, object][]][] = [
      ['reported', []],
      ['registered', [['operator', 'register', {}]]],
      [
        'dispatched',
        [
          ['operator', 'register', {}],
          ['operator', 'dispatch', { agencyId: cityUnit }],
        ],
      ],
      [
        'handling',
        [
          ['operator', 'register', {}],
          ['operator', 'dispatch', { agencyId: cityUnit }],
          ['handler', 'sign', {}],
        ],
      ],
      [
        'handled',
        [
          ['operator', 'register', {}],
          ['operator', 'dispatch', { agencyId: cityUnit }],
          ['handler', 'sign', {}],
          ['handler', 'handle', { note: 'x' }],
        ],
      ],
      [
        'closed',
        [
          ['operator', 'register', {}],
          ['operator', 'dispatch', { agencyId: cityUnit }],
          ['handler', 'sign', {}],
          ['handler', 'handle', { note: 'x' }],
          ['gridworker', 'verify_pass', {}],
        ],
      ],
      ['rejected', [['operator', 'reject', { note: '不属实' }]]],
    ];
    for (const [state, steps] of plan) {
      const id = await reportAs('13800000001');
      for (const [who, action, body] of steps) expect((await step(u(who), id, action, body)).status).toBe(200);
      states[state] = id;
    }
    let refused = 0;
    for (const [state, id] of Object.entries(states)) {
      for (const name of NAMES) {
        const view = await u(name).get(`/api/cases/${id}`);
        const offered = view.statusCode === 200 ? view.json<CaseDetail>().actions : [];
        const before = (await u('operator').get(`/api/cases/${id}`)).json<CaseDetail>().version;
        for (const action of caseActions) {
          if (offered.includes(action)) continue;
          const r = await step(u(name), id, action, {
            note: '试图越权',
            rating: 'satisfied',
            supervision: 'red',
            agencyId: cityUnit,
            days: 1,
            intoCaseId: states.reported,
          });
          expect([403, 404, 409], `${name} ${action} on ${state}: ${r.status}`).toContain(r.status);
          refused++;
        }
        const after = (await u('operator').get(`/api/cases/${id}`)).json<CaseDetail>().version;
        expect(after, `${name} changed the ${state} case`).toBe(before);
      }
    }
    expect(refused).toBeGreaterThan(1000);
  }, 120_000);
});

describe('escalation and joint handling', () => {
  it('takes an escalated case out of the grid leader’s hands and into the community’s', async () => {
    const id = await reportAs('gridworker');
    expect((await step(u('gridleader'), id, 'escalate', { note: '网格无法解决' })).json.level).toBe('community');
    expect((await step(u('gridleader'), id, 'register')).status).toBe(403);
    expect((await step(u('community'), id, 'register')).status).toBe(200);
    expect((await step(u('community'), id, 'escalate', { note: '需街道协调' })).json.level).toBe('street');
    expect((await step(u('community'), id, 'dispatch', { agencyId: cityUnit })).status).toBe(403);
    expect((await step(u('operator'), id, 'dispatch', { agencyId: cityUnit })).status).toBe(200);
  });

  it('supervises with a yellow card and tells the unit', async () => {
    const id = await reportAs('gridworker');
    await step(u('operator'), id, 'register');
    await step(u('operator'), id, 'dispatch', { agencyId: cityUnit });
    expect((await step(u('operator'), id, 'supervise', { supervision: 'yellow' })).json.supervision).toBe('yellow');
    const inbox = (await u('handler').get('/api/notifications')).json<{ items: { kind: string }[] }>();
    expect(inbox.items.map((n) => n.kind)).toContain('supervised');
  });

  it('merges a duplicate and keeps its reporter informed of the master case', async () => {
    const master = await reportAs('gridworker');
    const dup = await reportAs('13800000001', { description: '同一处垃圾' });
    const seen = (await u('operator').get(`/api/cases/${dup}`)).json<CaseDetail>();
    expect(seen.duplicates.map((d) => d.id)).toContain(master);
    expect((await step(u('operator'), dup, 'merge', { intoCaseId: master })).json.status).toBe('merged');
    // the resident reads the master case and hears of its progress
    expect((await u('13800000001').get(`/api/cases/${master}`)).statusCode).toBe(200);
    await step(u('operator'), master, 'register');
    const inbox = (await u('13800000001').get('/api/notifications')).json<{
      items: { kind: string; caseId: number }[];
    }>();
    expect(inbox.items.some((n) => n.kind === 'progress' && n.caseId === master)).toBe(true);
  });
});

describe('at the same moment', () => {
  it('two handlers signing for one case: one wins, the other gets 409 with the state', async () => {
    const id = await reportAs('gridworker');
    await step(u('operator'), id, 'register');
    await step(u('operator'), id, 'dispatch', { agencyId: null });
    const [a, b] = await Promise.all([step(u('gridworker'), id, 'sign'), step(u('gridleader'), id, 'sign')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });

  it('a submission retried while the first is still in flight makes one case', async () => {
    const body = { category: 'env.sanitation', description: '重试', clientRequestId: 'retry-in-flight-01', ...here };
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => u('13800000001').post('/api/cases', body)));
    const ids = new Set([a, b, c].map((r) => r?.json<{ id: number }>().id));
    expect(ids.size).toBe(1);
    expect([a, b, c].filter((r) => r?.statusCode === 201)).toHaveLength(1);
  });
});
