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
    const list = (await admin.get('/api/users?q=王晓芳')).json<UserPage>();
    expect(list.items).toEqual([
      expect.objectContaining({
        username: 'wangxf',
        phone: '139****5678',
        mustChangePassword: true,
        roles: [{ role: 'grid_worker', regionCode: '350102001002002', regionName: '庆城社区第2网格', agencyId: null }],
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain('13912345678');
  });

  it('makes the new user change the initial password before anything else', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'wangxf', password: 'Init@2026x' },
    });
    expect(res.json<Me>().mustChangePassword).toBe(true);
  });

  it('refuses a duplicate username, a role bound to the wrong thing, and a weak password, with field paths', async () => {
    const admin = await as('admin');
    expect((await admin.post('/api/users', newUser)).statusCode).toBe(409);
    const platformWithRegion = await admin.post('/api/users', {
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
