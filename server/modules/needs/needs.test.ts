import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_GRID, DEMO_STREET } from '../../core/demo.js';
import { deliverPending, subscribersOf } from '../../core/events.js';
import { modules } from '../index.js';
import { sweepNeeds } from './jobs.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const as = (n: string) => c[n] as Client;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['community', 'gridworker', 'partymember', 'volunteer', 'operator'])
    c[n] = await signedIn(demo.app, n);
  c.resident = await signedIn(demo.app, '13800000001');
});
afterAll(() => demo.close());

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('the three lists and matching', () => {
  it('ranks a need’s candidates with reasons whose points sum to the score, in that order; matching takes capacity', async () => {
    const need = await as('community').post('/api/needs/needs', {
      community: DEMO_COMMUNITY,
      category: 'elderly.meal',
      title: '独居老人午餐送餐',
      requesterKind: 'community',
    });
    expect(need.statusCode, need.body).toBe(201);
    const id = need.json<{ id: number }>().id;
    // a resource with one unit left, to use up
    const last = await as('community').post('/api/needs/resources', {
      street: DEMO_STREET,
      community: DEMO_COMMUNITY,
      kind: 'service',
      category: 'elderly.meal',
      title: '测试送餐服务',
      ownerKind: 'team',
      ownerName: '红马甲服务队',
      capacity: 1,
      validFrom: today(),
      validTo: inDays(90),
    });
    expect(last.statusCode, last.body).toBe(201);
    const r = await as('community').get(`/api/needs/needs/${id}/candidates`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{
      items: { resourceId: number; score: number; reasons: { points: number; text: string }[] }[];
    }>().items;
    expect(items.length).toBeGreaterThan(1);
    for (const x of items) {
      const sum = x.reasons.reduce((s, p) => s + p.points, 0);
      expect(Math.abs(sum - x.score)).toBeLessThan(0.3);
      expect(x.reasons.map((p) => p.text).join()).toMatch(/类别|余量|距离|位置|评价/);
    }
    expect(items.map((x) => x.score)).toEqual([...items.map((x) => x.score)].sort((a, b) => b - a));
    const mine = last.json<{ id: number }>().id;
    const match = (needId: number) =>
      as('community').post(`/api/needs/needs/${needId}/match`, {
        resourceId: mine,
        startsOn: today(),
        endsOn: inDays(30),
      });
    expect((await match(id)).statusCode).toBe(201);
    // matched once: a second match of the same need, and another need on the used-up resource, are refused
    expect((await match(id)).statusCode).toBe(409);
    const other = await as('community').post('/api/needs/needs', {
      community: DEMO_COMMUNITY,
      category: 'elderly.meal',
      title: '老人助餐',
      requesterKind: 'community',
    });
    const refused = await match(other.json<{ id: number }>().id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/余量/);
    const projects = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM need_projects WHERE resource_id = ${mine}`.execute(demo.database.db);
    expect(projects.rows[0]?.n).toBe(1);
  });

  it('refuses a sensitive need made public, and shows a private need to the grid worker without who or what', async () => {
    const bad = await as('community').post('/api/needs/needs', {
      community: DEMO_COMMUNITY,
      category: 'hardship.goods',
      title: '低保户生活物资困难',
      requesterKind: 'community',
      privacy: 'public',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/不能公开/);
    const hh = await sql<{ id: string }>`SELECT id FROM households WHERE active AND grid_path LIKE ${`%/${DEMO_GRID}/`}
      ORDER BY id LIMIT 1`.execute(demo.database.db);
    const made = await as('community').post('/api/needs/needs', {
      community: DEMO_COMMUNITY,
      category: 'hardship.goods',
      title: '低保户生活物资困难',
      requesterKind: 'household',
      householdId: Number(hh.rows[0]?.id),
      privacy: 'private',
    });
    expect(made.statusCode, made.body).toBe(201);
    const seen = await as('gridworker').get(`/api/needs/needs?community=${DEMO_GRID}&category=hardship.goods`);
    expect(seen.statusCode, seen.body).toBe(200);
    const rows = seen.json<{ items: { privacy: string; title: string; requester: string }[] }>().items;
    const hidden = rows.filter((x) => x.privacy === 'private');
    expect(hidden.length).toBeGreaterThan(0);
    for (const x of hidden) {
      expect(x.requester).toBe('（隐私保护）');
      expect(x.title).not.toMatch(/低保/);
    }
  });

  it('adopts the need a visit finds, once, and lets an unmatched need fall to the community after its working days', async () => {
    const hh = await sql<{ id: string }>`SELECT id FROM households WHERE active AND grid_path LIKE ${`%/${DEMO_GRID}/`}
      ORDER BY id LIMIT 1`.execute(demo.database.db);
    const visit = await as('gridworker').post('/api/visits', {
      householdId: Number(hh.rows[0]?.id),
      visitedAt: new Date(Date.now() - 60_000).toISOString(),
      findings: [{ kind: 'need', needType: 'elderly_care', what: '希望有人每周上门量血压' }],
    });
    expect(visit.statusCode, visit.body).toBe(201);
    const finding = visit.json<{ findings: { id: number }[] }>().findings[0]?.id;
    await deliverPending(demo.database.db, subscribersOf(modules));
    await deliverPending(demo.database.db, subscribersOf(modules));
    const adopted = await sql<{
      id: string;
      state: string;
      falls: Date;
    }>`SELECT id, state, falls_back_at AS falls FROM needs
      WHERE source = 'visit' AND source_ref = ${finding}`.execute(demo.database.db);
    expect(adopted.rows).toHaveLength(1);
    const need = adopted.rows[0] as { id: string; state: string; falls: Date };
    // five working days on the street's calendar: never before five calendar days
    expect(need.falls.getTime() - Date.now()).toBeGreaterThan(5 * 86_400_000 - 60_000);
    await sql`UPDATE needs SET falls_back_at = now() - interval '1 minute' WHERE id = ${need.id}`.execute(
      demo.database.db,
    );
    await sweepNeeds(demo.database.db);
    const after = await sql<{
      state: string;
      worker: string | null;
    }>`SELECT state, fallback_user_id AS worker FROM needs
      WHERE id = ${need.id}`.execute(demo.database.db);
    expect(after.rows[0]?.state).toBe('fallback');
    expect(after.rows[0]?.worker).not.toBeNull();
  });
});

describe('needs from cases', () => {
  it('turns a 家事 or 共事 case into a need once, and refuses a 公事 case', async () => {
    const cases = await sql<{ id: string; tier: string }>`SELECT DISTINCT ON (tier) id, tier FROM cases
      WHERE region_path LIKE ${`%/${DEMO_COMMUNITY}/%`} ORDER BY tier, id`.execute(demo.database.db);
    const of = (tier: string) => Number(cases.rows.find((r) => r.tier === tier)?.id);
    const shared = of('shared') || of('household');
    const made = await as('community').post('/api/needs/from-case', { caseId: shared, category: 'housing.repair' });
    expect(made.statusCode, made.body).toBe(201);
    const again = await as('community').post('/api/needs/from-case', { caseId: shared, category: 'housing.repair' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/已转为需求/);
    if (of('public')) {
      const refused = await as('community').post('/api/needs/from-case', { caseId: of('public'), category: 'other' });
      expect(refused.statusCode).toBe(400);
    }
    const need = await sql<{ source: string; community_code: string }>`SELECT source, community_code FROM needs
      WHERE source = 'case' AND source_ref = ${shared}`.execute(demo.database.db);
    expect(need.rows).toEqual([{ source: 'case', community_code: DEMO_COMMUNITY }]);
  });
});

describe('a resident’s own need', () => {
  it('joins the community’s list at the resident’s home, private when it touches hardship, and shows in their list', async () => {
    const raised = await as('resident').post('/api/needs/mine', {
      category: 'hardship.goods',
      title: '家里生活有些困难',
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const id = raised.json<{ id: number }>().id;
    const row = await sql<{ privacy: string; source: string; community_code: string }>`SELECT privacy, source,
      community_code FROM needs WHERE id = ${id}`.execute(demo.database.db);
    expect(row.rows[0]).toEqual({ privacy: 'private', source: 'resident', community_code: DEMO_COMMUNITY });
    const mine = (await as('resident').get('/api/needs/mine')).json<{ items: { id: number; stateName: string }[] }>();
    expect(mine.items.find((n) => n.id === id)?.stateName).toBe('待对接');
    expect((await as('resident').get(`/api/needs/needs?community=${DEMO_COMMUNITY}`)).statusCode).toBe(403);
  });
});

describe('micro-wishes', () => {
  const post = (body: object) => as('resident').post('/api/needs/wishes', body);

  it('takes a wish to a rating: posted under the cap, approved, claimed by one of two at once, delivered, confirmed', async () => {
    const over = await post({ wish: '一台新电脑', valueYuan: 3000, shownName: '小明' });
    expect(over.statusCode).toBe(400);
    expect(over.body).toMatch(/不能超过 200 元/);
    const made = await post({ wish: '一套小学数学练习册', valueYuan: 40, shownName: '小明', beneficiaryKind: 'child' });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    // not on the wall before review; a claim before approval is refused
    const wall = async () =>
      (await as('partymember').get(`/api/needs/wishes?community=${DEMO_COMMUNITY}`)).json<{
        items: { id: number; state: string }[];
      }>().items;
    expect((await wall()).some((w) => w.id === id)).toBe(false);
    expect((await as('partymember').post(`/api/needs/wishes/${id}/claim`)).statusCode).toBe(409);
    expect((await as('community').post(`/api/needs/wishes/${id}/decide`, { approve: true })).statusCode).toBe(200);
    expect((await wall()).find((w) => w.id === id)?.state).toBe('open');
    // the wall shows a first name and the wish, never an address
    const raw = (await as('volunteer').get(`/api/needs/wishes?community=${DEMO_COMMUNITY}`)).body;
    expect(raw).not.toMatch(/号楼|单元|address|tags/);
    const both = await Promise.all([
      as('partymember').post(`/api/needs/wishes/${id}/claim`),
      as('volunteer').post(`/api/needs/wishes/${id}/claim`),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = both[0]?.statusCode === 200 ? 'partymember' : 'volunteer';
    const loser = winner === 'partymember' ? 'volunteer' : 'partymember';
    expect((await as(loser).post(`/api/needs/wishes/${id}/deliver`, {})).statusCode).toBe(403);
    expect((await as('resident').post(`/api/needs/wishes/${id}/confirm`)).statusCode).toBe(409);
    expect((await as(winner).post(`/api/needs/wishes/${id}/deliver`, {})).statusCode).toBe(200);
    expect((await as('resident').post(`/api/needs/wishes/${id}/confirm`)).statusCode).toBe(200);
    const mine = (await as('resident').get('/api/needs/wishes?view=mine')).json<{
      items: { id: number; state: string }[];
    }>();
    expect(mine.items.find((w) => w.id === id)?.state).toBe('confirmed');
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'wish'
      AND object_id = ${String(id)}`.execute(demo.database.db);
    expect(rows.rows[0]?.n).toBe(5);
  });

  it('releases a claim that stalls past its days', async () => {
    const made = await post({ wish: '一个保温杯', valueYuan: 50, shownName: '阿婆', beneficiaryKind: 'elderly' });
    const id = made.json<{ id: number }>().id;
    await as('community').post(`/api/needs/wishes/${id}/decide`, { approve: true });
    expect((await as('partymember').post(`/api/needs/wishes/${id}/claim`)).statusCode).toBe(200);
    await sql`UPDATE wishes SET claimed_at = now() - interval '30 days' WHERE id = ${id}`.execute(demo.database.db);
    await sweepNeeds(demo.database.db);
    const w = await sql<{ state: string }>`SELECT state FROM wishes WHERE id = ${id}`.execute(demo.database.db);
    expect(w.rows[0]?.state).toBe('open');
  });

  it.runIf(onPostgres)('of ten claims at once on PostgreSQL exactly one wins', async () => {
    const made = await post({ wish: '一把雨伞', valueYuan: 30, shownName: '小雨', beneficiaryKind: 'child' });
    const id = made.json<{ id: number }>().id;
    await as('community').post(`/api/needs/wishes/${id}/decide`, { approve: true });
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        as(i % 2 ? 'partymember' : 'volunteer').post(`/api/needs/wishes/${id}/claim`),
      ),
    );
    expect(claims.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(claims.filter((r) => r.statusCode === 409)).toHaveLength(9);
  });
});
