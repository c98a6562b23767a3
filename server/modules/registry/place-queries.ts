import { sql } from 'kysely';
import type { MyHome, PlaceAt } from '../../../contracts/registry.js';
import type { Actor } from '../../core/access.js';
import { addressOf, residentBase } from './resident-queries.js';
import type { Executor } from '../../core/db.js';
import { gridIndexOf } from '../org/index.js';

/** How far a building may be from a phone's point to be named as where it stands (GPS is good to ~20 m). */
const NEAR_METRES = 300;
const METRES_PER_DEGREE = 111_320;

/**
 * A GPS point (WGS-84) as a place: the grid it falls in (the street's in-memory grid index) and the
 * nearest registered building within 300 m (the street's buildings, a box around the point first).
 */
export async function placeAt(db: Executor, streetId: string, lng: number, lat: number): Promise<PlaceAt> {
  const gridCode = (await gridIndexOf(db, streetId)).locate(lng, lat);
  const grid = gridCode
    ? await db
        .selectFrom('regions as g')
        .innerJoin('regions as c', 'c.code', 'g.parent_code')
        .select(['g.code', 'g.name', 'c.name as community'])
        .where('g.code', '=', gridCode)
        .executeTakeFirst()
    : undefined;
  const cos = Math.cos((lat * Math.PI) / 180);
  const dLat = NEAR_METRES / METRES_PER_DEGREE;
  const dLng = dLat / cos;
  const near = await db
    .selectFrom('buildings as b')
    .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
    .select([
      'b.id',
      'b.name',
      'b.address',
      'e.name as estate',
      sql<number>`sqrt(power((b.lng - ${lng}) * ${cos}, 2) + power(b.lat - ${lat}, 2)) * ${METRES_PER_DEGREE}`.as(
        'metres',
      ),
    ])
    .where('b.street_id', '=', streetId)
    .where((eb) => eb.between('b.lng', lng - dLng, lng + dLng))
    .where((eb) => eb.between('b.lat', lat - dLat, lat + dLat))
    .orderBy('metres')
    .limit(1)
    .executeTakeFirst();
  const building =
    near && near.metres <= NEAR_METRES
      ? {
          id: near.id,
          name: [near.estate, near.name].filter(Boolean).join(''),
          address: near.address ?? [near.estate, near.name].filter(Boolean).join(''),
          metres: Math.round(near.metres),
        }
      : null;
  return {
    grid: grid ? { code: grid.code, name: grid.name, community: grid.community } : null,
    building,
    address: building
      ? `${building.name}${building.address !== building.name ? `（${building.address}）` : ''}${building.metres > 30 ? '附近' : ''}`
      : grid
        ? gridLabel(grid)
        : null,
  };
}

/** 庆城社区第1网格: a grid's name with its community's in front, unless it already carries it. */
function gridLabel(g: { name: string; community: string }): string {
  return g.name.startsWith(g.community) ? g.name : `${g.community}${g.name}`;
}

/**
 * Where the signed-in person lives, by the registry: the active resident of one of their streets
 * whose phone is their account's (the same keyed hash), with the grid and the house. Only their own
 * home, so no permission beyond being signed in; null when the registry does not know them.
 */
export async function homeOf(db: Executor, actor: Actor | null): Promise<MyHome> {
  if (!actor) return { home: null };
  const streets = [...new Set(actor.assignments.flatMap((a) => (a.streetId ? [a.streetId] : [])))];
  if (streets.length === 0) return { home: null };
  const user = await db.selectFrom('users').select('phone_hash').where('id', '=', actor.userId).executeTakeFirst();
  if (!user?.phone_hash) return { home: null };
  const row = await residentBase(db)
    .innerJoin('regions as c', 'c.code', 'g.parent_code')
    .select('c.name as community')
    .where('r.street_id', 'in', streets)
    .where('r.phone_hash', '=', user.phone_hash)
    .where('r.status', '=', 'active')
    .orderBy('r.id')
    .executeTakeFirst();
  if (!row?.grid_code || !row.grid_name) return { home: null };
  return {
    home: {
      grid: {
        code: row.grid_code,
        name: gridLabel({ name: row.grid_name, community: row.community }),
        community: row.community,
      },
      address: addressOf(row),
    },
  };
}
