import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { quarterBounds, quarterOf } from './unit-queries.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const QINGCHENG = '350102001002';
let unit = 0;
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const QUARTER = quarterOf(today());

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['secretary', 'operator', 'handler', 'gridworker', 'partymember']) c[n] = await signedIn(demo.app, n);
  c.resident = await signedIn(demo.app, '13800000001');
  unit = (c.handler as Client).me.user.roles[0]?.agencyId ?? 0;
});
afterAll(() => demo.close());
const as = (n: string) => c[n] as Client;
const db = () => demo.database.db;
const count = async (table: string) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db())).rows[0]?.n);

type Row = {
  agencyId: number;
  review: { total: number; grade: string } | null;
  agreementProgress: number | null;
  residents: { rated: number; dissatisfied: number; satisfaction: number | null };
};
const reviews = async () =>
  (await as('secretary').get(`/api/party/reviews?community=${QINGCHENG}&quarter=${QUARTER}`)).json<{
    items: Row[];
    canReview: boolean;
  }>();

describe('quarters', () => {
  it('names the quarter of a day and its bounds', () => {
    expect(quarterOf('2026-12-03')).toBe('2026-Q4');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterBounds('2026-Q4')).toEqual(['2026-10-01', '2027-01-01']);
    expect(quarterBounds('2026-Q2')).toEqual(['2026-04-01', '2026-07-01']);
  });
});

