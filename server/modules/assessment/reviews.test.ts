import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwardRow } from '../../../contracts/assessment.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE, DEMO_STREET } from '../../core/demo.js';

let demo: DemoApp;
let secretary: Client;
let member: Client;
let resident: Client;
const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;
type Mine = { reviewId: number; rated: boolean; selfGrade: string | null; others: { memberId: number }[] };

beforeAll(async () => {
  demo = await demoApp();
  secretary = await signedIn(demo.app, 'secretary');
  member = await signedIn(demo.app, 'partymember');
  resident = await signedIn(demo.app, DEMO_RESIDENT_PHONE);
});
afterAll(() => demo.close());

describe('民主评议党员', () => {
  it('takes a member’s self-assessment and their grades of every other member, once', async () => {
    const [r] = (await member.get('/api/member-reviews/mine')).json<{ items: Mine[] }>().items;
    if (!r) throw new Error('the demo member has no review');
    const url = `/api/member-reviews/${DEMO_STREET}/${r.reviewId}`;
    expect(
      (
        await member.put(`${url}/self`, {
          grade: 'qualified',
          text: '全年参加组织生活，带头参与联户走访，不足是学习不够深入。',
        })
      ).statusCode,
    ).toBe(200);
    const short = await member.post(`${url}/ratings`, {
      ratings: r.others.slice(1).map((o) => ({ memberId: o.memberId, grade: 'qualified' })),
    });
    expect(short.statusCode).toBe(400);
    expect(message(short)).toBe(`请为本支部其他 ${r.others.length} 名党员逐一评定等次`);
    const all = r.others.map((o, i) => ({ memberId: o.memberId, grade: i === 0 ? 'excellent' : 'qualified' }));
    expect((await member.post(`${url}/ratings`, { ratings: all })).statusCode).toBe(200);
    const again = await member.post(`${url}/ratings`, { ratings: all });
    expect(again.statusCode).toBe(409);
    expect(message(again)).toBe('您已提交过互评');
    expect(
      (await resident.put(`${url}/self`, { grade: 'excellent', text: '我不是这个支部的党员，但想试试自评。' }))
        .statusCode,
    ).toBe(403);
  });

  it('closes only with every member graded and 优秀 within the share the review allows', async () => {
    const [r] = (await member.get('/api/member-reviews/mine')).json<{ items: Mine[] }>().items;
    const url = `/api/member-reviews/${DEMO_STREET}/${r?.reviewId}`;
    const d = (await secretary.get(url)).json<{ entries: { memberId: number; tally: Record<string, number> }[] }>();
    expect(d.entries.length).toBeGreaterThanOrEqual(3);
    expect(d.entries.some((e) => e.tally.excellent && e.tally.excellent > 0)).toBe(true);
    const n = d.entries.length;
    const limit = Math.floor((n * 30) / 100);
    const over = d.entries.map((e, i) => ({ memberId: e.memberId, grade: i <= limit ? 'excellent' : 'qualified' }));
    const refused = await secretary.post(`${url}/close`, { grades: over });
    expect(refused.statusCode).toBe(400);
    expect(message(refused)).toBe(`评为优秀的不能超过 30%（${n} 人中最多 ${limit} 人），现为 ${limit + 1} 人`);
    expect((await secretary.post(`${url}/close`, { grades: over.slice(1) })).statusCode).toBe(400);
    const ok = d.entries.map((e, i) => ({ memberId: e.memberId, grade: i < limit ? 'excellent' : 'qualified' }));
    expect((await secretary.post(`${url}/close`, { grades: ok })).statusCode).toBe(200);
    const after = (await secretary.get(url)).json<{
      review: { state: string };
      entries: { finalGrade: string | null }[];
    }>();
    expect(after.review.state).toBe('closed');
    expect(after.entries.filter((e) => e.finalGrade === 'excellent')).toHaveLength(limit);
  });
});

