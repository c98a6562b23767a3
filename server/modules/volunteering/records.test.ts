import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { pdfText } from '../../../test/pdf-text.js';
import { DEMO_COMMUNITY, DEMO_RESIDENT_PHONE, DEMO_STREET } from '../../core/demo.js';
import { deliverPending, subscribersOf } from '../../core/events.js';
import { decrypt } from '../../core/pii/index.js';
import { modules } from '../index.js';
import { expireYear } from './commands/timebank.js';
import { checkLedger } from './ledger.js';

let demo: DemoApp;
let community: Client;
let operator: Client;
let volunteer: Client;
let resident: Client;

beforeAll(async () => {
  demo = await demoApp();
  community = await signedIn(demo.app, 'community');
  operator = await signedIn(demo.app, 'operator');
  volunteer = await signedIn(demo.app, 'volunteer');
  resident = await signedIn(demo.app, DEMO_RESIDENT_PHONE);
});
afterAll(() => demo.close());

const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;
const volunteerIdOf = async (userId: number) =>
  (
    await demo.database.db
      .selectFrom('volunteers')
      .select('id')
      .where('street_id', '=', DEMO_STREET)
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
  ).id;

describe('志愿服务记录证明', () => {
  it('carries what the 2021 measures list, masks the ID, prints in Chinese and verifies without personal data', async () => {
    const vid = await volunteerIdOf(resident.me.user.id);
    const issued = await community.post('/api/certificates', {
      community: DEMO_COMMUNITY,
      volunteerId: vid,
      principal: '林书记',
      contact: '0591-87654321',
    });
    expect(issued.statusCode, issued.body).toBe(201);
    const { id, certNo, hours } = issued.json<{ id: number; certNo: string; hours: number }>();
    expect(certNo).toMatch(/^ZYZM-350102001-\d{4}-\d{6}$/);
    expect(hours).toBeGreaterThan(0);

    const list = (await community.get(`/api/certificates?community=${DEMO_COMMUNITY}`)).json<{
      items: Record<string, unknown>[];
    }>();
    const cert = list.items.find((c) => c.id === id);
    // the registry's record of the demo resident (found by the account's phone): the real name and the ID
    const person = await demo.database.db
      .selectFrom('volunteers as v')
      .innerJoin('residents as r', (j) =>
        j.onRef('r.street_id', '=', 'v.street_id').onRef('r.id', '=', 'v.resident_id'),
      )
      .select(['r.name', 'r.id_cipher'])
      .where('v.street_id', '=', DEMO_STREET)
      .where('v.id', '=', vid)
      .executeTakeFirstOrThrow();
    const idNumber = decrypt(demo.keyring, person.id_cipher ?? '');
    expect(cert).toMatchObject({
      certNo,
      holderName: person.name,
      idType: '居民身份证',
      idMasked: `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`,
      issuer: '庆城社区居民委员会',
      principal: '林书记',
      handler: community.me.user.name,
      contact: '0591-87654321',
      hours,
      revoked: false,
    });
    expect((cert?.volunteerNo as string) ?? '').toMatch(/^ZY350102001\d{6}$/);
    const content = cert?.content as { title: string; hours: number }[];
    expect(content.length).toBeGreaterThan(0);
    expect(content.reduce((s, r) => s + r.hours, 0)).toBeCloseTo(hours, 2);

    const pdf = await community.get(`/api/certificates/${id}/pdf?street=${DEMO_STREET}`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf.rawPayload).replace(/\n/g, '');
    for (const s of [
      '志愿服务记录证明',
      person.name,
      '居民身份证',
      cert?.idMasked as string,
      cert?.volunteerNo as string,
      `${hours.toFixed(2)} 小时`,
      '庆城社区居民委员会',
      '负责人：林书记',
      `经办人：${community.me.user.name}`,
      '联系电话：0591-87654321',
      certNo,
      content[0]?.title ?? '',
      '扫码核验',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain(idNumber);
    const printed = await demo.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('object_type', '=', 'certificate')
      .where('object_id', '=', String(id))
      .execute();
    expect(printed.map((a) => a.action)).toContain('volunteering.certificate_print');
    // the volunteer finds and prints their own; someone else may not
    const mine = (await resident.get('/api/certificates/mine')).json<{ items: { certNo: string }[] }>();
    expect(mine.items.map((c) => c.certNo)).toContain(certNo);
    expect((await resident.get(`/api/certificates/${id}/pdf?street=${DEMO_STREET}`)).statusCode).toBe(200);
    expect((await volunteer.get(`/api/certificates/${id}/pdf?street=${DEMO_STREET}`)).statusCode).toBe(403);

    // anyone verifies with the code from the QR — no sign-in, nothing about the holder
    const { verify_code: code } = await demo.database.db
      .selectFrom('certificates')
      .select('verify_code')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(text).toContain(`/m/verify/${certNo}?c=${code}`);
    const check = await demo.app.inject({ url: `/api/public/certificates/${certNo}?c=${code}` });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toMatchObject({ genuine: true, certNo, issuer: '庆城社区居民委员会', hours });
    expect(check.body).not.toContain(person.name);
    expect(check.body).not.toContain(cert?.volunteerNo as string);
    const forged = await demo.app.inject({ url: `/api/public/certificates/${certNo}?c=wrong` });
    expect(forged.json()).toMatchObject({ genuine: false, issuer: null, hours: null });
  });

  it('only the community that recorded the hours certifies them; a volunteer without a real-name record is told', async () => {
    const vid = await volunteerIdOf(resident.me.user.id);
    const other = await demo.database.db
      .selectFrom('regions')
      .select('code')
      .where('parent_code', '=', DEMO_STREET)
      .where('code', '<>', DEMO_COMMUNITY)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const notRecorded = await operator.post('/api/certificates', {
      community: other.code,
      volunteerId: vid,
      principal: '王主任',
      contact: '0591-87000000',
    });
    expect(notRecorded.statusCode).toBe(403);
    expect(message(notRecorded)).toMatch(/谁记录谁证明/);
    expect(
      (
        await volunteer.post('/api/certificates', {
          community: DEMO_COMMUNITY,
          volunteerId: vid,
          principal: '王主任',
          contact: '0591-87000000',
        })
      ).statusCode,
    ).toBe(403);
    const staffVolunteer = await volunteerIdOf(volunteer.me.user.id);
    const unnamed = await community.post('/api/certificates', {
      community: DEMO_COMMUNITY,
      volunteerId: staffVolunteer,
      principal: '林书记',
      contact: '0591-87654321',
    });
    expect(unnamed.statusCode).toBe(400);
    expect(message(unnamed)).toMatch(/尚未与居民档案实名关联/);
    const count = await demo.database.db
      .selectFrom('certificates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('volunteer_id', '=', staffVolunteer)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });
});

describe('volunteers, records and teams', () => {
  it('keeps training, awards and evaluations beside the service records; teams with their party group', async () => {
    const vid = await volunteerIdOf(resident.me.user.id);
    const noGrade = await community.post(`/api/volunteers/${vid}/records`, {
      street: DEMO_STREET,
      kind: 'evaluation',
      onDate: '2026-06-30',
      title: '上半年评价',
    });
    expect(noGrade.statusCode).toBe(400);
    expect(message(noGrade)).toMatch(/评价记录须选择等次/);
    for (const r of [
      { kind: 'training', onDate: '2026-03-01', title: '应急救护培训', hours: 4 },
      { kind: 'award', onDate: '2026-05-04', title: '优秀志愿者' },
      { kind: 'evaluation', onDate: '2026-06-30', title: '上半年评价', grade: 'excellent' },
    ])
      expect((await community.post(`/api/volunteers/${vid}/records`, { street: DEMO_STREET, ...r })).statusCode).toBe(
        201,
      );
    const p = (await community.get(`/api/volunteers/${vid}?street=${DEMO_STREET}`)).json<{
      records: { kindName: string; grade: string | null }[];
      service: unknown[];
      realName: boolean;
      hours: number;
    }>();
    expect(p.records.map((r) => r.kindName).sort()).toEqual(['培训记录', '表彰奖励', '评价记录']);
    expect(p.records.find((r) => r.grade)?.grade).toBe('优秀');
    expect(p.service.length).toBeGreaterThan(0);
    expect(p.realName).toBe(true);
    expect(
      (
        await volunteer.post(`/api/volunteers/${vid}/records`, {
          street: DEMO_STREET,
          kind: 'award',
          onDate: '2026-05-04',
          title: '自评优秀',
        })
      ).statusCode,
    ).toBe(403);

    const team = await community.post('/api/volunteer-teams', {
      community: DEMO_COMMUNITY,
      name: '庆城社区应急救护队',
      leaderId: vid,
      partyGroup: '应急救护队党小组',
    });
    expect(team.statusCode, team.body).toBe(201);
    const teamId = team.json<{ id: number }>().id;
    const staffVolunteer = await volunteerIdOf(volunteer.me.user.id);
    expect(
      (
        await community.post(`/api/volunteer-teams/${teamId}/members`, {
          street: DEMO_STREET,
          volunteerIds: [staffVolunteer, vid],
        })
      ).statusCode,
    ).toBe(200);
    const teams = (await community.get(`/api/volunteer-teams?community=${DEMO_COMMUNITY}`)).json<{
      items: { name: string; members: number; partyGroup: string; leader: string }[];
    }>();
    expect(teams.items.find((t) => t.name === '庆城社区应急救护队')).toMatchObject({
      members: 2,
      partyGroup: '应急救护队党小组',
    });
    const again = await community.post('/api/volunteer-teams', {
      community: DEMO_COMMUNITY,
      name: '庆城社区应急救护队',
    });
    expect(again.statusCode).toBe(409);
    // the party group inside a team is an organisation of the party tree
    const group = await demo.database.db
      .selectFrom('party_orgs')
      .select(['id', 'name'])
      .where('street_id', '=', DEMO_STREET)
      .where('level', '=', 'group')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const linked = await community.post('/api/volunteer-teams', {
      community: DEMO_COMMUNITY,
      name: '庆城社区助老服务队',
      partyOrgId: group.id,
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const listed = (await community.get(`/api/volunteer-teams?community=${DEMO_COMMUNITY}`)).json<{
      items: { name: string; partyGroup: string; partyOrgId: number | null }[];
    }>();
    expect(listed.items.find((t) => t.name === '庆城社区助老服务队')).toMatchObject({
      partyGroup: group.name,
      partyOrgId: group.id,
    });
    const root = await demo.database.db
      .selectFrom('party_orgs')
      .select('id')
      .where('street_id', '=', DEMO_STREET)
      .where('level', '=', 'working_committee')
      .executeTakeFirstOrThrow();
    const wrong = await community.post('/api/volunteer-teams', {
      community: DEMO_COMMUNITY,
      name: '庆城社区测试队',
      partyOrgId: root.id,
    });
    expect(wrong.statusCode).toBe(400);
    expect(message(wrong)).toBe('请选择本街道的党小组或党支部');
    const vols = (await community.get(`/api/volunteers?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; teams: string[] }[];
    }>();
    expect(vols.items.find((v) => v.id === vid)?.teams).toContain('庆城社区应急救护队');
  });

  it('refuses a sign-up that does not meet the activity’s conditions, in words', async () => {
    const starts = new Date(Date.now() + 86_400_000);
    const base = {
      community: DEMO_COMMUNITY,
      title: '条件活动',
      address: '庆城社区党群服务中心',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
      capacity: 5,
    };
    const make = async (extra: object) => {
      const r = await community.post('/api/activities', { ...base, ...extra });
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: number }>().id;
    };
    const signup = (c: Client, id: number) => c.post(`/api/activities/${id}/signup`, { street: DEMO_STREET });
    const old = await signup(resident, await make({ minAge: 110 }));
    expect(old.statusCode).toBe(403);
    expect(message(old)).toBe('本活动要求年满 110 周岁');
    const skill = await signup(resident, await make({ skills: ['急救'] }));
    expect(message(skill)).toBe('本活动需要以下技能之一：急救');
    const unnamed = await signup(volunteer, await make({ tags: ['deputy'] }));
    expect(message(unnamed)).toMatch(/请先在社区完成实名登记/);
    expect((await signup(resident, await make({ minAge: 1, maxAge: 110 }))).json()).toEqual({ state: 'signed' });
    // organised by a co-building unit: the list says who
    const unit = await demo.database.db
      .selectFrom('agencies')
      .select(['id', 'name'])
      .where('street_id', '=', DEMO_STREET)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const byUnit = await make({ unitId: unit.id, title: '共建单位义诊' });
    const listed = (await resident.get(`/api/activities?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; organisedBy: string }[];
    }>();
    expect(listed.items.find((a) => a.id === byUnit)?.organisedBy).toBe(unit.name);
    expect((await community.post('/api/activities', { ...base, unitId: 999_999 })).statusCode).toBe(400);
    const sensitive = await community.post('/api/activities', {
      community: DEMO_COMMUNITY,
      title: '条件活动',
      address: '庆城社区',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
      capacity: 5,
      tags: ['subsistence'],
    });
    expect(sensitive.statusCode).toBe(400);
  });
});

describe('时间银行, year-end expiry and the yearly report', () => {
  it('banks confirmed hours as minutes up to the cap and pays services in them, never points', async () => {
    expect(
      (
        await community.post('/api/store/goods', {
          community: DEMO_COMMUNITY,
          name: '助浴服务（1小时）',
          price: 60,
          stock: 5,
          unit: 'minutes',
        })
      ).statusCode,
    ).toBe(400);
    expect((await operator.put('/api/settings/volunteering', { timeBank: true, timeBankCapHours: 2 })).statusCode).toBe(
      200,
    );
    const goods = await community.post('/api/store/goods', {
      community: DEMO_COMMUNITY,
      name: '助浴服务（1小时）',
      price: 60,
      stock: 5,
      unit: 'minutes',
    });
    expect(goods.statusCode, goods.body).toBe(201);
    const gid = goods.json<{ id: number }>().id;
    const starts = new Date(Date.now() - 4 * 3_600_000);
    const a = await community.post('/api/activities', {
      community: DEMO_COMMUNITY,
      title: '助老陪伴',
      address: '庆城社区',
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      capacity: 5,
    });
    const aid = a.json<{ id: number }>().id;
    expect((await resident.post(`/api/activities/${aid}/signup`, { street: DEMO_STREET })).statusCode).toBe(200);
    const vid = await volunteerIdOf(resident.me.user.id);
    const db = demo.database.db;
    await db
      .updateTable('activities')
      .set({ starts_at: starts, ends_at: new Date(starts.getTime() + 3 * 3_600_000) })
      .where('id', '=', aid)
      .execute();
    const rec = await db
      .insertInto('service_records')
      .values({
        street_id: DEMO_STREET,
        activity_id: aid,
        volunteer_id: vid,
        checkin_at: starts,
        checkout_at: new Date(starts.getTime() + 3 * 3_600_000),
        hours: '3.00',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const me = async () => (await resident.get('/api/points/me')).json<{ balance: number; bankedMinutes: number }>();
    const before = await me();
    expect(before.bankedMinutes).toBe(0);
    await community.post(`/api/activities/${aid}/confirm`, { street: DEMO_STREET, recordIds: [rec.id] });
    const after = await me();
    expect(after.balance).toBe(before.balance + 30);
    expect(after.bankedMinutes).toBe(120); // three hours, the cap is two
    const redeem = (key: string) =>
      resident.post('/api/store/redeem', { street: DEMO_STREET, goodsId: gid, quantity: 1, idempotencyKey: key });
    expect((await redeem('bank-0001')).statusCode).toBe(201);
    expect((await redeem('bank-0002')).statusCode).toBe(201);
    const broke = await redeem('bank-0003');
    expect(broke.statusCode).toBe(409);
    expect(message(broke)).toBe('时间银行存储的时长不足');
    const now = await me();
    expect(now).toMatchObject({ balance: after.balance, bankedMinutes: 0 });
    expect((await checkLedger(db)).ok).toBe(true);
    await operator.put('/api/settings/volunteering', {});
  });

  it('the year’s report adds up, and year-end expiry moves what is left once', async () => {
    const year = new Date().getFullYear();
    const r = await community.get(`/api/volunteering/report?community=${DEMO_COMMUNITY}&year=${year}`);
    expect(r.statusCode, r.body).toBe(200);
    const report = r.json<{
      volunteers: number;
      hours: number;
      pointsIssued: number;
      months: { hours: number; points: number }[];
      community: string;
    }>();
    expect(report.community).toBe('庆城社区');
    expect(report.volunteers).toBeGreaterThan(0);
    expect(report.hours).toBeGreaterThan(0);
    expect(report.months).toHaveLength(12);
    expect(report.months.reduce((s, m) => s + m.points, 0)).toBe(report.pointsIssued);
    expect(Math.round(report.months.reduce((s, m) => s + m.hours, 0) * 100) / 100).toBe(report.hours);

    const db = demo.database.db;
    const held = await db
      .selectFrom('points_accounts')
      .select((eb) => eb.fn.sum<string>('balance').as('n'))
      .where('street_id', '=', DEMO_STREET)
      .where('kind', '=', 'holder')
      .where('unit', '=', 'points')
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBeGreaterThan(0);
    const n = await expireYear(db, DEMO_STREET, year);
    expect(n).toBeGreaterThan(0);
    expect(await expireYear(db, DEMO_STREET, year)).toBe(0);
    const left = await db
      .selectFrom('points_accounts')
      .select((eb) => eb.fn.sum<string>('balance').as('n'))
      .where('street_id', '=', DEMO_STREET)
      .where('kind', '=', 'holder')
      .where('unit', '=', 'points')
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    const after = (await community.get(`/api/volunteering/report?community=${DEMO_COMMUNITY}&year=${year}`)).json<{
      pointsExpired: number;
    }>();
    expect(after.pointsExpired).toBeGreaterThan(0);
    expect((await checkLedger(db)).ok).toBe(true);
  });
});

describe('points for what other modules record', () => {
  it('a granted micro-wish and a pair-up care visit earn their points by the community’s rule, once each', async () => {
    const db = demo.database.db;
    const balance = async (c: Client) => (await c.get('/api/points/me')).json<{ balance: number }>().balance;
    const deliver = async () => {
      await deliverPending(db, subscribersOf(modules));
      await deliverPending(db, subscribersOf(modules));
    };
    // 庆城 gives 50 for a wish (the street's rule is 20)
    expect(
      (await operator.put('/api/settings/volunteering', { communities: { [DEMO_COMMUNITY]: { pointsPerWish: 50 } } }))
        .statusCode,
    ).toBe(200);
    const made = await resident.post('/api/needs/wishes', {
      wish: '一套小学语文练习册',
      valueYuan: 30,
      shownName: '小红',
    });
    expect(made.statusCode, made.body).toBe(201);
    const wish = made.json<{ id: number }>().id;
    await community.post(`/api/needs/wishes/${wish}/decide`, { approve: true });
    expect((await volunteer.post(`/api/needs/wishes/${wish}/claim`)).statusCode).toBe(200);
    expect((await volunteer.post(`/api/needs/wishes/${wish}/deliver`, {})).statusCode).toBe(200);
    const before = await balance(volunteer);
    expect((await resident.post(`/api/needs/wishes/${wish}/confirm`)).statusCode).toBe(200);
    await deliver();
    await deliver();
    expect(await balance(volunteer)).toBe(before + 50);
    const earned = await db
      .selectFrom('points_transactions')
      .select(['kind', 'note'])
      .where('source_kind', '=', 'wish')
      .where('source_id', '=', String(wish))
      .execute();
    expect(earned).toEqual([{ kind: 'earn', note: '认领的微心愿已实现' }]);

    const partymember = await signedIn(demo.app, 'partymember');
    const gridworker = await signedIn(demo.app, 'gridworker');
    const subjects = (await gridworker.get(`/api/care/subjects?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number }[];
    }>().items;
    const s = subjects[0];
    if (!s) throw new Error('the demo has care subjects');
    await gridworker.post(`/api/care/subjects/${s.id}/helpers`, {
      kind: 'party_member',
      userId: partymember.me.user.id,
      name: '庆城社区党员',
    });
    const had = await balance(partymember);
    const visit = await partymember.post(`/api/care/subjects/${s.id}/checkins`, {
      at: new Date().toISOString(),
      kind: 'home',
      notes: '上门看望',
    });
    expect(visit.statusCode, visit.body).toBe(200);
    await deliver();
    expect(await balance(partymember)).toBe(had + 5);
    expect((await checkLedger(db)).ok).toBe(true);
    await operator.put('/api/settings/volunteering', {});
  });
});
