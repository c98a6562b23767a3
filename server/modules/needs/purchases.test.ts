import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { photoWithGps, uploadPhoto } from '../../../test/cases.js';
import { DEMO_COMMUNITY, DEMO_STREET } from '../../core/demo.js';

let demo: DemoApp;
let community: Client;
let gridworker: Client;
let organisation: number;
let unit: number;

beforeAll(async () => {
  demo = await demoApp();
  community = await signedIn(demo.app, 'community');
  gridworker = await signedIn(demo.app, 'gridworker');
  const agencies = await demo.database.db
    .selectFrom('agencies')
    .select(['id', 'kind'])
    .where('street_id', '=', DEMO_STREET)
    .execute();
  organisation = agencies.find((a) => a.kind === 'social_organization')?.id ?? 0;
  unit = agencies.find((a) => a.kind === 'co_building_unit')?.id ?? 0;
});
afterAll(() => demo.close());

const day = (n = 0) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
const year = Number(day().slice(0, 4));

async function newNeed(title: string, category = 'elderly.home') {
  const r = await community.post('/api/needs/needs', {
    community: DEMO_COMMUNITY,
    category,
    title,
    requesterKind: 'community',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: number }>().id;
}

const contract = (over: Record<string, unknown> = {}) => ({
  street: DEMO_STREET,
  community: DEMO_COMMUNITY,
  title: '独居老人居家养老服务',
  agencyId: organisation,
  contractNo: `GM-${Math.random().toString(36).slice(2, 10)}`,
  fundSource: '自治区级财政',
  signedOn: day(),
  startsOn: day(),
  endsOn: day(180),
  budgetYuan: 120_000,
  items: [
    { category: 'elderly.home', title: '上门家政服务', unit: '次', target: 40 },
    { category: 'elderly.company', title: '安装关护通设备', unit: '户', target: 10 },
  ],
  payments: [
    { milestone: '签约首付', amountYuan: 36_000, afterShare: 0, dueOn: day(7) },
    { milestone: '中期付款', amountYuan: 48_000, afterShare: 50, dueOn: day(90) },
    { milestone: '验收尾款', amountYuan: 36_000, afterShare: 100, dueOn: day(190) },
  ],
  ...over,
});

type Detail = {
  acceptedShare: number;
  paidYuan: number;
  state: string;
  items: { id: number; accepted: number; target: number; needId: number | null }[];
  acceptances: { photos: string[]; evidence: string }[];
  payments: { id: number; payable: boolean; paidAt: string | null }[];
};
const detail = async (id: number) => {
  const r = await community.get(`/api/needs/purchases/${id}?community=${DEMO_COMMUNITY}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Detail>();
};
const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;

describe('purchased services (两库, 政府购买服务)', () => {
  it('refuses a bad contract in words and writes nothing', async () => {
    const before = await demo.database.db
      .selectFrom('purchases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const sums = await community.post('/api/needs/purchases', contract({ budgetYuan: 100_000 }));
    expect(sums.statusCode).toBe(400);
    expect(message(sums)).toMatch(/各期付款之和须等于合同金额/);
    const notOrg = await community.post('/api/needs/purchases', contract({ agencyId: unit }));
    expect(notOrg.statusCode).toBe(400);
    expect(message(notOrg)).toMatch(/社会组织/);
    const needId = await newNeed('助浴服务需求');
    await community.post('/api/needs/purchases', contract({ contractNo: 'GM-TAKEN' }));
    const dup = await community.post(
      '/api/needs/purchases',
      contract({
        contractNo: 'GM-TAKEN',
        items: [{ needId, category: 'elderly.home', title: '助浴', unit: '次', target: 5 }],
      }),
    );
    expect(dup.statusCode).toBe(400);
    expect(message(dup)).toMatch(/合同编号已登记/);
    // nothing of the refused one: the need is still open
    const n = await demo.database.db
      .selectFrom('needs')
      .select('state')
      .where('id', '=', needId)
      .executeTakeFirstOrThrow();
    expect(n.state).toBe('open');
    const after = await demo.database.db
      .selectFrom('purchases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);
    // a grid worker reads but does not contract
    expect((await gridworker.post('/api/needs/purchases', contract())).statusCode).toBe(403);
  });

  it('matches the needs it answers, accepts with evidence up to the contract, pays in order once the share is reached', async () => {
    const needId = await newNeed('老年人居家上门服务需求');
    const c = contract();
    c.items[0] = { ...c.items[0], needId } as (typeof c.items)[0];
    const made = await community.post('/api/needs/purchases', c);
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    let d = await detail(id);
    expect(d).toMatchObject({ acceptedShare: 0, paidYuan: 0, state: 'active' });
    expect(
      (await demo.database.db.selectFrom('needs').select('state').where('id', '=', needId).executeTakeFirstOrThrow())
        .state,
    ).toBe('matched');
    // the libraries show the need answered by this purchase, and the organisation's offers
    const libs = await community.get(`/api/needs/libraries?community=${DEMO_COMMUNITY}`);
    expect(libs.statusCode).toBe(200);
    expect(
      libs.json<{ needs: { id: number; purchase: string | null }[] }>().needs.find((n) => n.id === needId)?.purchase,
    ).toBe(c.title);
    const [first, second, third] = d.payments as [Detail['payments'][0], Detail['payments'][0], Detail['payments'][0]];
    const pay = (p: number) => community.post(`/api/needs/purchases/${id}/payments/${p}/pay`, {});
    // in order: the second before the first is refused
    const early = await pay(second.id);
    expect(early.statusCode).toBe(400);
    expect(message(early)).toMatch(/请先支付第 1 期/);
    expect(first.payable).toBe(true);
    expect((await pay(first.id)).statusCode).toBe(200);
    expect((await pay(first.id)).statusCode).toBe(409);
    // 50 % not reached: 20 of 40 visits is 25 % of the purchase (two deliverables, each its own share)
    const [home, devices] = d.items as [Detail['items'][0], Detail['items'][0]];
    const photo = await uploadPhoto(community, await photoWithGps());
    const accept = (itemId: number, count: number, photos: string[] = []) =>
      community.post(`/api/needs/purchases/${id}/acceptances`, {
        itemId,
        count,
        evidence: '服务记录表已核对，居民签字确认',
        photos,
      });
    expect((await accept(home.id, 20, [photo.json.id])).statusCode).toBe(201);
    const short = await pay(second.id);
    expect(short.statusCode).toBe(400);
    expect(message(short)).toMatch(/验收进度 25%，未达到本期付款条件（50%）/);
    // more than the contract is refused, nothing written
    const over = await accept(home.id, 21);
    expect(over.statusCode).toBe(400);
    expect(message(over)).toMatch(/还可验收 20 次/);
    expect((await accept(home.id, 20)).statusCode).toBe(201);
    d = await detail(id);
    expect(d.acceptedShare).toBe(50);
    expect(d.acceptances[1]?.photos).toHaveLength(1);
    // the need it answered is met when its deliverable is accepted in full
    const n = await demo.database.db
      .selectFrom('needs')
      .select(['state', 'met_at'])
      .where('id', '=', needId)
      .executeTakeFirstOrThrow();
    expect(n.state).toBe('met');
    expect(n.met_at).not.toBeNull();
    expect((await pay(second.id)).statusCode).toBe(200);
    expect((await accept(devices.id, 10)).statusCode).toBe(201);
    d = await detail(id);
    expect(d).toMatchObject({ acceptedShare: 100, state: 'accepted', paidYuan: 84_000 });
    expect(d.payments[2]?.payable).toBe(true);
    expect((await pay(third.id)).statusCode).toBe(200);
    expect((await detail(id)).state).toBe('settled');
    // the evidence photo is for the community's staff
    const shown = await community.raw({ method: 'GET', url: `/api/needs/evidence/${photo.json.id}?size=thumb` });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('image/jpeg');
  });

  it('reports the year: needs raised and met by category, who met them at what cost, also as a workbook', async () => {
    const r = await community.get(`/api/needs/report?community=${DEMO_COMMUNITY}&year=${year}`);
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json<{
      byCategory: { category: string; raised: number; met: number }[];
      byProvider: { provider: string; costYuan: number; needsMet: number }[];
      totals: { raised: number; met: number; costYuan: number };
    }>();
    expect(rep.totals.raised).toBe(rep.byCategory.reduce((s, c) => s + c.raised, 0));
    expect(rep.totals.met).toBeGreaterThan(0);
    const org = await demo.database.db
      .selectFrom('agencies')
      .select('name')
      .where('id', '=', organisation)
      .executeTakeFirstOrThrow();
    const row = rep.byProvider.find((p) => p.provider === org.name);
    // the settled purchase of the test before (120,000 paid this year), besides any demo purchase of this organisation
    expect(row?.costYuan).toBeGreaterThanOrEqual(120_000);
    expect(Math.round(rep.totals.costYuan * 100)).toBe(
      Math.round(rep.byProvider.reduce((s, p) => s + p.costYuan * 100, 0)),
    );
    const x = await community.raw({
      method: 'GET',
      url: `/api/needs/report.xlsx?community=${DEMO_COMMUNITY}&year=${year}`,
    });
    expect(x.statusCode).toBe(200);
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('project milestones with evidence', () => {
  it('adds milestones to a project and completes one with words and a photo; done twice is refused', async () => {
    const needId = await newNeed('楼道扶手安装', 'housing.repair');
    const res = await demo.database.db
      .selectFrom('resources')
      .select('id')
      .where('street_id', '=', DEMO_STREET)
      .where('active', '=', true)
      .where('capacity_left', '>', 0)
      .where('valid_to', '>=', day())
      .executeTakeFirstOrThrow();
    const m = await community.post(`/api/needs/needs/${needId}/match`, {
      resourceId: res.id,
      startsOn: day(),
      endsOn: day(30),
    });
    expect(m.statusCode, m.body).toBe(201);
    const projectId = m.json<{ id: number }>().id;
    const add = await community.post(`/api/needs/projects/${projectId}/milestones`, {
      title: '材料采购',
      dueOn: day(-1),
    });
    expect(add.statusCode, add.body).toBe(201);
    await community.post(`/api/needs/projects/${projectId}/milestones`, { title: '安装完成', dueOn: day(20) });
    let p = (await community.get(`/api/needs/projects/${projectId}`)).json<{
      milestones: { id: number; overdue: boolean; doneAt: string | null; photos: string[]; evidence: string }[];
    }>();
    expect(p.milestones.map((x) => x.overdue)).toEqual([true, false]);
    const photo = await uploadPhoto(community, await photoWithGps());
    const first = p.milestones[0]?.id;
    const done = () =>
      community.post(`/api/needs/milestones/${first}/done`, {
        evidence: '扶手材料已到货，见照片',
        photos: [photo.json.id],
      });
    expect((await done()).statusCode).toBe(200);
    const again = await community.post(`/api/needs/milestones/${first}/done`, { evidence: '再次提交' });
    expect(again.statusCode).toBe(400);
    expect(message(again)).toMatch(/该节点已完成/);
    p = (await community.get(`/api/needs/projects/${projectId}`)).json();
    expect(p.milestones[0]).toMatchObject({ overdue: false, evidence: '扶手材料已到货，见照片' });
    expect(p.milestones[0]?.photos).toEqual([photo.json.id]);
    expect(
      (await gridworker.post(`/api/needs/projects/${projectId}/milestones`, { title: '验收', dueOn: day(25) }))
        .statusCode,
    ).toBe(403);
  });
});
