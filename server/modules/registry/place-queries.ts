import { sql } from 'kysely';
import type { PlaceAt } from '../../../contracts/registry.js';
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
