import type { z } from 'zod';
import type { UserPage, userListQuery } from '../../../contracts/auth.js';
import type { Executor } from '../../core/db.js';
import { decrypt, maskPhone, type Keyring } from '../../core/pii/index.js';
import { likeLiteral } from '../../core/sql-scope.js';

/** A page of accounts with their roles; phones masked. */
export async function listUsers(db: Executor, keyring: Keyring, q: z.infer<typeof userListQuery>): Promise<UserPage> {
  let query = db.selectFrom('users');
  if (q.q) {
    const pattern = `%${likeLiteral(q.q)}%`;
    query = query.where((eb) => eb.or([eb('username', 'like', pattern), eb('display_name', 'like', pattern)]));
  }
  const [total, users] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    query
      .select([
        'id',
        'username',
        'display_name',
        'kind',
        'phone_cipher',
        'locked_until',
        'must_change_password',
        'approval',
        'disabled',
      ])
      .orderBy('id')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  const ids = users.map((u) => u.id);
  const roles = ids.length
    ? await db
        .selectFrom('role_assignments as a')
        .leftJoin('regions as r', 'r.code', 'a.region_code')
        .leftJoin('agencies as g', (j) => j.onRef('g.street_id', '=', 'a.street_id').onRef('g.id', '=', 'a.agency_id'))
        .select(['a.user_id', 'a.role', 'a.region_code', 'r.name', 'a.agency_id', 'g.name as agency_name'])
        .where('a.user_id', 'in', ids)
        .orderBy('a.id')
        .execute()
    : [];
  const now = Date.now();
  return {
    total: Number(total.n),
    items: users.map((u) => ({
      id: u.id,
      username: u.username,
      name: u.display_name,
      kind: u.kind,
      phone: u.phone_cipher ? maskPhone(decrypt(keyring, u.phone_cipher)) : null,
      locked: u.locked_until !== null && u.locked_until.getTime() > now,
      disabled: u.disabled,
      mustChangePassword: u.must_change_password,
      approval: u.approval,
      roles: roles
        .filter((r) => r.user_id === u.id)
        .map((r) => ({
          role: r.role,
          regionCode: r.region_code,
          // the place, or for a unit's handler the unit: a role always names where it applies
          regionName: r.name ?? r.agency_name,
          agencyId: r.agency_id,
        })),
    })),
  };
}
