import { sql } from 'kysely';
import type { GridStats } from '../../../contracts/registry.js';
import { type Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import { likeLiteral } from '../../core/sql-scope.js';
import { readSettings } from '../../core/settings.js';
import { registrySettingsSchema, sizingOf } from './sizing.js';

import { readScopes } from './queries.js';

/** The grids of a community with households, residents, buildings and staff, against the sizing rule. */
export async function gridStats(db: Executor, actor: Actor | null, communityCode: string): Promise<GridStats> {
  const scopes = readScopes(actor);
  const community = await db
    .selectFrom('regions')
    .select(['path', 'street_id', 'level'])
    .where('code', '=', communityCode)
    .executeTakeFirst();
  if (!community || community.level !== 'community' || !community.street_id)
    throw notFound({ zh: `社区 ${communityCode}`, en: `Community ${communityCode}` });
  const grids = await db
    .selectFrom('regions')
    .select(['code', 'name', 'path'])
    .where('parent_code', '=', communityCode)
    .where('level', '=', 'grid')
    .orderBy('code')
    .execute();
  const visible = grids.filter((g) => scopes.some((s) => g.path.startsWith(s) || s.startsWith(g.path)));
  if (visible.length === 0 && !scopes.some((s) => community.path.startsWith(s)))
    throw notFound({ zh: `社区 ${communityCode}`, en: `Community ${communityCode}` });
  const streetId = community.street_id;
  const like = `${likeLiteral(community.path)}%`;
  const countBy = async (table: 'households' | 'residents' | 'buildings') => {
    let q = db
      .selectFrom(table)
      .select(['grid_path', (eb) => eb.fn.countAll<number>().as('n')])
      .where('street_id', '=', streetId)
      .where('grid_path', 'like', like);
    if (table === 'households') q = q.where(sql<boolean>`active`);
    if (table === 'residents') q = q.where(sql<boolean>`status = 'active'`);
    const rows = await q.groupBy('grid_path').execute();
    return new Map(rows.map((r) => [r.grid_path, Number(r.n)]));
  };
  const [households, residents, buildings, staff, lines] = await Promise.all([
    countBy('households'),
    countBy('residents'),
    countBy('buildings'),
    visible.length
      ? db
          .selectFrom('role_assignments as a')
          .innerJoin('users as u', 'u.id', 'a.user_id')
          .select(['a.region_code', 'a.role', 'u.display_name'])
          .where(
            'a.region_code',
            'in',
            visible.map((g) => g.code),
          )
          .where('a.role', 'in', ['grid_worker', 'grid_leader', 'grid_instructor', 'building_leader'])
          .where('u.disabled', '=', false)
          .orderBy('a.id')
          .execute()
      : Promise.resolve([]),
    visible.length
      ? db
          .selectFrom('grid_business_lines')
          .select(['grid_code', 'line', 'person', 'unit'])
          .where('street_id', '=', streetId)
          .where(
            'grid_code',
            'in',
            visible.map((g) => g.code),
          )
          .orderBy('seq')
          .execute()
      : Promise.resolve([]),
  ]);
  const rule = await readSettings(db, streetId, 'registry', registrySettingsSchema);
  return {
    rule,
    grids: visible.map((g) => {
      const hh = households.get(g.path) ?? 0;
      const rs = residents.get(g.path) ?? 0;
      return {
        code: g.code,
        name: g.name,
        households: hh,
        residents: rs,
        buildings: buildings.get(g.path) ?? 0,
        sizing: sizingOf(rule, hh, rs),
        staff: staff.filter((s) => s.region_code === g.code).map((s) => ({ role: s.role, name: s.display_name })),
        lines: lines
          .filter((l) => l.grid_code === g.code)
          .map((l) => ({ line: l.line, person: l.person, unit: l.unit })),
      };
    }),
  };
}
