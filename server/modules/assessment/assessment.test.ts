import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultRow, TableInput, TableRow } from '../../../contracts/assessment.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_STREET } from '../../core/demo.js';

let demo: DemoApp;
let operator: Client;
let member: Client;
let handler: Client;
const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;

beforeAll(async () => {
  demo = await demoApp();
  operator = await signedIn(demo.app, 'operator');
  member = await signedIn(demo.app, 'partymember');
  handler = await signedIn(demo.app, 'handler');
});
afterAll(() => demo.close());

const table = (over: Partial<TableInput> = {}): TableInput => ({
  street: DEMO_STREET,
  year: 2026,
  title: '测试考核表',
  subjectKind: 'community',
  anonymous: true,
  dropExtremes: true,
  weights: { street_leader: 50, agency: 20, member_rep: 30 },
  items: [
    { title: '组织建设', points: 60, rule: '按规范', source: null, target: null },
    { title: '服务群众', points: 30, rule: '按清单', source: null, target: null },
    { title: '案件结案率', points: 10, rule: '自动', source: 'cases.closure', target: null },
  ],
  ...over,
});
async function newTable(over: Partial<TableInput>) {
  const res = await operator.post('/api/assessment/tables', table(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: number }>().id;
}
async function assign(id: number, who: Client, kind: string, subjects: string[] | null = [DEMO_COMMUNITY]) {
  const res = await operator.post(`/api/assessment/tables/${DEMO_STREET}/${id}/raters`, {
    quarter: 4,
    userId: who.me.user.id,
    kind,
    subjects,
  });
  expect(res.statusCode, res.body).toBe(200);
}
const sheet = (id: number, scores: [number, number][], subject = DEMO_COMMUNITY) => ({
  street: DEMO_STREET,
  tableId: id,
  quarter: 4,
  subject,
  scores: scores.map(([no, score]) => ({ no, score })),
});

describe('assessment tables', () => {
  it('refuse weights or points that do not add up, in words', async () => {
    const w = await operator.post('/api/assessment/tables', table({ weights: { street_leader: 50, agency: 20 } }));
    expect(w.statusCode).toBe(400);
    expect(message(w)).toBe('各类评议主体的权重合计须为 100%（现为 70%）');
    const p = await operator.post(
      '/api/assessment/tables',
      table({ items: [{ title: '组织建设', points: 90, rule: '按规范', source: null, target: null }] }),
    );
    expect(message(p)).toBe('各考核项目分值合计须为 100 分（现为 90 分）');
    const list = (await operator.get(`/api/assessment/tables?street=${DEMO_STREET}`)).json<{ items: TableRow[] }>()
      .items;
    expect(list.some((t) => t.title === '测试考核表')).toBe(false);
  });

  it('take each rater’s sheet once, within their assignment and the points', async () => {
    const id = await newTable({ title: '一次评分测试' });
    await assign(id, member, 'member_rep');
    const other = (await operator.get(`/api/assessment/tables?street=${DEMO_STREET}`))
      .json<{ items: TableRow[] }>()
      .items.find((t) => t.id === id)
      ?.subjects.find((s) => s.code !== DEMO_COMMUNITY);
    expect(
      (
        await member.post(
          '/api/assessment/sheets',
          sheet(
            id,
            [
              [1, 50],
              [2, 25],
            ],
            other?.code,
          ),
        )
      ).statusCode,
    ).toBe(403);
    const over = await member.post(
      '/api/assessment/sheets',
      sheet(id, [
        [1, 61],
        [2, 25],
      ]),
    );
    expect(over.statusCode).toBe(400);
    expect(message(over)).toBe('“组织建设”最高 60 分');
    const missing = await member.post('/api/assessment/sheets', sheet(id, [[1, 50]]));
    expect(message(missing)).toBe('请为“服务群众”打分');
    expect(
      (
        await member.post(
          '/api/assessment/sheets',
          sheet(id, [
            [1, 50],
            [2, 25],
          ]),
        )
      ).statusCode,
    ).toBe(200);
    const twice = await member.post(
      '/api/assessment/sheets',
      sheet(id, [
        [1, 40],
        [2, 20],
      ]),
    );
    expect(twice.statusCode).toBe(409);
    expect(message(twice)).toBe('您已提交过该社区本季度的评分');
    const mine = (await member.get('/api/assessment/mine')).json<{ items: { tableId: number; scored: boolean }[] }>()
      .items;
    expect(mine.find((m) => m.tableId === id)?.scored).toBe(true);
  });

  it('never trace an anonymous score to its rater, in any response', async () => {
    const id = await newTable({ title: '匿名测试' });
    await assign(id, member, 'member_rep');
    await assign(id, handler, 'agency');
    expect(
      (
        await member.post(
          '/api/assessment/sheets',
          sheet(id, [
            [1, 57],
            [2, 29],
          ]),
        )
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await handler.post(
          '/api/assessment/sheets',
          sheet(id, [
            [1, 41],
            [2, 22],
          ]),
        )
      ).statusCode,
    ).toBe(200);
    const bodies = [
      (await operator.get(`/api/assessment/tables/${DEMO_STREET}/${id}/results?quarter=4`)).body,
      (await operator.get(`/api/assessment/tables?street=${DEMO_STREET}`)).body,
      (await member.get('/api/assessment/mine')).body,
    ];
    expect(member.me.user.name.length).toBeGreaterThan(1);
    for (const body of bodies) {
      expect(body).not.toContain(`"rater":${member.me.user.id}`);
      expect(body).not.toContain(`"rater":"`);
    }
    // the member's name (在职党员) is also words of the tables' item titles: look where no title is
    for (const body of [bodies[0], bodies[2]]) {
      expect(body).not.toContain(member.me.user.name);
      expect(body).not.toContain(handler.me.user.name);
    }
    const r = JSON.parse(bodies[0] ?? '{}') as { items: ResultRow[] };
    const mine = r.items.find((x) => x.subject === DEMO_COMMUNITY);
    // weights 50 / 20 / 30 with no street leader's sheet: (41×20 + 57×30) / 50 = 50.6
    expect(mine?.items[0]).toMatchObject({ score: 50.6 });
    expect(mine?.items[0]?.kinds.flatMap((k) => k.scores.map((s) => s.rater))).toEqual([null, null]);
    expect(mine?.items[2]?.formula).toMatch(/^10 × /);
  });

  it('name the raters on a named table, and rank the communities', async () => {
    const id = await newTable({ title: '实名测试', anonymous: false });
    await assign(id, member, 'member_rep');
    expect(
      (
        await member.post(
          '/api/assessment/sheets',
          sheet(id, [
            [1, 55],
            [2, 28],
          ]),
        )
      ).statusCode,
    ).toBe(200);
    const r = (await operator.get(`/api/assessment/tables/${DEMO_STREET}/${id}/results?quarter=4`)).json<{
      items: ResultRow[];
    }>();
    const mine = r.items.find((x) => x.subject === DEMO_COMMUNITY);
    expect(mine?.items[0]?.kinds.find((k) => k.kind === 'member_rep')?.scores[0]?.rater).toBe(member.me.user.name);
    expect(mine?.rank).toBe(1);
  });

  it('show the demo year’s scored quarters with ranks, extremes dropped and auto items with formulas', async () => {
    const t = (await operator.get(`/api/assessment/tables?street=${DEMO_STREET}`))
      .json<{ items: TableRow[] }>()
      .items.find((x) => x.title.includes('党建工作责任制'));
    expect(t?.progress.find((p) => p.quarter === 4)?.assigned).toBeGreaterThan(0);
    const r = (await operator.get(`/api/assessment/tables/${DEMO_STREET}/${t?.id}/results?quarter=2`)).json<{
      items: ResultRow[];
    }>();
    expect(r.items[0]?.rank).toBe(1);
    expect(r.items[0]?.sheets).toBe(12);
    const leaders = r.items[0]?.items[0]?.kinds.find((k) => k.kind === 'street_leader');
    expect(leaders?.scores.filter((s) => s.dropped)).toHaveLength(2);
    expect(r.items[0]?.items.find((i) => i.title === '在职党员双报到')?.formula).toContain('目标 30');
    expect((await member.get(`/api/assessment/tables/${DEMO_STREET}/${t?.id}/results?quarter=2`)).statusCode).toBe(403);
  });
});
