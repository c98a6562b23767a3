import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE, DEMO_STREET } from '../../../core/demo.js';
import { selectProjects } from './selection.js';

describe('微实事 selection: most votes first, a project that no longer fits skipped, ties by cost then order', () => {
  it('skips what the money left cannot pay for and tries the next', () => {
    const r = selectProjects(100_00, [
      { id: 1, cost: 60_00, votes: 50 },
      { id: 2, cost: 50_00, votes: 40 }, // 40 left: skipped
      { id: 3, cost: 30_00, votes: 30 },
      { id: 4, cost: 20_00, votes: 20 }, // 10 left: skipped
      { id: 5, cost: 10_00, votes: 5 },
    ]);
    expect(r.rows.map((x) => [x.id, x.selected])).toEqual([
      [1, true],
      [2, false],
      [3, true],
      [4, false],
      [5, true],
    ]);
    expect(r.rows[1]?.note).toBe('剩余预算 40.00 元不足，跳过');
    expect([r.selectedTotal, r.remaining]).toEqual(['100.00', '0.00']);
  });
  it('breaks ties by the lower cost, then the earlier proposal', () => {
    const r = selectProjects(70_00, [
      { id: 7, cost: 40_00, votes: 10 },
      { id: 3, cost: 40_00, votes: 10 },
      { id: 9, cost: 30_00, votes: 10 },
    ]);
    expect(r.rows.map((x) => x.id)).toEqual([9, 3, 7]);
    expect(r.rows.map((x) => x.selected)).toEqual([true, true, false]);
    expect(r.rule).toMatch(/预算少者优先.*先提出者优先/);
  });
});

let demo: DemoApp;
let secretary: Client;
let resident: Client;
let stranger: Client;
beforeAll(async () => {
  demo = await demoApp();
  secretary = await signedIn(demo.app, 'secretary');
  resident = await signedIn(demo.app, DEMO_RESIDENT_PHONE);
  stranger = await signedIn(demo.app, 'operator');
});
afterAll(() => demo?.close());

const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;
const day = (d: number) => new Date(Date.now() + 8 * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);

