import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserPage } from '../../../contracts/auth.js';
import { DEMO_TEST_PASSWORD, demoApp, signedIn, type Client, type DemoApp } from '../../../test/demo-app.js';

/**
 * 三权分立 and the two-person rule, every pair of administrator and account: what each may do to
 * whom, that refusals are audited, and that no administrator alone can open an account that
 * reads personal data or the audit log.
 */
let demo: DemoApp;
const as = (u: string, p = DEMO_TEST_PASSWORD) => signedIn(demo.app, u, p);
let admin: Client;
let security: Client;
let auditor: Client;

beforeAll(async () => {
  demo = await demoApp();
  admin = await as('admin');
  security = await as('security');
  auditor = await as('auditor');
});
afterAll(async () => demo?.close());

async function idOf(username: string): Promise<number> {
  const row = await demo.database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

const denials = async () =>
  Number(
    (
      await demo.database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('result', '=', 'denied')
        .where('action', 'like', 'identity.%')
        .executeTakeFirstOrThrow()
    ).n,
  );

const ROLE_OF = {
  system: { role: 'system_admin' },
  security: { role: 'security_admin' },
  audit: { role: 'audit_admin' },
  ordinary: { role: 'community_secretary', regionCode: '350102001002' },
} as const;
const USERNAME_OF = { system: 'admin', security: 'security', audit: 'auditor', ordinary: 'secretary' } as const;
type Kind = keyof typeof ROLE_OF;

/** Whether `actor` may act on an account of `kind` (create, reset, re-role, disable). */
const allowed: Record<'admin' | 'security' | 'auditor', Record<Kind, boolean>> = {
  admin: { system: false, security: false, audit: false, ordinary: true },
  security: { system: true, security: true, audit: true, ordinary: false },
  auditor: { system: false, security: false, audit: false, ordinary: false },
};

describe('who may act on which account', () => {
  let n = 0;
  for (const actorName of ['admin', 'security', 'auditor'] as const) {
    for (const kind of ['system', 'security', 'audit', 'ordinary'] as const) {
      const may = allowed[actorName][kind];
      it(`${actorName} ${may ? 'may' : 'may not'} create, reset, re-role or disable a ${kind} account`, async () => {
        const actor = { admin, security, auditor }[actorName];
        const before = await denials();
        const username = `sep${n++}${kind}`;
        const created = await actor.post('/api/users', {
          username,
          displayName: `分权${n}`,
          password: 'Init#2026xy',
          roles: [ROLE_OF[kind]],
        });
        expect(created.statusCode, created.body).toBe(may ? 200 : 403);
        const target = may ? created.json<{ id: number }>().id : await idOf(USERNAME_OF[kind]);
        const reset = await actor.post(`/api/users/${target}/reset-password`, { password: 'Reset#2026xy' });
        expect(reset.statusCode, reset.body).toBe(may ? 200 : 403);
        const rerole = await actor.patch(`/api/users/${target}`, { roles: [ROLE_OF[kind]] });
        expect(rerole.statusCode, rerole.body).toBe(may ? 200 : 403);
        const disable = await actor.patch(`/api/users/${target}`, { disabled: true });
        expect(disable.statusCode, disable.body).toBe(may ? 200 : 403);
        // each refusal wrote one audit entry
        expect(await denials()).toBe(before + (may ? 0 : 4));
      });
    }
  }
});

describe('the attacks that worked before', () => {
  it('the system administrator cannot reset the audit administrator and read the log', async () => {
    const res = await admin.post(`/api/users/${await idOf('auditor')}/reset-password`, { password: 'Taken#2026xy' });
    expect(res.statusCode).toBe(403);
    await expect(as('auditor', 'Taken#2026xy')).rejects.toThrow();
  });

  it('the system administrator cannot create an audit administrator, nor make himself one', async () => {
    const created = await admin.post('/api/users', {
      username: 'myauditor',
      displayName: '我的审计员',
      password: 'Init#2026xy',
      roles: [{ role: 'audit_admin' }],
    });
    expect(created.statusCode).toBe(403);
    const self = await admin.patch(`/api/users/${admin.me.user.id}`, {
      roles: [{ role: 'system_admin' }, { role: 'audit_admin' }],
    });
    expect(self.statusCode).toBeGreaterThanOrEqual(400);
    expect((await admin.get('/api/audit')).statusCode).toBe(403);
  });

  it('an account the system administrator made cannot be used until the security administrator approves it', async () => {
    const created = await admin.post('/api/users', {
      username: 'myeyes',
      displayName: '代看居民',
      password: 'Init#2026xy',
      roles: [{ role: 'community_secretary', regionCode: '350102001002' }],
    });
    expect(created.statusCode).toBe(200);
    await expect(as('myeyes', 'Init#2026xy')).rejects.toThrow(/审核/);
    const list = (await security.get('/api/users?q=myeyes')).json<UserPage>();
    expect(list.items[0]?.approval).toBe('security_admin');
    // a refusal disables it
    expect((await security.post(`/api/users/${created.json<{ id: number }>().id}/reject`)).statusCode).toBe(200);
    await expect(as('myeyes', 'Init#2026xy')).rejects.toThrow();
  });

  it('an administrator account the security administrator made waits for the audit administrator, never for himself', async () => {
    const created = await security.post('/api/users', {
      username: 'newaudit',
      displayName: '新审计员',
      password: 'Init#2026xy',
      roles: [{ role: 'audit_admin' }],
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toMatchObject({ approval: 'audit_admin' });
    const id = created.json<{ id: number }>().id;
    await expect(as('newaudit', 'Init#2026xy')).rejects.toThrow(/审核/);
    expect((await security.post(`/api/users/${id}/approve`)).statusCode).toBe(403);
    expect((await admin.post(`/api/users/${id}/approve`)).statusCode).toBe(403);
    expect((await auditor.post(`/api/users/${id}/approve`)).statusCode).toBe(200);
    expect((await as('newaudit', 'Init#2026xy')).me.mustChangePassword).toBe(true);
  });

  it('administrator roles stand alone: no account holds two, nor one with a region role', async () => {
    const res = await security.post('/api/users', {
      username: 'twohats',
      displayName: '两顶帽子',
      password: 'Init#2026xy',
      roles: [{ role: 'security_admin' }, { role: 'audit_admin' }],
    });
    expect(res.statusCode).toBe(400);
  });
});
