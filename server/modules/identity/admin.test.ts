import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityOverview } from '../../../contracts/auth.js';
import { testApp } from '../../../test/app.js';
import { clientOf, demoApp, signedIn, type DemoApp } from '../../../test/demo-app.js';
import type { Database } from '../../core/db.js';
import type { SmsSender } from '../../core/sms.js';

let demo: DemoApp;
let database: Database;
let app: FastifyInstance;
const sent: { phone: string; text: string }[] = [];
const sms: SmsSender = { name: 'capture', send: async (phone, text) => void sent.push({ phone, text }) };

beforeAll(async () => {
  demo = await demoApp();
  database = demo.database;
  // the same database, with an SMS adapter that keeps what it sends
  app = await testApp(database, { keyring: demo.keyring, sms });
});
afterAll(async () => {
  await app?.close();
  await demo?.close();
});

const as = (username: string) => signedIn(app, username);
async function userId(username: string): Promise<number> {
  const u = await database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return u.id;
}
const auditCount = async (action: string) =>
  Number(
    (
      await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', action)
        .where('result', '=', 'ok')
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('changing an account', () => {
  it('replaces roles in one go, effective on the next request, with before/after in the audit log', async () => {
    const admin = await as('admin');
    const volunteer = await as('volunteer');
    const id = await userId('volunteer');
    const res = await admin.patch(`/api/users/${id}`, {
      roles: [{ role: 'grid_worker', regionCode: '350102001002003' }],
    });
    expect(res.statusCode, res.body).toBe(200);
    // new roles are a grant: the account waits for the security administrator, its sessions end
    expect((await volunteer.get('/api/auth/me')).statusCode).toBe(401);
    await expect(as('volunteer')).rejects.toThrow(/审核/);
    expect((await (await as('security')).post(`/api/users/${id}/approve`)).statusCode).toBe(200);
    const me = (await as('volunteer')).me;
    expect(me.user.roles).toEqual([{ role: 'grid_worker', regionCode: '350102001002003', agencyId: null }]);
    const entry = await database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'identity.update_user')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.detail).toEqual({
      rolesBefore: ['volunteer@350102001002001'],
      rolesAfter: ['grid_worker@350102001002003'],
    });
  });

  it('keeps the old roles when a new one is invalid (all or nothing), naming the bad role', async () => {
    const admin = await as('admin');
    const id = await userId('volunteer');
    const res = await admin.patch(`/api/users/${id}`, {
      roles: [
        { role: 'grid_worker', regionCode: '350102001002004' },
        { role: 'grid_worker', regionCode: '350102999999999' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe('body.roles.1');
    const roles = await database.db
      .selectFrom('role_assignments')
      .select('region_code')
      .where('user_id', '=', id)
      .execute();
    expect(roles).toEqual([{ region_code: '350102001002003' }]);
  });

  it('disables an account: its sessions end at once and it cannot sign in; re-enabling restores it', async () => {
    const admin = await as('admin');
    const party = await as('partymember');
    const id = await userId('partymember');
    expect((await admin.patch(`/api/users/${id}`, { disabled: true })).statusCode).toBe(200);
    expect((await party.get('/api/auth/me')).statusCode).toBe(401);
    await expect(as('partymember')).rejects.toThrow(/failed/);
    expect((await admin.patch(`/api/users/${id}`, { disabled: false })).statusCode).toBe(200);
    expect((await as('partymember')).me.user.name).toBeTruthy();
  });

  it('refuses an empty change, self-disabling, and everyone but the system administrator', async () => {
    const admin = await as('admin');
    expect((await admin.patch(`/api/users/${await userId('volunteer')}`, {})).statusCode).toBe(400);
    // the system administrator's own account is an administrator account: not his to change
    expect((await admin.patch(`/api/users/${admin.me.user.id}`, { disabled: true })).statusCode).toBe(403);
    expect((await admin.patch('/api/users/999999', { displayName: '某某' })).statusCode).toBe(404);
    const security = await as('security');
    expect((await security.patch(`/api/users/${await userId('volunteer')}`, { disabled: true })).statusCode).toBe(403);
  });

  it('resets a password to an initial one that must be changed, ending the old sessions', async () => {
    const admin = await as('admin');
    const leader = await as('buildingleader');
    const id = await userId('buildingleader');
    expect((await admin.post(`/api/users/${id}/reset-password`, { password: 'weak' })).statusCode).toBe(400);
    expect((await admin.post(`/api/users/${id}/reset-password`, { password: 'Reset#2026' })).statusCode).toBe(200);
    expect((await leader.get('/api/auth/me')).statusCode).toBe(401);
    // the one who set the password cannot open the account alone: the security administrator approves
    await expect(signedIn(app, 'buildingleader', 'Reset#2026')).rejects.toThrow(/审核/);
    expect((await (await as('security')).post(`/api/users/${id}/approve`)).statusCode).toBe(200);
    const again = await signedIn(app, 'buildingleader', 'Reset#2026');
    expect(again.me.mustChangePassword).toBe(true);
    expect(await auditCount('identity.reset_password')).toBe(1);
  });
});

describe('exporting the audit log', () => {
  it('gives the audit administrator an XLSX of the filtered log, and records the export', async () => {
    const auditor = await as('auditor');
    const before = await auditCount('identity.export_audit');
    const res = await auditor.get('/api/audit/export?action=identity.login');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toContain(encodeURIComponent('审计日志'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('审计日志');
    expect(sheet?.getRow(1).getCell(6).value).toBe('操作');
    const logins = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', 'identity.login')
      .executeTakeFirstOrThrow();
    expect((sheet?.rowCount ?? 0) - 1).toBe(Number(logins.n));
    const actions = new Set<unknown>();
    sheet?.eachRow((row, n) => n > 1 && actions.add(row.getCell(6).value));
    expect([...actions]).toEqual(['identity.login']);
    expect(await auditCount('identity.export_audit')).toBe(before + 1);
  });

  it('is refused to the system and security administrators', async () => {
    for (const who of ['admin', 'security']) {
      expect((await (await as(who)).get('/api/audit/export')).statusCode, who).toBe(403);
    }
  });
});

describe('security settings', () => {
  it('lets the security administrator change lockout and session limits; sign-in obeys at once', async () => {
    const security = await as('security');
    const before = (await security.get('/api/security/settings')).json<SecurityOverview>();
    expect(before.settings.lockoutThreshold).toBe(5);
    expect(before.keys.ids).toContain(before.keys.active);
    expect(JSON.stringify(before)).not.toMatch(/[A-Za-z0-9+/]{43}=/); // no key material
    const res = await security.put('/api/security/settings', { ...before.settings, lockoutThreshold: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<SecurityOverview>().updatedBy).toBe('安全管理员');
    for (let i = 0; i < 2; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'gridleader', password: 'wrong' },
      });
      expect(r.json<{ error: { details?: { locked?: boolean } } }>().error.details?.locked).toBeUndefined();
    }
    const third = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'gridleader', password: 'wrong' },
    });
    expect(third.statusCode).toBe(401);
    const locked = await database.db
      .selectFrom('users')
      .select('locked_until')
      .where('username', '=', 'gridleader')
      .executeTakeFirstOrThrow();
    expect(locked.locked_until).not.toBeNull();
    const entry = await database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'identity.update_security_settings')
      .executeTakeFirstOrThrow();
    expect(entry.detail).toMatchObject({ before: { lockoutThreshold: 5 }, after: { lockoutThreshold: 3 } });
    await security.put('/api/security/settings', before.settings);
  });

  it('refuses out-of-range values and everyone but the security administrator', async () => {
    const security = await as('security');
    const current = (await security.get('/api/security/settings')).json<SecurityOverview>().settings;
    const bad = await security.put('/api/security/settings', { ...current, lockoutThreshold: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe('body.lockoutThreshold');
    for (const who of ['admin', 'auditor']) {
      expect((await (await as(who)).get('/api/security/settings')).statusCode, who).toBe(403);
    }
  });
});

describe('SMS one-time codes', () => {
  const phone = '13800000001';
  const codeOf = (text: string) => /(\d{6})/.exec(text)?.[1] ?? '';

  it('signs a resident in with the code sent to her phone, once', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    expect(res.statusCode, res.body).toBe(200);
    expect(sent.at(-1)?.phone).toBe(phone);
    const code = codeOf(sent.at(-1)?.text ?? '');
    const login = await app.inject({ method: 'POST', url: '/api/auth/login-otp', payload: { phone, code } });
    expect(login.statusCode, login.body).toBe(200);
    const resident = clientOf(app, login);
    expect(resident.me.user.kind).toBe('resident');
    expect((await resident.get('/api/auth/me')).statusCode).toBe(200);
    const reuse = await app.inject({ method: 'POST', url: '/api/auth/login-otp', payload: { phone, code } });
    expect(reuse.statusCode).toBe(401);
    const stored = await database.db.selectFrom('otp_codes').select('code_hash').execute();
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('makes a phone wait a minute between codes, and answers alike for unknown phones without sending', async () => {
    const again = await app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    expect(again.statusCode).toBe(429);
    expect(again.json<{ error: { message: string } }>().error.message).toMatch(/秒后再获取/);
    const n = sent.length;
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: '13700000000' } });
    expect(unknown.statusCode).toBe(200);
    expect(sent.length).toBe(n);
    const bad = await app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone: '12345' } });
    expect(bad.statusCode).toBe(400);
  });

  it('kills a code after five wrong tries', async () => {
    await database.db.deleteFrom('otp_codes').execute();
    await app.inject({ method: 'POST', url: '/api/auth/otp', payload: { phone } });
    const code = codeOf(sent.at(-1)?.text ?? '');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({ method: 'POST', url: '/api/auth/login-otp', payload: { phone, code: wrong } });
      expect(r.statusCode).toBe(401);
    }
    const right = await app.inject({ method: 'POST', url: '/api/auth/login-otp', payload: { phone, code } });
    expect(right.statusCode).toBe(401);
  });
});