describe('a 微实事 budget from proposals to public accounts', () => {
  it('the demo: this year’s first round delivered with its accounts, the second in its vote, next year’s open', async () => {
    const list = (await resident.get(`/api/budgets?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; phase: string }[];
    }>();
    expect(list.items.map((b) => b.phase)).toEqual(['proposals', 'voting', 'accounts']);
    const done = list.items[2]?.id;
    const d = (await resident.get(`/api/budgets/${done}?street=${DEMO_STREET}`)).json<{
      amount: string;
      selection: { rows: { selected: boolean }[]; rule: string } | null;
      accounts: { spent: string; unspent: string };
      proposals: { state: string; reason: string | null; spent: string; milestones: unknown[] }[];
    }>();
    expect(d.selection?.rows.some((r) => r.selected)).toBe(true);
    expect(d.selection?.rule).toMatch(/跳过/);
    expect(d.proposals.some((p) => p.state === 'rejected' && p.reason)).toBe(true);
    expect(Number(d.accounts.spent)).toBeGreaterThan(0);
    expect(Number(d.accounts.spent) + Number(d.accounts.unspent)).toBeCloseTo(Number(d.amount), 2);
  });

  it('takes proposals, reviews them in public, one ballot each within the rule, selects, delivers and adds up', async () => {
    const db = demo.database.db;
    const made = await secretary.post('/api/budgets', {
      community: DEMO_COMMUNITY,
      title: '测试微实事',
      amount: '100000',
      rule: 'knapsack',
      proposalsFrom: day(-1),
      proposalsTo: day(5),
      reviewTo: day(10),
      votingFrom: day(11),
      votingTo: day(20),
      deliveryTo: day(200),
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    const proposal = (title: string, cost: string) =>
      resident.post(`/api/budgets/${id}/proposals`, { street: DEMO_STREET, title, place: '庆城新村', cost });
    const over = await proposal('整个小区外立面翻新', '150000');
    expect(over.statusCode).toBe(400);
    expect(message(over)).toMatch(/超过了本期微实事总预算 100000.00 元/);
    const ids: number[] = [];
    for (const [t, c] of [
      ['楼道加装扶手', '60000'],
      ['小区增设休闲座椅', '50000'],
      ['儿童游乐区铺设软垫', '30000'],
      ['增设座椅和凉亭', '45000'],
      ['外墙彩绘', '8000'],
    ] as const) {
      const r = await proposal(t, c);
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json<{ id: number }>().id);
    }
    const [rails, seats, pads, pavilion, mural] = ids as [number, number, number, number, number];
    const rev = (p: number, decision: string, reason = '', mergeInto: number | null = null) =>
      secretary.post(`/api/budgets/${id}/proposals/${p}/review`, { street: DEMO_STREET, decision, reason, mergeInto });
    for (const p of [rails, seats, pads]) expect((await rev(p, 'accepted')).statusCode).toBe(200);
    const noReason = await rev(mural, 'rejected');
    expect(noReason.statusCode).toBe(400);
    expect(message(noReason)).toMatch(/须写明理由/);
    expect((await rev(mural, 'rejected', '外墙属业主共有部分，须业主共同决定')).statusCode).toBe(200);
    expect((await rev(pavilion, 'merged', '与“小区增设休闲座椅”合并实施', seats)).statusCode).toBe(200);
    // voting has not begun
    const early = await resident.post(`/api/budgets/${id}/ballot`, { street: DEMO_STREET, proposalIds: [rails] });
    expect(early.statusCode).toBe(409);
    expect(message(early)).toMatch(/现在是“征集项目”阶段/);
    await sql`UPDATE budgets SET proposals_from = ${day(-30)}, proposals_to = ${day(-20)}, review_to = ${day(-10)},
      voting_from = ${day(-1)} WHERE street_id = ${DEMO_STREET} AND id = ${id}`.execute(db);
    const overBudget = await resident.post(`/api/budgets/${id}/ballot`, {
      street: DEMO_STREET,
      proposalIds: [rails, seats],
    });
    expect(overBudget.statusCode).toBe(400);
    expect(message(overBudget)).toMatch(/所选项目合计 110000.00 元，超过了预算/);
    const rejected = await resident.post(`/api/budgets/${id}/ballot`, { street: DEMO_STREET, proposalIds: [mural] });
    expect(rejected.statusCode).toBe(400);
    const notHere = await stranger.post(`/api/budgets/${id}/ballot`, { street: DEMO_STREET, proposalIds: [rails] });
    expect(notHere.statusCode).toBe(403);
    expect(message(notHere)).toMatch(/只有本社区登记在册的居民可以参与/);
    const once = await resident.post(`/api/budgets/${id}/ballot`, { street: DEMO_STREET, proposalIds: [seats, pads] });
    expect(once.statusCode, once.body).toBe(201);
    const twice = await resident.post(`/api/budgets/${id}/ballot`, { street: DEMO_STREET, proposalIds: [rails] });
    expect(twice.statusCode).toBe(409);
    expect(message(twice)).toMatch(/每人一票/);
    // votes stay hidden while the vote runs
    const during = (await resident.get(`/api/budgets/${id}?street=${DEMO_STREET}`)).json<{
      proposals: { votes: number | null }[];
      myBallot: number[];
    }>();
    expect(during.proposals.every((p) => p.votes === null)).toBe(true);
    expect(during.myBallot).toEqual([seats, pads]);
    await sql`UPDATE budgets SET voting_from = ${day(-5)}, voting_to = ${day(-1)}
      WHERE street_id = ${DEMO_STREET} AND id = ${id}`.execute(db);
    const sel = await secretary.post(`/api/budgets/${id}/select`, { street: DEMO_STREET });
    expect(sel.statusCode, sel.body).toBe(200);
    const result = sel.json<{ rows: { id: number; selected: boolean; votes: number }[]; remaining: string }>();
    // seats and pads (one vote each: seats costs more, so pads first), then rails no longer fits (20,000 left)
    expect(result.rows.map((r) => [r.id, r.votes, r.selected])).toEqual([
      [pads, 1, true],
      [seats, 1, true],
      [rails, 0, false],
    ]);
    expect(result.remaining).toBe('20000.00');
    // delivery: milestones and spending, never over a project's budget
    const spend = (p: number, amount: string) =>
      secretary.post(`/api/budgets/${id}/proposals/${p}/spending`, {
        street: DEMO_STREET,
        item: '材料费',
        payee: '福州某建材公司',
        amount,
        paidOn: day(0),
        voucher: 'FP-001',
      });
    expect((await spend(pads, '18000')).statusCode).toBe(201);
    const tooMuch = await spend(pads, '12000.01');
    expect(tooMuch.statusCode).toBe(400);
    expect(message(tooMuch)).toMatch(/超过该项目预算 30000.00 元/);
    expect((await spend(rails, '100')).statusCode).toBe(400);
    const m = await secretary.post(`/api/budgets/${id}/proposals/${pads}/milestones`, {
      street: DEMO_STREET,
      title: '软垫铺设完成',
      doneOn: day(0),
    });
    expect(m.statusCode).toBe(201);
    const milestone = m.json<{ id: number }>().id;
    const photo = (type: string) =>
      secretary.raw({
        method: 'POST',
        url: `/api/budgets/${id}/milestones/${milestone}/photo?street=${DEMO_STREET}`,
        headers: { 'content-type': type },
        payload: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
      });
    const pdf = await photo('application/pdf');
    expect(pdf.statusCode).toBe(400);
    expect(message(pdf)).toMatch(/请上传 JPG 或 PNG 照片/);
    expect((await photo('image/png')).statusCode).toBe(200);
    const shown = await demo.app.inject({
      method: 'GET',
      url: `/api/public/budgets/${DEMO_STREET}/${id}/milestones/${milestone}/photo`,
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/png');
    const pub = await demo.app.inject({ method: 'GET', url: `/api/public/budgets/${DEMO_STREET}/${id}` });
    expect(pub.statusCode).toBe(200);
    const accounts = pub.json<{
      amount: string;
      accounts: { allocated: string; spent: string; unspent: string };
      proposals: { id: number; by: string; reason: string | null; state: string }[];
    }>();
    expect(accounts.accounts).toEqual({ allocated: '80000.00', spent: '18000.00', unspent: '82000.00' });
    expect(Number(accounts.accounts.spent) + Number(accounts.accounts.unspent)).toBe(Number(accounts.amount));
    expect(accounts.proposals.find((p) => p.id === mural)?.reason).toMatch(/业主共同决定/);
    expect(JSON.stringify(accounts)).not.toMatch(/1[3-9]\d{9}/);
  });
});
