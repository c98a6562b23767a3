import type { Actor, Role } from './access.js';
import type { Db } from './db.js';
/** 鼓东街道, 鼓楼区, 福州市: the real street of the 庆城社区 "334" model (seeds/000). */
export const DEMO_STREET = '350102001';
/** 庆城社区, where the demo's community accounts work. */
export const DEMO_COMMUNITY = '350102001002';
/** 庆城社区第1网格, the demo's grid staff's grid. */
export const DEMO_GRID = '350102001002001';
/** The demo resident's phone (their account signs in with it; the registry lists them at home). */
export const DEMO_RESIDENT_PHONE = '13800000001';

/** A demo account as an actor with its one role (the seed acts through the case loop as real users do). */
export async function actorOf(db: Db, username: string, role: Role): Promise<Actor | null> {
  const u = await db
    .selectFrom('users as u')
    .innerJoin('role_assignments as r', 'r.user_id', 'u.id')
    .leftJoin('regions as g', 'g.code', 'r.region_code')
    .select((eb) => [
      'u.id',
      'u.display_name',
      'r.region_code',
      'g.path',
      eb.fn.coalesce('r.street_id', 'g.street_id').as('street_id'),
      'r.agency_id',
    ])
    .where('u.username', '=', username)
    .where('r.role', '=', role)
    .executeTakeFirst();
  if (!u) return null;
  return {
    userId: u.id,
    name: u.display_name,
    kind: 'staff',
    assignments: [
      { role, regionCode: u.region_code, regionPath: u.path, streetId: u.street_id, agencyId: u.agency_id },
    ],
    sessionId: 'demo-seed',
    csrfToken: '',
    mustChangePassword: false,
  };
}