describe('反向评价: communities score their units each quarter', () => {
  it('refuses a score over the item’s maximum, a quarter not begun and a unit without agreement — nothing written', async () => {
    const before = await count('party_unit_reviews');
    const over = await as('secretary').post('/api/party/reviews', {
      community: QINGCHENG,
      agencyId: unit,
      quarter: QUARTER,
      fulfilment: 45,
      participation: 20,
      response: 20,
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.message).toContain('此项最高 40 分');
    const future = await as('secretary').post('/api/party/reviews', {
      community: QINGCHENG,
      agencyId: unit,
      quarter: `${Number(today().slice(0, 4)) + 1}-Q1`,
      fulfilment: 30,
      participation: 20,
      response: 20,
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.message).toContain('尚未开始');
    const stranger = await as('secretary').post('/api/party/units', {
      community: QINGCHENG,
      name: '某某科技有限公司',
      kind: 'private_enterprise',
    });
    expect(stranger.statusCode, stranger.body).toBe(200);
    const none = await as('secretary').post('/api/party/reviews', {
      community: QINGCHENG,
      agencyId: stranger.json<{ id: number }>().id,
      quarter: QUARTER,
      fulfilment: 30,
      participation: 20,
      response: 20,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toContain('没有共建协议');
    expect(await count('party_unit_reviews')).toBe(before);
    // a grid worker reads the reviews but may not score
    expect(
      (
        await as('gridworker').post('/api/party/reviews', {
          community: QINGCHENG,
          agencyId: unit,
          quarter: QUARTER,
          fulfilment: 1,
          participation: 1,
          response: 1,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('scores a unit, revises the score, and sums up residents’ ratings of the unit’s cases beside it', async () => {
    const first = await as('secretary').post('/api/party/reviews', {
      community: QINGCHENG,
      agencyId: unit,
      quarter: QUARTER,
      fulfilment: 38,
      participation: 28,
      response: 27,
      comment: '协议履行到位',
    });
    expect(first.statusCode, first.body).toBe(200);
    const before = (await reviews()).items.find((r) => r.agencyId === unit);
    expect(before?.review).toMatchObject({ total: 93, grade: '优秀' });
    expect(before?.agreementProgress).toBeGreaterThanOrEqual(0);
    // revised within the quarter: one row, the new score
    await as('secretary').post('/api/party/reviews', {
      community: QINGCHENG,
      agencyId: unit,
      quarter: QUARTER,
      fulfilment: 30,
      participation: 20,
      response: 20,
    });
    const n = await sql<{ n: string }>`SELECT count(*) AS n FROM party_unit_reviews
      WHERE agency_id = ${unit} AND quarter = ${QUARTER} AND community_code = ${QINGCHENG}`.execute(db());
    expect(Number(n.rows[0]?.n)).toBe(1);
    // a case of the community the unit led, rated dissatisfied now: counted in this quarter
    const kase = await sql<{ id: string; street_id: string }>`SELECT id, street_id FROM cases
      WHERE region_path LIKE ${`%/${QINGCHENG}/%`} AND rated_at IS NULL LIMIT 1`.execute(db());
    const k = kase.rows[0];
    if (!k) throw new Error('no unrated case in the demo');
    await sql`UPDATE cases SET agency_id = ${unit}, rating = 'dissatisfied', rated_at = now()
      WHERE street_id = ${k.street_id} AND id = ${k.id}`.execute(db());
    const after = (await reviews()).items.find((r) => r.agencyId === unit);
    expect(after?.review).toMatchObject({ total: 70, grade: '合格' });
    expect(after?.residents.rated).toBe((before?.residents.rated ?? 0) + 1);
    expect(after?.residents.dissatisfied).toBe((before?.residents.dissatisfied ?? 0) + 1);
    expect(after?.residents.satisfaction).not.toBeNull();
  });

  it('lets the unit see its own record, and no one else’s', async () => {
    const mine = await as('handler').get('/api/party/unit-record');
    expect(mine.statusCode, mine.body).toBe(200);
    const r = mine.json<{ unit: string; reviews: Row[]; resolutions: { role: string }[]; agreements: unknown[] }>();
    expect(r.reviews.find((x) => x.review !== null)?.review?.total).toBe(70);
    expect(r.agreements.length).toBeGreaterThan(0);
    expect(r.resolutions.some((x) => x.role === 'lead')).toBe(true);
    expect((await as('secretary').get('/api/party/unit-record')).statusCode).toBe(403);
    expect((await as('gridworker').get('/api/party/unit-record')).statusCode).toBe(403);
  });
});

describe('units of the alliance', () => {
  it('keeps a unit’s kind and contact with the phone sealed and masked; a bad phone writes nothing', async () => {
    const before = await count('party_units');
    const bad = await as('secretary').post('/api/party/units', {
      community: QINGCHENG,
      agencyId: unit,
      kind: 'organ',
      contactPhone: '12345',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('11 位手机号');
    expect(await count('party_units')).toBe(before);
    const ok = await as('secretary').post('/api/party/units', {
      community: QINGCHENG,
      agencyId: unit,
      kind: 'organ',
      contactName: '陈队长',
      contactPhone: '13912345678',
      partyBranch: '城管中队党支部',
      partyMembers: 12,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const row = await sql<{
      c: string;
    }>`SELECT contact_phone_cipher AS c FROM party_units WHERE agency_id = ${unit}`.execute(db());
    expect(row.rows[0]?.c).not.toContain('13912345678');
    const list = (await as('gridworker').get(`/api/party/units?community=${QINGCHENG}`)).json<{
      items: { id: number; contactPhone: string | null; kindName: string }[];
    }>();
    expect(list.items.find((u) => u.id === unit)).toMatchObject({ contactPhone: '139****5678', kindName: '机关' });
  });

  it('keeps the signed agreement file (PDF) and refuses other types', async () => {
    const agreement = await sql<{
      id: string;
    }>`SELECT id FROM party_agreements WHERE agency_id = ${unit} LIMIT 1`.execute(db());
    const id = agreement.rows[0]?.id;
    const pdf = Buffer.from('%PDF-1.4\n% test agreement\n%%EOF\n');
    const up = await as('secretary').raw({
      method: 'POST',
      url: `/api/party/agreements/${id}/file?name=${encodeURIComponent('共建协议.pdf')}`,
      payload: pdf,
      headers: { 'content-type': 'application/pdf' },
    });
    expect(up.statusCode, up.body).toBe(200);
    const text = await as('secretary').raw({
      method: 'POST',
      url: `/api/party/agreements/${id}/file?name=a.txt`,
      payload: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBeGreaterThanOrEqual(400);
    expect(text.statusCode).toBeLessThan(500);
    const back = await as('handler').get(`/api/party/agreements/${id}/file`);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('application/pdf');
    expect(back.rawPayload.equals(pdf)).toBe(true);
  });
});

describe('tasks members claim', () => {
  it('puts a resolution out to members; a member claims it once', async () => {
    const open = await sql<{ id: string }>`SELECT r.id FROM party_resolutions r JOIN party_meetings m
      ON m.street_id = r.street_id AND m.id = r.meeting_id
      WHERE m.community_code = ${QINGCHENG} AND r.done_on IS NULL AND r.claimed_by IS NULL LIMIT 1`.execute(db());
    const id = Number(open.rows[0]?.id);
    expect((await as('gridworker').post(`/api/party/resolutions/${id}/offer`, { open: true })).statusCode).toBe(403);
    expect((await as('secretary').post(`/api/party/resolutions/${id}/offer`, { open: true })).statusCode).toBe(200);
    type Tasks = { items: { id: number; claimedByMe: boolean }[] };
    const before = (await as('partymember').get('/api/party/tasks')).json<Tasks>();
    expect(before.items.find((t) => t.id === id)?.claimedByMe).toBe(false);
    expect((await as('partymember').post(`/api/party/tasks/${id}/claim`)).statusCode).toBe(200);
    const again = await as('partymember').post(`/api/party/tasks/${id}/claim`);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已被认领');
    expect(
      (await as('partymember').get('/api/party/tasks')).json<Tasks>().items.find((t) => t.id === id)?.claimedByMe,
    ).toBe(true);
    // someone who is no member has no tasks
    expect((await as('gridworker').get('/api/party/tasks')).statusCode).toBe(403);
  });
});

describe('a member’s card, 亮身份 and the map', () => {
  it('shows the secretary a member’s card with personal data masked (audited); not a grid worker', async () => {
    const m = await sql<{
      id: string;
    }>`SELECT id FROM party_members WHERE resident_id IS NOT NULL AND region_path LIKE ${`%/${QINGCHENG}/%`} LIMIT 1`.execute(
      db(),
    );
    const id = m.rows[0]?.id;
    const audits = await count('audit_log');
    const card = await as('secretary').get(`/api/party/members/${id}`);
    expect(card.statusCode, card.body).toBe(200);
    const body = card.json<{ phone: string | null; idNumber: string | null; address: string | null; org: string }>();
    if (body.phone) expect(body.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    if (body.idNumber) expect(body.idNumber).toContain('*');
    expect(body.address).not.toBeNull();
    expect(await count('audit_log')).toBeGreaterThan(audits);
    expect((await as('gridworker').get(`/api/party/members/${id}`)).statusCode).toBe(403);
    expect((await as('resident').get(`/api/party/members/${id}`)).statusCode).toBe(403);
  });

  it('marks a member’s household 共产党员户: the building card and the map layer show it', async () => {
    const m = await sql<{ id: string; building_id: string; household_id: string }>`
      SELECT m.id, h.building_id, hh.id AS household_id FROM party_members m
      JOIN residents r ON r.street_id = m.street_id AND r.id = m.resident_id
      JOIN households hh ON hh.street_id = r.street_id AND hh.id = r.household_id
      JOIN houses h ON h.street_id = hh.street_id AND h.id = hh.house_id
      WHERE NOT m.household_marked AND m.active AND m.region_path LIKE ${`%/${QINGCHENG}/%`} LIMIT 1`.execute(db());
    const row = m.rows[0];
    if (!row) throw new Error('no unmarked member with a household in the demo');
    const marked = async () =>
      (await as('gridworker').get(`/api/party/buildings/${row.building_id}/marked`)).json<{ householdIds: number[] }>()
        .householdIds;
    expect(await marked()).not.toContain(Number(row.household_id));
    expect((await as('gridworker').patch(`/api/party/members/${row.id}`, { householdMarked: true })).statusCode).toBe(
      403,
    );
    const ok = await as('secretary').patch(`/api/party/members/${row.id}`, { householdMarked: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await marked()).toContain(Number(row.household_id));
    const layer = (await as('gridworker').get(`/api/party/map?community=${QINGCHENG}`)).json<{
      grids: { branch: string | null }[];
      buildings: { id: number; markedHouseholds: number }[];
    }>();
    expect(layer.buildings.find((b) => b.id === Number(row.building_id))?.markedHouseholds).toBeGreaterThan(0);
    expect(layer.grids.some((g) => g.branch !== null)).toBe(true);
  });

  it('exports the 双报到 board as a spreadsheet, audited', async () => {
    const board = (await as('secretary').get(`/api/party/board?community=${QINGCHENG}`)).json<{ items: unknown[] }>();
    const audits = await count('audit_log');
    const x = await as('secretary').get(`/api/party/board.xlsx?community=${QINGCHENG}`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.getRow(1).getCell(1).value).toBe('姓名');
    expect((ws?.rowCount ?? 0) - 1).toBe(board.items.length);
    expect(await count('audit_log')).toBe(audits + 1);
    expect((await as('gridworker').get(`/api/party/board.xlsx?community=${QINGCHENG}`)).statusCode).toBe(403);
  });
});
