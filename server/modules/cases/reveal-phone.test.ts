import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointIn, step } from '../../../test/cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
let caseId = 0;

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['operator', 'handler', 'gridworker', '13800000001', 'partymember'])
    c[n] = await signedIn(demo.app, n);
  const here = await pointIn(demo.database.db, '350102001002001');
  const created = await c.operator!.post('/api/cases', {
    source: 'hotline',
    category: 'env.sanitation',
    description: '小区门口垃圾堆积',
    reporterName: '王建国',
    reporterPhone: '13912345678',
    ...here,
  });
  caseId = created.json<{ id: number }>().id;
  const agencies = (await c.operator!.get('/api/agencies')).json<{ id: number; name: string }[]>();
  await step(c.operator!, caseId, 'register');
  await step(c.operator!, caseId, 'dispatch', { agencyId: agencies.find((a) => a.name === '鼓东街道城管中队')?.id });
});
afterAll(() => demo.close());

describe("the reporter's phone, to call them (issue 15, item 10)", () => {
  it('is shown masked on the case, and in full to the unit handling it, once audited per reveal', async () => {
    const detail = (await c.handler!.get(`/api/cases/${caseId}`)).json<{ reporterPhone: string }>();
    expect(detail.reporterPhone).toBe('139****5678');
    const res = await c.handler!.post(`/api/cases/${caseId}/reporter-phone`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ value: '13912345678' });
    const audit = await demo.database.db
      .selectFrom('audit_log')
      .select(['action', 'result', 'object_id', 'reason'])
      .where('action', '=', 'cases.reveal_phone')
      .execute();
    expect(audit).toEqual([
      { action: 'cases.reveal_phone', result: 'ok', object_id: String(caseId), reason: '联系上报人' },
    ]);
  });

  it('is refused to those who neither handle, dispatch nor verify it, and hidden from those who cannot see it', async () => {
    expect((await c['13800000001']!.post(`/api/cases/${caseId}/reporter-phone`)).statusCode).toBe(404);
    expect((await c.partymember!.post(`/api/cases/${caseId}/reporter-phone`)).statusCode).toBe(404);
    const denied = await demo.database.db
      .selectFrom('audit_log')
      .select('result')
      .where('action', '=', 'cases.reveal_phone')
      .where('result', '<>', 'ok')
      .execute();
    expect(denied).toEqual([]);
  });

  it('is open to the grid worker who verifies the case', async () => {
    expect((await c.gridworker!.post(`/api/cases/${caseId}/reporter-phone`)).statusCode).toBe(200);
  });
});
