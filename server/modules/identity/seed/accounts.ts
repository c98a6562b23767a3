import type { Db } from '../../../core/db.js';
import type { Keyring } from '../../../core/pii/index.js';
import { upsertAgency } from '../../org/index.js';
import { createUser, type RoleInput } from '../commands/create-user.js';
import { DEMO_COMMUNITY, DEMO_GRID, DEMO_STREET } from '../../../core/demo.js';

export { DEMO_COMMUNITY, DEMO_GRID };

type DemoAccount = { username?: string; phone?: string; name: string; kind: 'staff' | 'resident'; roles: RoleInput[] };

/** One account per role, bound to the demo street, 庆城社区, its first grid, a department and a household. */
export function demoAccounts(agencyId: number): DemoAccount[] {
  return [
    { username: 'admin', name: '系统管理员', kind: 'staff', roles: [{ role: 'system_admin' }] },
    { username: 'security', name: '安全管理员', kind: 'staff', roles: [{ role: 'security_admin' }] },
    { username: 'auditor', name: '审计管理员', kind: 'staff', roles: [{ role: 'audit_admin' }] },
    {
      username: 'operator',
      name: '鼓东街道指挥中心值班员',
      kind: 'staff',
      roles: [{ role: 'operator', regionCode: DEMO_STREET }],
    },
    {
      username: 'secretary',
      name: '庆城社区书记',
      kind: 'staff',
      roles: [{ role: 'community_secretary', regionCode: DEMO_COMMUNITY }],
    },
    {
      username: 'community',
      name: '庆城社区工作者',
      kind: 'staff',
      roles: [{ role: 'community_worker', regionCode: DEMO_COMMUNITY }],
    },
    {
      username: 'gridworker',
      name: '庆城第1网格网格员',
      kind: 'staff',
      roles: [{ role: 'grid_worker', regionCode: DEMO_GRID }],
    },
    {
      username: 'gridleader',
      name: '庆城第1网格网格长',
      kind: 'staff',
      roles: [{ role: 'grid_leader', regionCode: DEMO_GRID }],
    },
    {
      username: 'instructor',
      name: '庆城第1网格指导员',
      kind: 'staff',
      roles: [{ role: 'grid_instructor', regionCode: DEMO_GRID }],
    },
    {
      username: 'buildingleader',
      name: '楼栋长',
      kind: 'staff',
      roles: [{ role: 'building_leader', regionCode: DEMO_GRID }],
    },
    {
      username: 'handler',
      name: '鼓东街道城管中队处置员',
      kind: 'staff',
      roles: [{ role: 'agency_handler', agency: { streetId: DEMO_STREET, id: agencyId } }],
    },
    {
      username: 'partymember',
      name: '在职党员',
      kind: 'staff',
      roles: [{ role: 'party_member', regionCode: DEMO_GRID }],
    },
    { username: 'volunteer', name: '志愿者', kind: 'staff', roles: [{ role: 'volunteer', regionCode: DEMO_GRID }] },
    { phone: '13800000001', name: '居民', kind: 'resident', roles: [{ role: 'resident', regionCode: DEMO_GRID }] },
  ];
}

/**
 * Finds the street's accounts (and the administrators) and ends their sessions; the result removes
 * the accounts once the street's rows no longer refer to them (`linli demo --reset`). Audit entries stay.
 */
export async function removeDemoAccounts(db: Db, streetId: string): Promise<() => Promise<void>> {
  const rows = await db
    .selectFrom('role_assignments')
    .select('user_id')
    .where((eb) =>
      eb.or([eb('street_id', '=', streetId), eb('role', 'in', ['system_admin', 'security_admin', 'audit_admin'])]),
    )
    .execute();
  const userIds = [...new Set(rows.map((r) => r.user_id))];
  if (userIds.length) await db.deleteFrom('sessions').where('user_id', 'in', userIds).execute();
  return async () => {
    if (userIds.length === 0) return;
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('user_id', 'in', userIds).execute();
      await trx.deleteFrom('role_assignments').where('user_id', 'in', userIds).execute();
      await trx.deleteFrom('users').where('id', 'in', userIds).execute();
    });
  };
}

/** Creates the demo's handling unit and one account per role, all with the same password. */
export async function loadDemoAccounts(db: Db, keyring: Keyring, password: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const agency = {
      id: await upsertAgency(trx, { streetId: DEMO_STREET, name: '鼓东街道城管中队', kind: 'department' }),
    };
    const accounts = demoAccounts(agency.id);
    for (const a of accounts) {
      await createUser({
        db: trx,
        keyring,
        ...(a.username ? { username: a.username } : {}),
        ...(a.phone ? { phone: a.phone } : {}),
        displayName: a.name,
        password,
        kind: a.kind,
        mustChangePassword: false,
        roles: a.roles,
        audit: { actorName: 'linli demo' },
        demoPassword: true,
      });
    }
    return accounts.length;
  });
}