describe('评选表彰', () => {
  const awards = async (c: Client) =>
    (await c.get(`/api/awards?community=${DEMO_COMMUNITY}`)).json<{ items: AwardRow[] }>().items;

  it('takes nominations while open and votes within the award’s number, never for a rejected nominee', async () => {
    const list = await awards(resident);
    const volunteers = list.find((a) => a.kind === 'best_volunteer');
    const families = list.find((a) => a.kind === 'five_good_family');
    expect(volunteers?.state).toBe('nominating');
    expect(families?.state).toBe('voting');
    const nominate = (name: string) =>
      resident.post(`/api/awards/${DEMO_STREET}/${volunteers?.id}/nominees`, {
        name,
        reason: '每周为独居老人理发，坚持五年',
      });
    expect((await nominate('吴师傅')).statusCode).toBe(201);
    expect(message(await nominate('吴师傅'))).toBe('已有人推荐了同一名称');
    expect(
      message(
        await resident.post(`/api/awards/${DEMO_STREET}/${families?.id}/nominees`, {
          name: '某家庭',
          reason: '推荐已截止了吗',
        }),
      ),
    ).toBe('推荐已截止');
    const accepted = families?.nominees.filter((n) => n.state === 'accepted') ?? [];
    const rejected = families?.nominees.find((n) => n.state === 'rejected');
    expect(rejected?.note).toBeTruthy();
    const vote = (ids: number[]) =>
      resident.post(`/api/awards/${DEMO_STREET}/${families?.id}/votes`, { nomineeIds: ids });
    expect(message(await vote(accepted.slice(0, 4).map((n) => n.id)))).toBe('每人最多投 3 票');
    expect((await vote(rejected ? [rejected.id] : [])).statusCode).toBe(400);
    expect((await vote(accepted.slice(0, 2).map((n) => n.id))).statusCode).toBe(200);
    expect(message(await vote([accepted[0]?.id ?? 0]))).toBe('您已为其中的对象投过票');
    // a resident sees the votes only after the vote ends
    expect((await awards(resident)).find((a) => a.id === families?.id)?.nominees.every((n) => n.votes === 0)).toBe(
      true,
    );
  });

  it('decides by the committee once nominations close, and publishes the winners for the publicity days', async () => {
    const created = await secretary.post('/api/awards', {
      community: DEMO_COMMUNITY,
      kind: 'civil_courtyard',
      year: 2026,
      title: '测试文明楼院',
      quota: 1,
      decide: 'committee',
      nominateUntil: '2099-01-01',
      voteUntil: '2099-01-01',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: number }>().id;
    const a = await resident.post(`/api/awards/${DEMO_STREET}/${id}/nominees`, {
      name: '测试1号楼',
      reason: '楼道整洁、邻里和睦',
    });
    const b = await resident.post(`/api/awards/${DEMO_STREET}/${id}/nominees`, {
      name: '测试2号楼',
      reason: '加装电梯协商一致',
    });
    const [na, nb] = [a.json<{ id: number }>().id, b.json<{ id: number }>().id];
    expect(message(await secretary.post(`/api/award-nominees/${DEMO_STREET}/${nb}/review`, { accept: false }))).toBe(
      '不通过须写明理由',
    );
    expect((await secretary.post(`/api/award-nominees/${DEMO_STREET}/${na}/review`, { accept: true })).statusCode).toBe(
      200,
    );
    expect(message(await secretary.post(`/api/awards/${DEMO_STREET}/${id}/decide`, { nomineeIds: [na] }))).toBe(
      '推荐或投票尚未结束',
    );
    await sql`UPDATE awards SET nominate_until = current_date - 2, vote_until = current_date - 1 WHERE street_id = ${DEMO_STREET} AND id = ${id}`.execute(
      demo.database.db,
    );
    expect(message(await secretary.post(`/api/awards/${DEMO_STREET}/${id}/decide`, { nomineeIds: [nb] }))).toBe(
      '只能从通过资格审查的对象中评定',
    );
    const done = await secretary.post(`/api/awards/${DEMO_STREET}/${id}/decide`, { nomineeIds: [na] });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<{ winners: string[] }>().winners).toEqual(['测试1号楼']);
    const after = (await awards(resident)).find((x) => x.id === id);
    expect(after?.state).toBe('publicity');
    expect(after?.nominees.find((n) => n.id === na)?.state).toBe('awarded');
    const notices = await sql<{
      title: string;
    }>`SELECT title FROM notices WHERE street_id = ${DEMO_STREET} AND title = '测试文明楼院评选结果公示'`.execute(
      demo.database.db,
    );
    expect(notices.rows).toHaveLength(1);
  });
});
