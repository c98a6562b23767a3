import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const QINGCHENG = '350102001002';
const STREET = '350102001000';
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['secretary', 'handler', 'gridworker', 'partymember']) c[n] = await signedIn(demo.app, n);
});
afterAll(() => demo.close());
const as = (n: string) => c[n] as Client;
const count = async (table: string) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(demo.database.db)).rows[0]?.n,
  );

type Item = {
  id: number;
  unit: string;
  state: string;
  post: string | null;
  servicesThisYear: number;
  personHoursThisYear: number;
};
type Board = { items: Item[]; counts: Record<string, number>; canDecide: boolean };
const board = async (who = 'secretary') =>
  (await as(who).get(`/api/party/unit-reports?community=${QINGCHENG}`)).json<Board>();

describe('双报到 of a whole unit’s branch', () => {
  it('shows the demo community’s units reported, waiting and serving, to everyone in the street; deciding is the secretary’s', async () => {
    const b = await board();
    expect(b.canDecide).toBe(true);
    expect(b.items.length).toBeGreaterThanOrEqual(8);
    expect(b.counts.requested).toBeGreaterThanOrEqual(2);
    expect((b.counts.serving ?? 0) + (b.counts.silent ?? 0)).toBeGreaterThanOrEqual(6);
    const g = await board('gridworker');
    expect(g.canDecide).toBe(false);
    expect(g.items.length).toBe(b.items.length);
  });

  it('takes a unit’s report, the secretary’s approval with a post, and the branch’s services; refuses bad input writing nothing', async () => {
    const before = await count('party_unit_reports');
    for (const [body, words] of [
      [{ community: STREET, members: 10 }, '请选择本街道的社区'],
      [{ community: QINGCHENG, members: 0 }, ''],
    ] as const) {
      const r = await as('handler').post('/api/party/my-unit-reports', body);
      expect(r.statusCode).toBe(400);
      if (words) expect(r.json().error.message).toContain(words);
    }
    expect(
      (await as('secretary').post('/api/party/my-unit-reports', { community: QINGCHENG, members: 3 })).statusCode,
    ).toBe(403);
    expect(await count('party_unit_reports')).toBe(before);

    const asked = await as('handler').post('/api/party/my-unit-reports', {
      community: QINGCHENG,
      members: 12,
      note: '城管中队党支部到庆城社区报到',
    });
    expect(asked.statusCode).toBe(200);
    const id = asked.json<{ id: number }>().id;
    const again = await as('handler').post('/api/party/my-unit-reports', { community: QINGCHENG, members: 12 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已向该社区报到');
    expect((await board()).items.find((i) => i.id === id)).toMatchObject({
      state: 'requested',
      unit: '鼓东街道城管中队',
    });

    // no services before approval; a grid worker and the unit itself cannot approve
    const early = await as('handler').post(`/api/party/unit-reports/${id}/services`, {
      servedOn: today(),
      people: 5,
      hours: 2,
      what: '楼道清洁',
    });
    expect(early.statusCode).toBe(409);
    const posts = (await as('secretary').get(`/api/party/posts?community=${QINGCHENG}`)).json<{
      items: { id: number; name: string }[];
    }>().items;
    const post = posts[0] as { id: number; name: string };
    for (const who of ['gridworker', 'handler'])
      expect(
        (await as(who).post(`/api/party/unit-reports/${id}/decide`, { approve: true, postId: post.id })).statusCode,
      ).toBe(403);
    const noPost = await as('secretary').post(`/api/party/unit-reports/${id}/decide`, { approve: true });
    expect(noPost.statusCode).toBe(400);
    expect(noPost.json().error.message).toContain('设定岗位');
    expect(
      (await as('secretary').post(`/api/party/unit-reports/${id}/decide`, { approve: true, postId: post.id }))
        .statusCode,
    ).toBe(200);
    expect((await as('secretary').post(`/api/party/unit-reports/${id}/decide`, { approve: false })).statusCode).toBe(
      409,
    );
    expect((await board()).items.find((i) => i.id === id)).toMatchObject({ state: 'silent', post: post.name });

    const servicesBefore = await count('party_unit_services');
    const future = await as('handler').post(`/api/party/unit-reports/${id}/services`, {
      servedOn: '2999-01-01',
      people: 5,
      hours: 2,
      what: '楼道清洁',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('不能晚于今天');
    expect(await count('party_unit_services')).toBe(servicesBefore);
    for (let k = 0; k < 4; k++)
      expect(
        (
          await as('handler').post(`/api/party/unit-reports/${id}/services`, {
            servedOn: today(),
            people: 6,
            hours: 2.5,
            what: '楼道清洁日',
          })
        ).statusCode,
      ).toBe(200);
    expect((await board()).items.find((i) => i.id === id)).toMatchObject({
      state: 'serving',
      servicesThisYear: 4,
      personHoursThisYear: 60,
    });
    const mine = (await as('handler').get('/api/party/my-unit-reports')).json<{
      communities: { code: string }[];
      items: { id: number; communityName: string; services: unknown[] }[];
    }>();
    expect(mine.communities.some((x) => x.code === QINGCHENG)).toBe(true);
    expect(mine.items.find((i) => i.id === id)).toMatchObject({ communityName: '庆城社区' });
    expect(mine.items.find((i) => i.id === id)?.services).toHaveLength(4);
    expect((await as('secretary').get('/api/party/my-unit-reports')).statusCode).toBe(403);
  });

  it('lets a unit record services only for its own reports', async () => {
    const other = (await board()).items.find((i) => i.state === 'serving' && i.unit !== '鼓东街道城管中队') as Item;
    const r = await as('handler').post(`/api/party/unit-reports/${other.id}/services`, {
      servedOn: today(),
      people: 2,
      hours: 1,
      what: '冒名记录',
    });
    expect(r.statusCode).toBe(403);
  });
});
