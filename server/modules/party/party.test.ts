import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgNode } from '../../../contracts/party.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const QINGCHENG = '350102001002';
const GRID1 = '350102001002001';
const OTHER_GRID = '350102001004001';

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['secretary', 'community', 'gridworker', 'partymember', 'volunteer', '13800000001', 'operator'])
    c[n] = await signedIn(demo.app, n);
});
afterAll(() => demo.close());
const as = (n: string) => c[n] as Client;

const count = async (table: string) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(demo.database.db)).rows[0]?.n,
  );

async function tree(who = 'secretary') {
  const res = await as(who).get(`/api/party/orgs?community=${QINGCHENG}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ roots: OrgNode[]; canManage: boolean; canReadMembers: boolean }>();
}
const flat = (nodes: OrgNode[]): OrgNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

describe('the organisation tree', () => {
  it('goes committee → grid branches → building groups, with officers and counts, and shows no names to others', async () => {
    const t = await tree();
    expect(t.canManage).toBe(true);
    const [committee] = t.roots;
    expect(committee?.name).toBe('庆城社区党委');
    expect(committee?.officers.map((o) => o.postName)).toContain('书记');
    expect(committee?.children.length).toBe(10);
    const branch = committee?.children[0];
    expect(branch?.level).toBe('branch');
    expect(branch?.children.every((g) => g.level === 'group' && g.building !== null)).toBe(true);
    expect(flat(t.roots).reduce((n, o) => n + o.members, 0)).toBeGreaterThan(0);
    const seen = await tree('gridworker');
    expect(seen.canReadMembers).toBe(false);
    expect(flat(seen.roots).length).toBe(flat(t.roots).length);
  });

  it('keeps the levels: a group only under a branch, a committee only at a community, a branch inside its committee; nothing written', async () => {
    const t = await tree();
    const committee = t.roots[0] as OrgNode;
    const branch = committee.children[0] as OrgNode;
    const before = await count('party_orgs');
    const post = (body: object) => as('secretary').post('/api/party/orgs', body);
    let r = await post({ level: 'group', name: '越级党小组', parentId: committee.id, region: GRID1 });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('党小组只能建在党支部之下');
    r = await post({ level: 'committee', name: '网格党委', region: GRID1 });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('社区党委应建在社区');
    r = await post({ level: 'branch', kind: 'grid', name: '别社区的支部', parentId: committee.id, region: OTHER_GRID });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('不在上级组织的范围内');
    r = await post({
      level: 'group',
      kind: 'building',
      name: '楼栋党小组',
      parentId: branch.id,
      region: branch.region,
      buildingId: 999999,
    });
    expect(r.statusCode).toBe(400);
    expect(await count('party_orgs')).toBe(before);
    // the community worker keeps no party organisation
    r = await as('community').post('/api/party/orgs', {
      level: 'branch',
      kind: 'grid',
      name: '新支部',
      parentId: committee.id,
      region: GRID1,
    });
    expect(r.statusCode).toBe(403);
  });

  it('moves a group with its members to another branch, and keeps where it was', async () => {
    const t = await tree();
    const committee = t.roots[0] as OrgNode;
    const [from, to] = committee.children as [OrgNode, OrgNode];
    const group = from.children[0] as OrgNode;
    const members = await demo.database.db
      .selectFrom('party_members')
      .select('id')
      .where('org_id', '=', group.id)
      .execute();
    expect(
      (await as('secretary').post(`/api/party/orgs/${group.id}/move`, { parentId: committee.id })).statusCode,
    ).toBe(400);
    const r = await as('secretary').post(`/api/party/orgs/${group.id}/move`, { parentId: to.id });
    expect(r.statusCode, r.body).toBe(200);
    const after = flat((await tree()).roots);
    expect(after.find((o) => o.id === to.id)?.children.map((g) => g.id)).toContain(group.id);
    expect(after.find((o) => o.id === group.id)?.region).toBe(to.region);
    const still = await demo.database.db
      .selectFrom('party_members')
      .select('id')
      .where('org_id', '=', group.id)
      .execute();
    expect(still.map((m) => m.id).sort()).toEqual(members.map((m) => m.id).sort());
    const history = await demo.database.db
      .selectFrom('party_org_events')
      .select(['kind', 'detail'])
      .where('org_id', '=', group.id)
      .orderBy('id')
      .execute();
    expect(history.map((h) => h.kind)).toEqual(['created', 'moved']);
    expect(history[1]?.detail).toMatchObject({ from: from.id, to: to.id });
  });

  it('renames an organisation in place, keeping the old name in its history', async () => {
    const committee = (await tree()).roots[0] as OrgNode;
    const branch = committee.children.at(-1) as OrgNode;
    const r = await as('secretary').post(`/api/party/orgs/${branch.id}/move`, {
      parentId: committee.id,
      name: '庆城社区联合党支部',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(flat((await tree()).roots).find((o) => o.id === branch.id)?.name).toBe('庆城社区联合党支部');
    const last = await demo.database.db
      .selectFrom('party_org_events')
      .select(['kind', 'detail'])
      .where('org_id', '=', branch.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.kind).toBe('renamed');
    expect(last.detail).toMatchObject({ oldName: branch.name, name: '庆城社区联合党支部' });
  });

  it('merges a group into another: members and history move, the merged one leaves the tree', async () => {
    const groups = flat((await tree()).roots).filter((o) => o.level === 'group' && o.members > 0);
    const [a, b] = groups as [OrgNode, OrgNode];
    const branch = flat((await tree()).roots).find((o) => o.level === 'branch') as OrgNode;
    // only within a level
    expect((await as('secretary').post(`/api/party/orgs/${a.id}/merge`, { intoId: branch.id })).statusCode).toBe(400);
    expect((await as('community').post(`/api/party/orgs/${a.id}/merge`, { intoId: b.id })).statusCode).toBe(403);
    const r = await as('secretary').post(`/api/party/orgs/${a.id}/merge`, { intoId: b.id });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ members: a.members });
    const after = flat((await tree()).roots);
    expect(after.find((o) => o.id === a.id)).toBeUndefined();
    expect(after.find((o) => o.id === b.id)?.members).toBe(a.members + b.members);
    const history = await demo.database.db
      .selectFrom('party_org_events')
      .select(['org_id', 'kind'])
      .where('org_id', 'in', [a.id, b.id])
      .where('kind', '=', 'merged')
      .execute();
    expect(history.map((h) => h.org_id).sort()).toEqual([a.id, b.id].sort());
    // the one that stays tells its history in words
    const told = (await as('gridworker').get(`/api/party/orgs/${b.id}/history`)).json<{ items: { text: string }[] }>();
    expect(told.items[0]?.text).toBe('组织成立');
    expect(told.items.at(-1)?.text).toBe(`合并：「${a.name}」并入「${b.name}」（党员 ${a.members} 名）`);
  });
});

describe('who sees the members (political affiliation is sensitive)', () => {
  it('the community secretary, audited; not the grid worker, the community worker or a resident', async () => {
    const committee = (await tree()).roots[0] as OrgNode;
    const audited = await count('audit_log');
    const res = await as('secretary').get(`/api/party/orgs/${committee.id}/members`);
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { name: string; address: string | null }[] }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.some((m) => m.address !== null)).toBe(true);
    expect(await count('audit_log')).toBeGreaterThan(audited);
    for (const who of ['gridworker', 'community', '13800000001', 'operator'])
      expect((await as(who).get(`/api/party/orgs/${committee.id}/members`)).statusCode, who).toBe(403);
    expect((await as('gridworker').get(`/api/party/board?community=${QINGCHENG}`)).statusCode).toBe(403);
  });

  it("an organisation's own officer reads its members, and not another's", async () => {
    const t = await tree();
    const [mine, other] = (t.roots[0] as OrgNode).children as [OrgNode, OrgNode];
    const volunteer = await demo.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'volunteer')
      .executeTakeFirstOrThrow();
    const add = await as('secretary').post('/api/party/members', {
      orgId: mine.id,
      name: '志愿者党员',
      joinedOn: '2001-07-01',
      category: 'in_service',
      relation: 'in_service',
      userId: volunteer.id,
    });
    expect(add.statusCode, add.body).toBe(200);
    const off = await as('secretary').post('/api/party/officers', {
      orgId: mine.id,
      post: 'organization',
      memberId: add.json<{ id: number }>().id,
      termStart: '2025-01-01',
    });
    expect(off.statusCode, off.body).toBe(200);
    expect((await as('volunteer').get(`/api/party/orgs/${mine.id}/members`)).statusCode).toBe(200);
    expect((await as('volunteer').get(`/api/party/orgs/${other.id}/members`)).statusCode).toBe(403);
  });

  it('refuses a member who lives in another community, and nothing is written', async () => {
    const branch = ((await tree()).roots[0] as OrgNode).children[0] as OrgNode;
    const elsewhere = await demo.database.db
      .selectFrom('residents')
      .select(['id', 'name'])
      .where('grid_path', 'like', `%/${OTHER_GRID}/%`)
      .executeTakeFirstOrThrow();
    const before = await count('party_members');
    const r = await as('secretary').post('/api/party/members', {
      orgId: branch.id,
      residentId: elsewhere.id,
      name: elsewhere.name,
      joinedOn: '1990-07-01',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('不在本社区');
    expect(await count('party_members')).toBe(before);
  });

  it('takes a resident of any grid of the community into the committee or a grid branch', async () => {
    const committee = (await tree()).roots[0] as OrgNode;
    const branch = committee.children[0] as OrgNode;
    const free = await demo.database.db
      .selectFrom('residents as r')
      .select(['r.id', 'r.name', 'r.grid_path'])
      .where('r.grid_path', 'like', `%/${QINGCHENG}/%`)
      .where('r.status', '=', 'active')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('party_members as m')
              .select('m.id')
              .whereRef('m.street_id', '=', 'r.street_id')
              .whereRef('m.resident_id', '=', 'r.id'),
          ),
        ),
      )
      .orderBy('r.id', 'desc')
      .limit(2)
      .execute();
    const [a, b] = free as [(typeof free)[number], (typeof free)[number]];
    const toCommittee = await as('secretary').post('/api/party/members', {
      orgId: committee.id,
      residentId: a.id,
      name: a.name,
      joinedOn: '1990-07-01',
    });
    expect(toCommittee.statusCode, toCommittee.body).toBe(200);
    // a grid branch takes a resident of another grid of the same community (where the member lives is theirs)
    const other = await as('secretary').post('/api/party/members', {
      orgId: branch.id,
      residentId: b.id,
      name: b.name,
      joinedOn: '1995-07-01',
    });
    expect(other.statusCode, other.body).toBe(200);
  });
});

describe('双报到: request, approval with a post, service, the board', () => {
  it('takes a member from request to serving, and shows the silent ones', async () => {
    const branch = ((await tree()).roots[0] as OrgNode).children[2] as OrgNode;
    const user = await demo.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'community')
      .executeTakeFirstOrThrow();
    // a staff account that is also an in-service member of another unit
    expect(
      (
        await as('secretary').post('/api/party/members', {
          orgId: branch.id,
          name: '报到党员',
          joinedOn: '2010-07-01',
          category: 'in_service',
          relation: 'in_service',
          userId: user.id,
        })
      ).statusCode,
    ).toBe(200);
    const req = await as('community').post('/api/party/dual-registrations', {
      community: QINGCHENG,
      employer: '鼓楼区教育局',
    });
    expect(req.statusCode, req.body).toBe(200);
    const id = req.json<{ id: number }>().id;
    expect(
      (await as('community').post('/api/party/dual-registrations', { community: QINGCHENG, employer: '鼓楼区教育局' }))
        .statusCode,
    ).toBe(409);
    type Board = { items: { id: number; state: string; post: string | null }[]; counts: Record<string, number> };
    const board = async () => (await as('secretary').get(`/api/party/board?community=${QINGCHENG}`)).json<Board>();
    expect((await board()).items.find((i) => i.id === id)?.state).toBe('requested');
    // the silent ones: registered, fewer services than the yearly minimum
    expect((await board()).counts.silent ?? 0).toBeGreaterThan(0);
    expect(
      (await as('secretary').post(`/api/party/dual-registrations/${id}/decide`, { approve: true })).statusCode,
    ).toBe(400);
    const posts = (await as('secretary').get(`/api/party/posts?community=${QINGCHENG}`)).json<{
      items: { id: number; name: string }[];
    }>();
    const post = posts.items.find((p) => p.name === '环境监督岗') as { id: number };
    const ok = await as('secretary').post(`/api/party/dual-registrations/${id}/decide`, {
      approve: true,
      postId: post.id,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await board()).items.find((i) => i.id === id)).toMatchObject({ state: 'silent', post: '环境监督岗' });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (let i = 0; i < 4; i++)
      expect(
        (await as('community').post('/api/party/services', { servedOn: today, hours: 1.5, what: '楼道环境巡查' }))
          .statusCode,
      ).toBe(200);
    expect((await board()).items.find((i) => i.id === id)?.state).toBe('serving');
    const me = (await as('community').get('/api/party/me')).json<{
      member: { post: string };
      thisYear: { services: number; hours: number };
    }>();
    expect(me.member.post).toBe('环境监督岗');
    expect(me.thisYear).toMatchObject({ services: 4, hours: 6 });
    // a service in the future, or by an account that is no member's
    expect(
      (await as('community').post('/api/party/services', { servedOn: '2999-01-01', hours: 1, what: '未来' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await as('gridworker').post('/api/party/services', { servedOn: today, hours: 1, what: '巡查' })).statusCode,
    ).toBe(403);
  });

  it("gives the demo member's phone page: organisation, post, this year's services", async () => {
    const me = await as('partymember').get('/api/party/me');
    expect(me.statusCode, me.body).toBe(200);
    const body = me.json<{ member: { org: string; post: string | null }; thisYear: { services: number } }>();
    expect(body.member.org).toContain('党支部');
    expect(body.member.post).not.toBeNull();
    expect(body.thisYear.services).toBeGreaterThanOrEqual(3);
  });
});
