import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { DEMO_COMMUNITY, DEMO_STREET } from '../../core/demo.js';
import { checkinToken, hoursOf, starsOf, tokenValid, WINDOW_MS } from './checkin.js';

let demo: DemoApp;
let community: Client;
let volunteer: Client;
let resident: Client;
let gridworker: Client;

beforeAll(async () => {
  demo = await demoApp();
  community = await signedIn(demo.app, 'community');
  volunteer = await signedIn(demo.app, 'volunteer');
  resident = await signedIn(demo.app, '13800000001');
  gridworker = await signedIn(demo.app, 'gridworker');
});
afterAll(() => demo.close());

const message = (r: { json: <T>() => T }) => r.json<{ error: { message: string } }>().error.message;
const SITE = { lng: 119.3, lat: 26.09 };

describe('check-in codes and hours', () => {
  it('a code counts in its 30 seconds and the 30 before, never older, never forged', () => {
    const now = 1_800_000_000_000;
    const { token } = checkinToken('s3cret', 7, now);
    expect(tokenValid('s3cret', 7, token, now)).toBe(true);
    expect(tokenValid('s3cret', 7, token, now + WINDOW_MS)).toBe(true);
    expect(tokenValid('s3cret', 7, token, now + 2 * WINDOW_MS)).toBe(false);
    expect(tokenValid('s3cret', 8, token, now)).toBe(false);
    expect(tokenValid('other', 7, token, now)).toBe(false);
    expect(tokenValid('s3cret', 7, `${token.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`, now)).toBe(false);
  });
  it('hours are capped by the activity’s length; stars follow the thresholds', () => {
    const t = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
    expect(hoursOf(t(8), t(11), t(9), t(11))).toBe(2);
    expect(hoursOf(t(9), t(10), t(9), t(11))).toBe(1);
    expect(starsOf(99, [100, 300, 600, 1000, 1500])).toEqual({ stars: 0, next: 100 });
    expect(starsOf(650, [100, 300, 600, 1000, 1500])).toEqual({ stars: 3, next: 1000 });
  });
});

describe('an activity from sign-up to confirmed hours and points', () => {
  it('signs up with a waiting list, checks in and out by the code, confirms once, corrects with a reason', async () => {
    const starts = new Date(Date.now() + 10 * 60_000);
    const made = await community.post('/api/activities', {
      community: DEMO_COMMUNITY,
      title: '敬老院助老服务',
      address: '鼓楼区敬老院',
      point: SITE,
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
      capacity: 1,
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json<{ id: number }>().id;
    const signup = (c: Client) => c.post(`/api/activities/${id}/signup`, { street: DEMO_STREET });
    expect((await signup(volunteer)).json()).toEqual({ state: 'signed' });
    expect((await signup(resident)).json()).toEqual({ state: 'waiting' });
    const twice = await signup(volunteer);
    expect(twice.statusCode).toBe(409);
    expect(message(twice)).toBe('您已报名该活动');
    // the volunteer drops out: the resident takes the place; signing up again waits
    expect((await volunteer.post(`/api/activities/${id}/cancel-signup`, { street: DEMO_STREET })).statusCode).toBe(200);
    expect((await signup(volunteer)).json()).toEqual({ state: 'waiting' });
    const list = (await resident.get(`/api/activities?community=${DEMO_COMMUNITY}`)).json<{
      items: { id: number; mine: string; signed: number; waiting: number }[];
    }>();
    expect(list.items.find((a) => a.id === id)).toMatchObject({ mine: 'signed', signed: 1, waiting: 1 });

    // only the organiser shows the code
    expect((await resident.get(`/api/activities/${id}/checkin-code?street=${DEMO_STREET}`)).statusCode).toBe(403);
    const code = async () =>
      (await community.get(`/api/activities/${id}/checkin-code?street=${DEMO_STREET}`)).json<{ token: string }>().token;
    const scanAs = async (c: Client, action: 'in' | 'out', token?: string, point: object | null = SITE) =>
      c.post('/api/activities/scan', {
        street: DEMO_STREET,
        activityId: id,
        token: token ?? (await code()),
        action,
        point,
      });
    const forged = await scanAs(resident, 'in', '123.forged');
    expect(forged.statusCode).toBe(400);
    expect(message(forged)).toMatch(/签到码已过期或无效/);
    const early = await scanAs(resident, 'out');
    expect(early.statusCode).toBe(400);
    expect(message(early)).toBe('尚未签到，不能签退');
    expect((await scanAs(volunteer, 'in')).statusCode).toBe(403); // waiting, not signed
    const far = await scanAs(resident, 'in', undefined, { lng: 119.35, lat: 26.09 });
    expect(far.statusCode, far.body).toBe(200);
    expect(far.json<{ flagged: boolean }>().flagged).toBe(true);
    const again = await scanAs(resident, 'in');
    expect(again.statusCode).toBe(409);
    expect(message(again)).toBe('您已签到，请勿重复签到');
    // the phone checked in five hours ago (say): the hours stop at the activity's two
    const recordId = far.json<{ id: number }>().id;
    await sql`UPDATE service_records SET checkin_at = now() - interval '5 hours' WHERE id = ${recordId}`.execute(
      demo.database.db,
    );
    const out = await scanAs(resident, 'out');
    expect(out.json()).toMatchObject({ hours: 2 });
    expect((await scanAs(resident, 'out')).statusCode).toBe(409);

    const balance = async () => (await resident.get('/api/points/me')).json<{ balance: number }>().balance;
    const before = await balance();
    expect(
      (await gridworker.post(`/api/activities/${id}/confirm`, { street: DEMO_STREET, recordIds: [recordId] }))
        .statusCode,
    ).toBe(403);
    const confirm = () =>
      community.post(`/api/activities/${id}/confirm`, { street: DEMO_STREET, recordIds: [recordId] });
    expect((await confirm()).json()).toEqual({ confirmed: 1 });
    expect((await confirm()).json()).toEqual({ confirmed: 0 });
    expect(await balance()).toBe(before + 20); // 2 hours × 10 points, once
    const records = (await community.get(`/api/activities/${id}/records?street=${DEMO_STREET}`)).json<{
      items: { id: number; flagged: boolean; confirmedAt: string | null; hours: number }[];
    }>();
    expect(records.items[0]).toMatchObject({ id: recordId, flagged: true, hours: 2 });
    expect(records.items[0]?.confirmedAt).not.toBeNull();

    const tooLong = await community.post(`/api/service-records/${recordId}/correct`, {
      street: DEMO_STREET,
      hours: 3,
      reason: '多记',
    });
    expect(tooLong.statusCode).toBe(400);
    expect(message(tooLong)).toMatch(/不能超过活动时长（2 小时）/);
    const fixed = await community.post(`/api/service-records/${recordId}/correct`, {
      street: DEMO_STREET,
      hours: 1.5,
      reason: '中途离开半小时',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(await balance()).toBe(before + 15);
    const changes = await demo.database.db
      .selectFrom('service_record_changes')
      .select(['old_hours', 'new_hours', 'reason'])
      .where('record_id', '=', recordId)
      .execute();
    expect(changes).toEqual([{ old_hours: '2.00', new_hours: '1.50', reason: '中途离开半小时' }]);
    const me = (await resident.get('/api/volunteering/me')).json<{
      volunteerNo: string;
      hours: number;
      stars: number;
    }>();
    expect(me.volunteerNo).toMatch(/^ZY350102001\d{6}$/);
    expect(me.hours).toBeGreaterThanOrEqual(1.5);
  });
});
