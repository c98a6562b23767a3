import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEST_PASSWORD, demoApp, type DemoApp } from '../../../test/demo-app.js';
import type { Me } from '../../../contracts/auth.js';
import type { Database } from '../../core/db.js';

const PASSWORD = DEMO_TEST_PASSWORD;
let demo: DemoApp;
let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  demo = await demoApp();
  ({ database, app } = demo);
});
afterAll(async () => demo?.close());

type Session = { cookie: string; csrf: string; me: Me };

function cookieOf(res: LightMyRequestResponse): string {
  const c = res.cookies.find((x) => x.name === 'linli_session');
  if (!c) throw new Error(`no session cookie: ${res.statusCode} ${res.body}`);
  return `linli_session=${c.value}`;
}

async function signIn(username: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode, res.body).toBe(200);
  const me = res.json<Me>();
  return { cookie: cookieOf(res), csrf: me.csrfToken, me };
}

const login = (username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe('signing in', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and tells who signed in, with roles and abilities', async () => {
    const res = await login('gridworker', PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'linli_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const me = res.json<Me>();
    expect(me.user).toMatchObject({ name: '庆城第1网格网格员', kind: 'staff' });
    expect(me.user.roles).toEqual([{ role: 'grid_worker', regionCode: '350102001002001', agencyId: null }]);
    // the registry's and the cases' abilities of a grid worker (later modules add their own; none of the administrators')
    expect(me.abilities.filter((a) => a.startsWith('registry.') || a.startsWith('cases.'))).toEqual([
      'registry.read',
      'registry.read_sensitive_tags',
      'registry.reveal',
      'registry.edit',
      'registry.locate',
      'cases.read',
      'cases.report',
      'cases.handle',
      'cases.verify',
      'cases.indicators',
      'cases.reveal_phone',
    ]);
    expect(me.abilities.filter((a) => a.startsWith('identity.'))).toEqual([]);
  });

  it('takes a phone number instead of a username', async () => {
    const res = await login('138 0000 0001', PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json<Me>().user.kind).toBe('resident');
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    const a = await login('community', 'Wrong@2026');
    const b = await login('nobody', 'Wrong@2026');
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json<{ error: { message: string } }>().error.message).toMatch(/^用户名或密码错误/);
    expect(b.json()).toEqual(a.json());
  });

  it('locks the account after 5 failures in a row: then even the right password is refused', async () => {
    for (let i = 0; i < 4; i++) expect((await login('volunteer', 'Wrong@2026')).statusCode).toBe(401);
    await login('volunteer', 'Wrong@2026');
    const user = await database.db
      .selectFrom('users')
      .select('locked_until')
      .where('username', '=', 'volunteer')
      .executeTakeFirstOrThrow();
    expect(user.locked_until?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    const right = await login('volunteer', PASSWORD);
    expect(right.statusCode).toBe(401);
  });

  it('unlocks after the window', async () => {
    await database.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() - 1000) })
      .where('username', '=', 'volunteer')
      .execute();
    expect((await login('volunteer', PASSWORD)).statusCode).toBe(200);
  });

  it('audits every attempt, failed or not', async () => {
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['result'])
      .where('action', '=', 'identity.login')
      .where('object_type', '=', 'user')
      .execute();
    expect(rows.filter((r) => r.result === 'denied').length).toBeGreaterThanOrEqual(7);
    expect(rows.filter((r) => r.result === 'ok').length).toBeGreaterThanOrEqual(3);
  });
});

describe('sessions', () => {
  it('answers 401 JSON to a non-public API without a session', async () => {
    const res = await app.inject('/api/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: '请先登录' } });
  });

  it('rejects a forged or unknown cookie', async () => {
    const res = await app.inject({ url: '/api/auth/me', headers: { cookie: 'linli_session=forged' } });
    expect(res.statusCode).toBe(401);
  });

  it('ends after 30 idle minutes', async () => {
    const s = await signIn('operator');
    await database.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('revoked_at', 'is', null)
      .where('user_id', '=', s.me.user.id)
      .execute();
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('ends at its absolute limit even when active', async () => {
    const s = await signIn('operator');
    await database.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', s.me.user.id)
      .execute();
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token, and signs out with it', async () => {
    const s = await signIn('community');
    const without = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(without.statusCode).toBe(403);
    const out = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } })).statusCode).toBe(401);
  });

  it('signs out everywhere', async () => {
    const a = await signIn('secretary');
    const b = await signIn('secretary');
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/logout-all',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    expect(res.json()).toMatchObject({ ok: true, sessions: 2 });
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: b.cookie } })).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('must be changed at first sign-in before anything else, and then follow the rules', async () => {
    await database.db
      .updateTable('users')
      .set({ must_change_password: true })
      .where('username', '=', 'instructor')
      .execute();
    const s = await signIn('instructor');
    expect(s.me.mustChangePassword).toBe(true);
    const audit = await app.inject({ url: '/api/audit', headers: { cookie: s.cookie } });
    expect(audit.statusCode).toBe(403);
    const change = (newPassword: string, currentPassword = PASSWORD) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: { currentPassword, newPassword },
      });
    expect((await change('short1A')).json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe(
      'body.newPassword',
    );
    expect((await change('alllowercase1')).statusCode).toBe(400);
    expect((await change('New@2026pass', 'Wrong@2026')).statusCode).toBe(400);
    expect((await change('New@2026pass')).statusCode).toBe(200);
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie: s.cookie } });
    expect(me.json<Me>().mustChangePassword).toBe(false);
    expect((await login('instructor', 'New@2026pass')).statusCode).toBe(200);
  });
});

describe('separation of duties', () => {
  it('lets only the audit administrator read the audit log', async () => {
    const auditor = await signIn('auditor');
    expect(auditor.me.abilities).toEqual(['identity.approve_user', 'identity.read_audit', 'identity.export_audit']);
    const res = await app.inject({ url: '/api/audit?action=identity.login', headers: { cookie: auditor.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ total: number }>().total).toBeGreaterThan(0);
    for (const who of ['admin', 'security', 'gridworker']) {
      const s = await signIn(who);
      const denied = await app.inject({ url: '/api/audit', headers: { cookie: s.cookie } });
      expect(denied.statusCode, who).toBe(403);
    }
    const denials = await database.db
      .selectFrom('audit_log')
      .select('actor_name')
      .where('action', '=', 'identity.read_audit')
      .where('result', '=', 'denied')
      .execute();
    expect(denials.map((d) => d.actor_name)).toEqual(['系统管理员', '安全管理员', '庆城第1网格网格员']);
  });

  it('gives the system administrator user management but not the audit log, and the reverse', async () => {
    expect((await signIn('admin')).me.abilities).toEqual([
      'identity.list_users',
      'identity.create_user',
      'identity.update_user',
      'identity.reset_password',
      'identity.reveal_phone',
    ]);
    expect((await signIn('security')).me.abilities).toEqual([
      'identity.list_users',
      'identity.create_user',
      'identity.update_user',
      'identity.reset_password',
      'identity.unlock_user',
      'identity.approve_user',
      'identity.read_security_settings',
      'identity.update_security_settings',
    ]);
  });
});

describe('the stored account', () => {
  it('keeps the phone sealed and findable only by its keyed hash', async () => {
    const row = await database.db
      .selectFrom('users')
      .select(['phone_cipher', 'phone_hash', 'password_hash'])
      .where('kind', '=', 'resident')
      .executeTakeFirstOrThrow();
    expect(row.phone_cipher).not.toContain('13800000001');
    expect(row.phone_hash).not.toContain('13800000001');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });
});
