import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotlineItem } from '../../../contracts/hotlines.js';
import type { StatsResult } from '../../../contracts/stats.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const QINGCHENG = '350102001002';
type List = { items: HotlineItem[]; canManage: boolean };

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['community', 'gridworker', 'operator', '13800000001']) c[n] = await signedIn(demo.app, n);
});
afterAll(async () => demo?.close());
const as = (n: string) =>
  c[n] ??
  (() => {
    throw new Error(n);
  })();

describe('便民电话 (the example module)', () => {
  it('a resident reads their own community’s numbers, in order, and may not change them', async () => {
    const res = await as('13800000001').get('/api/hotlines');
    expect(res.statusCode).toBe(200);
    const list = res.json<List>();
    expect(list.items.length).toBe(9);
    expect(list.items[0]?.communityName).toContain('庆城');
    expect(list.items.map((h) => h.sort)).toEqual([...list.items.map((h) => h.sort)].sort((a, b) => a - b));
    expect(list.canManage).toBe(false);
  });

  it('the community worker adds, changes and removes a number; each change is audited', async () => {
    const w = as('community');
    const added = await w.post('/api/hotlines', {
      community: QINGCHENG,
      name: '开锁服务（公安备案）',
      phone: '0591-87001234',
      kind: 'repair',
      hours: '24小时',
      sort: 5,
    });
    expect(added.statusCode).toBe(200);
    const { id } = added.json<{ id: number }>();
    const first = (await w.get(`/api/hotlines?community=${QINGCHENG}`)).json<List>();
    expect(first.canManage).toBe(true);
    expect(first.items[0]?.name).toBe('开锁服务（公安备案）');
    const changed = await w.put(`/api/hotlines/${id}`, {
      community: QINGCHENG,
      name: '开锁服务',
      phone: '0591-87001235',
      kind: 'repair',
    });
    expect(changed.statusCode).toBe(200);
    expect((await w.post(`/api/hotlines/${id}/remove`)).statusCode).toBe(200);
    const after = (await w.get(`/api/hotlines?community=${QINGCHENG}`)).json<List>();
    expect(after.items.some((h) => h.id === id)).toBe(false);
    const audit = await demo.database.db
      .selectFrom('audit_log')
      .select('result')
      .where('action', '=', 'hotlines.manage')
      .where('object_id', '=', String(id))
      .execute();
    expect(audit.map((a) => a.result)).toEqual(['ok', 'ok', 'ok']);
  });

  it('bad input is a 400 that says what was wrong; a grid worker may not add (403, audited)', async () => {
    const bad = await as('community').post('/api/hotlines', {
      community: QINGCHENG,
      name: '物业',
      phone: 'call me',
      kind: 'property',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { issues: { path: string; message: string }[] } }>().error.issues[0]?.message).toContain(
      '电话号码格式不正确',
    );
    const refused = await as('gridworker').post('/api/hotlines', {
      community: QINGCHENG,
      name: '物业',
      phone: '0591-87001234',
      kind: 'property',
    });
    expect(refused.statusCode).toBe(403);
    const denied = await demo.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('result', '=', 'denied')
      .where('action', '=', 'hotlines.manage')
      .execute();
    expect(denied).toHaveLength(1);
  });

  it('the command centre reads how many numbers each place publishes', async () => {
    const street = (await as('operator').get('/api/stats?region=350102001')).json<StatsResult>();
    const n = street.stats.find((s) => s.key === 'hotlines.numbers')?.value;
    const communities = await demo.database.db
      .selectFrom('regions')
      .select('code')
      .where('parent_code', '=', '350102001')
      .where('level', '=', 'community')
      .execute();
    expect(n).toBe(communities.length * 9);
  });
});
