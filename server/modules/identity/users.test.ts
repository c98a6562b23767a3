import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEST_PASSWORD, demoApp, signedIn, type DemoApp } from '../../../test/demo-app.js';
import type { Me, UserPage } from '../../../contracts/auth.js';
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

const as = (username: string) => signedIn(app, username, PASSWORD);

const newUser = {
  username: 'wangxf',
  displayName: '王晓芳',
  phone: '13912345678',
  password: 'Init@2026x',
  roles: [{ role: 'grid_worker', regionCode: '350102001002002' }],
};

describe('user administration', () => {
  it('lets the system administrator create an account bound to a grid, with a masked phone in the list', async () => {
    const admin = await as('admin');
    const created = await admin.post('/api/users', newUser);
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ approval: 'security_admin' });
    const list = (await admin.get('/api/users?q=王晓芳')).json<UserPage>();
    expect(list.items).toEqual([
      expect.objectContaining({
        username: 'wangxf',
        phone: '139****5678',
        mustChangePassword: true,
        approval: 'security_admin',
        roles: [{ role: 'grid_worker', regionCode: '350102001002002', regionName: '庆城社区第2网格', agencyId: null }],
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('13912345678');
  });

  it('keeps the new account shut until the security administrator approves it, then makes it change its password', async () => {
    const signIn = () =>
      app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'wangxf', password: 'Init@2026x' } });
    const waiting = await signIn();
    expect(waiting.statusCode).toBe(403);
    expect(waiting.json<{ error: { message: string } }>().error.message).toMatch(/审核/);
    const id = (await (await as('admin')).get('/api/users?q=wangxf')).json<UserPage>().items[0]?.id;
    // neither the one who asked nor the audit administrator may approve it
    expect((await (await as('admin')).post(`/api/users/${id}/approve`)).statusCode).toBe(403);
    expect((await (await as('auditor')).post(`/api/users/${id}/approve`)).statusCode).toBe(403);
    expect((await (await as('security')).post(`/api/users/${id}/approve`)).statusCode).toBe(200);
    expect((await (await as('security')).post(`/api/users/${id}/approve`)).statusCode).toBe(409);
    const res = await signIn();
    expect(res.statusCode).toBe(200);
    expect(res.json<Me>().mustChangePassword).toBe(true);
  });

  it('refuses a duplicate username, a role bound to the wrong thing, and a weak password, with field paths', async () => {
    const admin = await as('admin');
    expect((await admin.post('/api/users', newUser)).statusCode).toBe(409);
    const platformWithRegion = await (
      await as('security')
    ).post('/api/users', {
      ...newUser,
      username: 'test1',
      phone: undefined,
      roles: [{ role: 'audit_admin', regionCode: '350102001' }],
    });
    expect(platformWithRegion.statusCode).toBe(400);
    expect(platformWithRegion.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe(
      'body.roles.0',
    );
    const noAgency = await admin.post('/api/users', {
      ...newUser,
      username: 'test2',
      phone: undefined,
      roles: [{ role: 'agency_handler', agency: { streetId: '350102001', id: 99999 } }],
    });
    expect(noAgency.statusCode).toBe(400);
    const weak = await admin.post('/api/users', {
      ...newUser,
      username: 'test3',
      phone: undefined,
      password: 'password',
    });
    expect(weak.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe('body.password');
  });

  it('keeps user management from everyone but the system administrator, and unlocking for the security administrator', async () => {
    for (const who of ['auditor', 'community']) {
      expect((await (await as(who)).get('/api/users')).statusCode, who).toBe(403);
    }
    const admin = await as('admin');
    const id = (await admin.get('/api/users?q=wangxf')).json<UserPage>().items[0]?.id;
    expect((await admin.post(`/api/users/${id}/unlock`)).statusCode).toBe(403);
    await database.db
      .updateTable('users')
      .set({ locked_until: new Date(Date.now() + 600_000) })
      .where('id', '=', id ?? 0)
      .execute();
    const security = await as('security');
    expect((await security.post(`/api/users/${id}/unlock`)).statusCode).toBe(200);
    expect((await security.post('/api/users/999999/unlock')).statusCode).toBe(404);
    const row = await database.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', id ?? 0)
      .executeTakeFirstOrThrow();
    expect(row.locked_until).toBeNull();
  });
});

describe('revealing a masked phone', () => {
  it('needs a reason, and leaves exactly one audit entry per reveal', async () => {
    const admin = await as('admin');
    const id = (await admin.get('/api/users?q=wangxf')).json<UserPage>().items[0]?.id;
    const noReason = await admin.post(`/api/users/${id}/reveal-phone`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe('body.reason');
    const count = async () =>
      (
        await database.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', 'identity.reveal_phone')
          .where('result', '=', 'ok')
          .executeTakeFirstOrThrow()
      ).n;
    expect(await count()).toBe(0);
    const res = await admin.post(`/api/users/${id}/reveal-phone`, { reason: '联系本人核实账号' });
    expect(res.json()).toEqual({ phone: '13912345678' });
    expect(await count()).toBe(1);
    const entry = await database.db
      .selectFrom('audit_log')
      .select(['reason', 'object_id', 'actor_name'])
      .where('action', '=', 'identity.reveal_phone')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ reason: '联系本人核实账号', object_id: String(id), actor_name: '系统管理员' });
  });

  it('is refused to everyone else, and the refusal is audited', async () => {
    const auditor = await as('auditor');
    expect((await auditor.post('/api/users/1/reveal-phone', { reason: '想看看' })).statusCode).toBe(403);
    const denied = await database.db
      .selectFrom('audit_log')
      .select('actor_name')
      .where('action', '=', 'identity.reveal_phone')
      .where('result', '=', 'denied')
      .execute();
    expect(denied.map((d) => d.actor_name)).toEqual(['审计管理员']);
  });
});

describe('the password policy', () => {
  it('refuses common passwords however they are dressed up, the demo password outside demo mode, and the account’s own names', async () => {
    const { passwordProblem } = await import('./password.js');
    for (const p of [
      'P@ssw0rd',
      'Password1',
      'P@ssw0rd2026',
      'Linli@2026',
      'Admin@12345',
      'Woaini520!!',
      'Qwerty@2026',
    ]) {
      expect(passwordProblem(p, { kind: 'resident' }), p).not.toBeNull();
    }
    expect(passwordProblem('Short@1a', { kind: 'staff' })?.zh).toMatch(/至少 10 位/);
    expect(passwordProblem('Short@1a', { kind: 'resident' })).toBeNull();
    expect(passwordProblem('Wangxf#2026', { kind: 'staff', own: ['wangxf'] })?.zh).toMatch(/用户名/);
    expect(passwordProblem('Kx#12345678', { kind: 'staff', own: ['13912345678'] })?.zh).toMatch(/手机号/);
    expect(passwordProblem('Qingcheng#Grid7', { kind: 'staff', own: ['wangxf', '王晓芳'] })).toBeNull();
    const admin = await as('admin');
    const res = await admin.post('/api/users', {
      username: 'weakpw',
      displayName: '弱密码',
      password: 'P@ssw0rd2026',
      roles: [{ role: 'grid_worker', regionCode: '350102001002002' }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { issues: { path: string }[] } }>().error.issues[0]?.path).toBe('body.password');
  });
});
