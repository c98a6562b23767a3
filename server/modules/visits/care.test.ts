import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMMUNITY, DEMO_GRID } from '../../core/demo.js';
import { demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';
import { sweepDevices } from './care/alarms.js';
import { DEMO_SOS_SERIAL, DEMO_VENDOR } from './care/cli.js';
import { remindCare } from './care/reminders.js';
import { sign } from './care/signing.js';

let demo: DemoApp;
const c: Record<string, Client> = {};
const as = (n: string) => c[n] as Client;
const count = async (table: string, where = sql`true`) =>
  Number(
    (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE ${where}`.execute(demo.database.db))
      .rows[0]?.n,
  );

beforeAll(async () => {
  demo = await demoApp();
  for (const n of ['community', 'gridworker', 'partymember', 'operator', 'secretary'])
    c[n] = await signedIn(demo.app, n);
  c.resident = await signedIn(demo.app, '13800000001');
});
afterAll(() => demo.close());

type Subject = {
  id: number;
  name: string;
  level: string;
  state: string;
  gridPath?: string;
  grid: string;
  helpers: { id: number }[];
  lastCareOn: string | null;
};
const subjects = async (who: string, q = '') =>
  (await as(who).get(`/api/care/subjects?community=${DEMO_COMMUNITY}${q}`)).json<{
    items: Subject[];
    counts: Record<string, number>;
    canManage: boolean;
  }>();

/** A signed vendor request, as `linli devices simulate` sends it. */
function signed(url: string, body: object, o: { ts?: number; secret?: string; key?: string } = {}) {
  const raw = JSON.stringify(body);
  const ts = String(o.ts ?? Math.floor(Date.now() / 1000));
  return {
    method: 'POST' as const,
    url,
    payload: raw,
    headers: {
      'content-type': 'application/json',
      'x-linli-key': o.key ?? DEMO_VENDOR.keyId,
      'x-linli-timestamp': ts,
      'x-linli-signature': sign(o.secret ?? DEMO_VENDOR.secret, ts, raw),
    },
  };
}
const alarm = (alarmId: string, extra: object = {}) => ({
  serial: DEMO_SOS_SERIAL,
  alarmId,
  kind: 'sos',
  at: new Date().toISOString(),
  ...extra,
});

describe('care subjects and their plans', () => {
  it('lists the community’s subjects to the community, only her grid’s to the grid worker, nothing to a resident', async () => {
    const all = await subjects('community');
    expect(all.items.length).toBeGreaterThan(20);
    expect(all.counts.high).toBeGreaterThan(0);
    expect(all.canManage).toBe(true);
    const mine = await subjects('gridworker');
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.length).toBeLessThan(all.items.length);
    expect(new Set(mine.items.map((s) => s.grid)).size).toBe(1);
    expect((await as('resident').get(`/api/care/subjects?community=${DEMO_COMMUNITY}`)).statusCode).toBe(403);
    const other = all.items.find((s) => !mine.items.some((m) => m.id === s.id)) as Subject;
    expect((await as('gridworker').get(`/api/care/subjects/${other.id}`)).statusCode).toBe(403);
    expect((await as('gridworker').patch(`/api/care/subjects/${other.id}`, { note: '越权' })).statusCode).toBe(403);
  });

  it('sets a level by hand only with a reason; keeps the emergency phone sealed and shows it masked (read audited)', async () => {
    const s = (await subjects('community')).items.find((x) => x.level !== 'high') as Subject;
    const noReason = await as('community').patch(`/api/care/subjects/${s.id}`, { level: 'high' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('需填写理由');
    const ok = await as('community').patch(`/api/care/subjects/${s.id}`, {
      level: 'high',
      overrideReason: '独居且近期住院',
      emergencyName: '王女士',
      emergencyPhone: '13912345678',
      services: ['canteen', 'medicine_reminder'],
    });
    expect(ok.statusCode).toBe(200);
    const stored = await sql<{
      c: string;
    }>`SELECT emergency_phone_cipher AS c FROM care_subjects WHERE id = ${s.id}`.execute(demo.database.db);
    expect(stored.rows[0]?.c).not.toContain('13912345678');
    const audits = await count('audit_log', sql`object_type = 'care_subject' AND action = 'visits.read'`);
    const d = (await as('community').get(`/api/care/subjects/${s.id}`)).json<{
      level: string;
      overrideReason: string;
      emergencyPhone: string;
      services: string[];
      frequency: string;
    }>();
    expect(d).toMatchObject({ level: 'high', overrideReason: '独居且近期住院', frequency: 'weekly' });
    expect(d.emergencyPhone).not.toContain('12345678');
    expect(d.services).toEqual(['canteen', 'medicine_reminder']);
    expect(await count('audit_log', sql`object_type = 'care_subject' AND action = 'visits.read'`)).toBe(audits + 1);
  });

  it('pairs a helper who then records a care visit from the phone; someone else’s visit is refused', async () => {
    const list = (await subjects('gridworker')).items;
    const s = list[list.length - 1] as Subject;
    const me = as('partymember').me.user.id;
    const paired = await as('gridworker').post(`/api/care/subjects/${s.id}/helpers`, {
      kind: 'party_member',
      userId: me,
      name: '庆城社区党员',
    });
    expect(paired.statusCode).toBe(200);
    const mine = (await as('partymember').get('/api/care/mine')).json<{ items: { id: number; name: string }[] }>();
    const shown = mine.items.find((i) => i.id === s.id);
    expect(shown?.name).toMatch(/\*/); // the phone shows the surname and a mask
    expect(
      (await as('operator').post(`/api/care/subjects/${s.id}/checkins`, { at: new Date().toISOString() })).statusCode,
    ).toBe(403);
    const future = await as('partymember').post(`/api/care/subjects/${s.id}/checkins`, {
      at: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.statusCode).toBe(400);
    const done = await as('partymember').post(`/api/care/subjects/${s.id}/checkins`, {
      at: new Date().toISOString(),
      kind: 'home',
      notes: '上门看望，老人精神好',
    });
    expect(done.statusCode).toBe(200);
    const after = (await subjects('gridworker')).items.find((x) => x.id === s.id) as Subject;
    expect(after.state).toBe('ok');
    expect(after.lastCareOn).toBe(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  });

  it('tells the helpers and the grid worker of an overdue visit once, and escalates a high one to the community after 24 hours', async () => {
    const db = demo.database.db;
    const s = (await subjects('gridworker')).items.find((x) => x.level === 'high') as Subject;
    // nobody has seen them for three weeks
    await sql`DELETE FROM care_checkins WHERE subject_id = ${s.id}`.execute(db);
    const hh = await sql<{ household_id: string }>`SELECT household_id FROM care_subjects WHERE id = ${s.id}`.execute(
      db,
    );
    await sql`UPDATE household_visits SET last_visited_on = current_date - 21 WHERE household_id = ${hh.rows[0]?.household_id}`.execute(
      db,
    );
    await sql`UPDATE care_subjects SET notified_for = NULL, escalated_for = NULL WHERE id = ${s.id}`.execute(db);
    const notices = (kind: string) => count('notifications', sql`kind = ${kind}`);
    const [overdue, escalated] = [await notices('care_overdue'), await notices('care_escalated')];
    const first = await remindCare(db);
    expect(first.told).toBeGreaterThanOrEqual(1);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    expect(await notices('care_overdue')).toBeGreaterThan(overdue);
    expect(await notices('care_escalated')).toBeGreaterThan(escalated);
    const again = await remindCare(db);
    expect(again).toEqual({ told: 0, escalated: 0 });
    expect((await subjects('community', '&state=escalated')).items.some((x) => x.id === s.id)).toBe(true);
  });
});

describe('关护通: signed alarms open urgent cases', () => {
  it('opens an urgent case for the home’s grid, tells the grid worker, attaches a repeat, answers a redelivery once', async () => {
    const db = demo.database.db;
    const cases = await count('cases');
    const r = await demo.app.inject(signed('/api/care/vendor/alarms', alarm('t-sos-1')));
    expect(r.statusCode).toBe(201);
    const a = r.json<{ alarmId: number; caseId: number; created: boolean }>();
    expect(await count('cases')).toBe(cases + 1);
    const k = await sql<{ source: string; code: string; grid_code: string; description: string }>`
      SELECT c.source, k.code, c.grid_code, c.description FROM cases c
      JOIN case_categories k ON k.street_id = c.street_id AND k.id = c.category_id WHERE c.id = ${a.caseId}`.execute(
      db,
    );
    expect(k.rows[0]).toMatchObject({ source: 'device', code: 'care.alarm', grid_code: DEMO_GRID });
    expect(k.rows[0]?.description).toContain('一键呼叫');
    const told = await sql<{ n: string }>`SELECT count(*) AS n FROM notifications
      WHERE kind = 'care_alarm' AND case_id = ${a.caseId} AND user_id = ${as('gridworker').me.user.id}`.execute(db);
    expect(Number(told.rows[0]?.n)).toBe(1);
    // the same alarm again, later (a new signature): the first answer
    const again = await demo.app.inject(signed('/api/care/vendor/alarms', alarm('t-sos-1', { detail: 'x' })));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ alarmId: a.alarmId, caseId: a.caseId, created: false, attached: false });
    // pressed again within 10 minutes: attached to the open alarm and its case
    const repeat = await demo.app.inject(signed('/api/care/vendor/alarms', alarm('t-sos-2')));
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toMatchObject({ alarmId: a.alarmId, caseId: a.caseId, attached: true });
    expect(await count('cases')).toBe(cases + 1);
    // on the board, acknowledged (first response), then closed
    type Board = { items: { id: number; state: string; repeats: number; responseSeconds: number | null }[] };
    const board = async () =>
      (await as('gridworker').get(`/api/care/alarms?community=${DEMO_COMMUNITY}`)).json<Board>();
    expect((await board()).items.find((i) => i.id === a.alarmId)).toMatchObject({ state: 'open', repeats: 1 });
    expect((await as('gridworker').post(`/api/care/alarms/${a.alarmId}`, { action: 'acknowledge' })).statusCode).toBe(
      200,
    );
    expect((await as('gridworker').post(`/api/care/alarms/${a.alarmId}`, { action: 'acknowledge' })).statusCode).toBe(
      409,
    );
    const acked = (await board()).items.find((i) => i.id === a.alarmId);
    expect(acked?.state).toBe('acknowledged');
    expect(acked?.responseSeconds).not.toBeNull();
    expect(
      (await as('gridworker').post(`/api/care/alarms/${a.alarmId}`, { action: 'close', note: '已上门，老人安好' }))
        .statusCode,
    ).toBe(200);
    // after the close a new press is a new alarm and a new case
    const fresh = await demo.app.inject(signed('/api/care/vendor/alarms', alarm('t-sos-3')));
    expect(fresh.statusCode).toBe(201);
    expect(await count('cases')).toBe(cases + 2);
  });

  it('refuses unsigned, expired, badly signed and replayed requests and unknown devices, writing nothing', async () => {
    const before = [await count('care_alarms'), await count('cases'), await count('care_signatures')];
    const unsigned = await demo.app.inject({
      method: 'POST',
      url: '/api/care/vendor/alarms',
      payload: JSON.stringify(alarm('t-x-1')),
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json().error.message).toContain('缺少签名');
    const expired = await demo.app.inject(
      signed('/api/care/vendor/alarms', alarm('t-x-2'), { ts: Math.floor(Date.now() / 1000) - 600 }),
    );
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toContain('已过期');
    const forged = await demo.app.inject(
      signed('/api/care/vendor/alarms', alarm('t-x-3'), { secret: 'not-the-secret' }),
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.message).toContain('签名不正确');
    const unknown = await demo.app.inject(signed('/api/care/vendor/alarms', alarm('t-x-4', { serial: 'NO-SUCH-1' })));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('未在本街道登记');
    const garbled = await demo.app.inject(signed('/api/care/vendor/alarms', { serial: DEMO_SOS_SERIAL, kind: 'boom' }));
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().error.message).toContain('告警内容不正确');
    expect([await count('care_alarms'), await count('cases'), await count('care_signatures')]).toEqual(before);
    // a request captured and sent again: refused
    const once = signed('/api/care/vendor/alarms', alarm('t-x-5', { kind: 'fall' }));
    expect((await demo.app.inject(once)).statusCode).toBe(201);
    const replay = await demo.app.inject(once);
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.message).toContain('重放');
  });

  it('raises "device offline" when heartbeats stop, and closes it when one arrives', async () => {
    const db = demo.database.db;
    await sql`UPDATE care_devices SET last_heartbeat_at = now() - interval '3 hours' WHERE serial = ${DEMO_SOS_SERIAL}`.execute(
      db,
    );
    const raised = await sweepDevices(db);
    expect(raised).toBeGreaterThanOrEqual(1);
    const open = () =>
      count(
        'care_alarms',
        sql`kind = 'offline' AND status <> 'closed' AND device_id = (SELECT id FROM care_devices WHERE serial = ${DEMO_SOS_SERIAL})`,
      );
    expect(await open()).toBe(1);
    expect(await sweepDevices(db)).toBe(0); // told once
    const beat = await demo.app.inject(
      signed('/api/care/vendor/heartbeats', { serial: DEMO_SOS_SERIAL, at: new Date().toISOString(), battery: 80 }),
    );
    expect(beat.statusCode).toBe(200);
    expect(beat.json()).toMatchObject({ reopened: true });
    expect(await open()).toBe(0);
  });
});
