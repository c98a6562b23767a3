import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { step } from '../../../test/cases.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const QINGCHENG = '350102001002';
let unit = 0;

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['secretary', 'operator', 'handler', 'gridworker']) c[n] = await signedIn(demo.app, n);
  const agencies = (await (c.operator as Client).get('/api/agencies')).json<{ id: number; name: string }[]>();
  unit = agencies.find((a) => a.name === '鼓东街道城管中队')?.id ?? 0;
});
afterAll(() => demo.close());
const as = (n: string) => c[n] as Client;

type Alliance = {
  agreements: { id: number; items: { id: number; target: number; done: number }[] }[];
  meetings: {
    id: number;
    heldOn: string;
    resolutions: { id: number; state: string; dueOn: string; caseId: number | null; caseStatus: string | null }[];
  }[];
  overdue: number;
};
const alliance = async () => (await as('secretary').get(`/api/party/alliance?community=${QINGCHENG}`)).json<Alliance>();
const count = async (table: string) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(demo.database.db)).rows[0]?.n,
  );
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);

describe('党建联盟: agreements and joint meetings', () => {
  it('shows the demo agreements with progress, and meetings whose late resolutions are overdue', async () => {
    const a = await alliance();
    expect(a.agreements.length).toBeGreaterThan(0);
    expect(a.agreements[0]?.items.length).toBe(3);
    expect(a.agreements.some((x) => x.items.some((i) => i.done > 0 && i.done <= i.target))).toBe(true);
    expect(a.meetings.length).toBeGreaterThan(0);
    expect(a.overdue).toBeGreaterThan(0);
    // one resolution is carried by a case the demo unit signed for
    const carried = a.meetings.flatMap((m) => m.resolutions).find((r) => r.caseId !== null);
    expect(carried?.caseStatus).toBe('handling');
    // anyone in the street reads the alliance (it is no personal data)
    expect((await as('gridworker').get(`/api/party/alliance?community=${QINGCHENG}`)).statusCode).toBe(200);
  });

  it('refuses an item with a negative measure and a resolution due before its meeting, writing nothing', async () => {
    const before = [await count('party_agreements'), await count('party_meetings'), await count('party_resolutions')];
    const bad = await as('secretary').post('/api/party/agreements', {
      community: QINGCHENG,
      agencyId: unit,
      title: '共建协议（测试）',
      signedOn: '2026-01-01',
      termEnd: '2027-12-31',
      items: [{ kind: 'activity', what: '联合活动', target: -3, unit: '次' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('约定数量必须大于 0');
    const early = await as('secretary').post('/api/party/meetings', {
      community: QINGCHENG,
      title: '联席会议（测试）',
      heldOn: '2026-06-10',
      resolutions: [
        { what: '按期完成的事项', leadAgencyId: unit, dueOn: '2026-06-30' },
        { what: '期限早于会议的事项', leadAgencyId: unit, dueOn: '2026-06-01' },
      ],
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('期限早于会议日期');
    expect([await count('party_agreements'), await count('party_meetings'), await count('party_resolutions')]).toEqual(
      before,
    );
    // a unit of the alliance may not keep the community's meetings
    expect(
      (
        await as('handler').post('/api/party/meetings', {
          community: QINGCHENG,
          title: '越权会议',
          heldOn: '2026-06-10',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('sets deadlines on working days, and a resolution past its deadline is overdue', async () => {
    // 2026-12-04 is a Friday: one working day later is Monday the 7th
    const r = await as('secretary').post('/api/party/meetings', {
      community: QINGCHENG,
      title: '周五的联席会议',
      heldOn: '2026-12-04',
      resolutions: [{ what: '周一前落实', leadAgencyId: unit, workingDays: 1 }],
    });
    expect(r.statusCode, r.body).toBe(200);
    const late = await as('secretary').post('/api/party/meetings', {
      community: QINGCHENG,
      title: '一个月前的联席会议',
      heldOn: daysAgo(30),
      resolutions: [{ what: '五个工作日内落实', leadAgencyId: unit, workingDays: 5 }],
    });
    expect(late.statusCode, late.body).toBe(200);
    const a = await alliance();
    const friday = a.meetings.find((m) => m.id === r.json<{ id: number }>().id);
    expect(friday?.resolutions[0]?.dueOn).toBe('2026-12-07');
    const month = a.meetings.find((m) => m.id === late.json<{ id: number }>().id);
    expect(month?.resolutions[0]?.state).toBe('overdue');
  });

  it('turns a resolution into a case, linked both ways, that the lead unit signs for', async () => {
    const a = await alliance();
    const open = a.meetings.flatMap((m) => m.resolutions).find((x) => x.state !== 'done' && x.caseId === null);
    if (!open) throw new Error('no open resolution in the demo');
    const made = await as('secretary').post(`/api/party/resolutions/${open.id}/case`, { category: 'env.sanitation' });
    expect(made.statusCode, made.body).toBe(200);
    const caseId = made.json<{ caseId: number }>().caseId;
    // again: the same case
    expect(
      (await as('secretary').post(`/api/party/resolutions/${open.id}/case`, { category: 'env.sanitation' })).json(),
    ).toEqual({
      caseId,
    });
    const byCase = (await as('operator').get(`/api/party/resolutions/by-case/${caseId}`)).json<{
      resolution: { id: number } | null;
    }>();
    expect(byCase.resolution?.id).toBe(open.id);
    const detail = (await as('operator').get(`/api/cases/${caseId}`)).json<{ description: string }>();
    expect(detail.description).toContain('决议');
    expect((await step(as('operator'), caseId, 'register')).status).toBe(200);
    expect((await step(as('operator'), caseId, 'dispatch', { agencyId: unit })).status).toBe(200);
    expect((await step(as('handler'), caseId, 'sign')).status).toBe(200);
    const after = (await alliance()).meetings.flatMap((m) => m.resolutions).find((x) => x.id === open.id);
    expect(after).toMatchObject({ caseId, caseStatus: 'handling' });
  });
});
