import { authorize } from '../../core/authorize.js';
import { sql } from 'kysely';
import type { BuildingDetail, BuildingList, HouseholdDetail, ResidentTag } from '../../../contracts/registry.js';
import { streetsOfActor, type Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import { type Keyring } from '../../core/pii/index.js';
import { inStreets, likeLiteral, streetOfPath, underAny } from '../../core/sql-scope.js';

import { readScopes } from './queries.js';
import { addressOf, presentResident, regionPath, residentBase } from './resident-queries.js';

/**
 * Buildings with their names and counts. `streets`, when given, are named in the counts'
 * subqueries as well: Citus runs a correlated subquery on one shard only when it names its street.
 */
function buildingBase(db: Executor, streets: readonly string[]) {
  const inStreet = streets.length ? sql` AND ${inStreets('h.street_id', streets)}` : sql``;
  return db
    .selectFrom('buildings as b')
    .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
    .leftJoin('regions as g', 'g.code', 'b.grid_code')
    .select([
      'b.id',
      'b.street_id',
      'b.name',
      'b.address',
      'b.use',
      'b.grid_code',
      'b.grid_path',
      'b.floors',
      'b.units',
      'e.name as estate',
      'g.name as grid_name',
      sql<number>`(SELECT count(*) FROM houses h WHERE h.street_id = b.street_id AND h.building_id = b.id${inStreet})`.as(
        'houses',
      ),
      sql<number>`(SELECT count(*) FROM households hh JOIN houses h ON h.street_id = hh.street_id AND h.id = hh.house_id
        WHERE h.street_id = b.street_id AND h.building_id = b.id AND hh.active${inStreet})`.as('households'),
      sql<number>`(SELECT count(*) FROM residents r JOIN households hh ON hh.street_id = r.street_id AND hh.id = r.household_id
        JOIN houses h ON h.street_id = hh.street_id AND h.id = hh.house_id
        WHERE h.street_id = b.street_id AND h.building_id = b.id AND r.status = 'active'${inStreet})`.as('residents'),
    ]);
}

function presentBuilding(b: Awaited<ReturnType<ReturnType<typeof buildingBase>['execute']>>[number]) {
  return {
    id: b.id,
    name: b.name,
    estate: b.estate,
    address: b.address,
    use: b.use,
    gridCode: b.grid_code,
    gridName: b.grid_name,
    houses: Number(b.houses),
    households: Number(b.households),
    residents: Number(b.residents),
  };
}

/** The buildings of a grid or community the actor may read. */
export async function listBuildings(db: Executor, actor: Actor | null, region: string): Promise<BuildingList> {
  const scopes = readScopes(actor);
  const path = await regionPath(db, region);
  const street = streetOfPath(path);
  const rows = await buildingBase(db, street ? [street] : [])
    .where(underAny('b.grid_path', scopes, 'b.street_id'))
    .where('b.grid_path', 'like', `${likeLiteral(path)}%`)
    .orderBy('e.name')
    .orderBy(sql`length(b.name)`)
    .orderBy('b.name')
    .limit(2000)
    .execute();
  return { items: rows.map(presentBuilding) };
}

/** A building with its houses and their households (404 outside the actor's scope). */
export async function getBuilding(db: Executor, actor: Actor | null, id: number): Promise<BuildingDetail> {
  const streets = streetsOfActor(actor);
  const b = await buildingBase(db, streets)
    .where(inStreets('b.street_id', streets))
    .where('b.id', '=', id)
    .executeTakeFirst();
  if (!b) throw notFound({ zh: '楼栋', en: 'Building' });
  authorize(actor, 'registry.read', { regionPath: b.grid_path }, { hide: { zh: '楼栋', en: 'Building' } });
  const houses = await db
    .selectFrom('houses')
    .select(['id', 'unit', 'room', 'area', 'occupancy'])
    .where('street_id', '=', b.street_id)
    .where('building_id', '=', id)
    .orderBy('unit')
    .orderBy(sql`length(room)`)
    .orderBy('room')
    .execute();
  const households = houses.length
    ? await db
        .selectFrom('households as hh')
        .select([
          'hh.id',
          'hh.house_id',
          'hh.number',
          // the street as a value, not hh.street_id: Citus keeps a correlated subquery on one shard only so
          sql<
            string | null
          >`(SELECT r.name FROM residents r WHERE r.street_id = ${b.street_id} AND r.household_id = hh.id
            AND r.status = 'active' ORDER BY (r.relation = '户主') DESC, r.id LIMIT 1)`.as('head'),
          sql<number>`(SELECT count(*) FROM residents r WHERE r.street_id = ${b.street_id} AND r.household_id = hh.id
            AND r.status = 'active')`.as('members'),
        ])
        .where('hh.street_id', '=', b.street_id)
        .where(
          'hh.house_id',
          'in',
          houses.map((h) => h.id),
        )
        .where('hh.active', '=', true)
        .orderBy('hh.number')
        .execute()
    : [];
  const owners = houses.length
    ? await db
        .selectFrom('house_owners')
        .select(['house_id', 'owner_name'])
        .where('street_id', '=', b.street_id)
        .where(
          'house_id',
          'in',
          houses.map((h) => h.id),
        )
        .where('until', 'is', null)
        .orderBy('id')
        .execute()
    : [];
  return {
    ...presentBuilding(b),
    floors: b.floors,
    units: b.units,
    housesList: houses.map((h) => ({
      id: h.id,
      unit: h.unit,
      room: h.room,
      area: h.area,
      occupancy: h.occupancy,
      owners: owners.filter((x) => x.house_id === h.id).map((x) => x.owner_name),
      households: households
        .filter((x) => x.house_id === h.id)
        .map((x) => ({ id: x.id, number: x.number, head: x.head, members: Number(x.members) })),
    })),
  };
}

/** A household with its members and its history (404 outside the actor's scope). */
export async function getHousehold(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  id: number,
): Promise<HouseholdDetail> {
  const hh = await db
    .selectFrom('households as hh')
    .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'))
    .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
    .select([
      'hh.id',
      'hh.street_id',
      'hh.number',
      'hh.grid_path',
      'h.unit',
      'h.room',
      'h.area',
      'h.occupancy',
      'b.id as building_id',
      'b.name as building',
      'e.name as estate',
    ])
    .where(inStreets('hh.street_id', streetsOfActor(actor)))
    .where('hh.id', '=', id)
    .executeTakeFirst();
  if (!hh) throw notFound({ zh: '户', en: 'Household' });
  authorize(actor, 'registry.read', { regionPath: hh.grid_path }, { hide: { zh: '户', en: 'Household' } });
  const members = await residentBase(db)
    .where('r.street_id', '=', hh.street_id)
    .where('r.household_id', '=', id)
    .where('r.status', '=', 'active')
    .orderBy(sql`r.relation = '户主'`, 'desc')
    .orderBy('r.birth_date')
    .execute();
  const history = await db
    .selectFrom('registry_events as ev')
    .leftJoin('residents as r', (j) => j.onRef('r.street_id', '=', 'ev.street_id').onRef('r.id', '=', 'ev.resident_id'))
    .select(['ev.at', 'ev.kind', 'r.name'])
    .where('ev.street_id', '=', hh.street_id)
    .where('ev.household_id', '=', id)
    .orderBy('ev.at', 'desc')
    .limit(50)
    .execute();
  return {
    id: hh.id,
    number: hh.number,
    address: addressOf(hh) ?? '',
    buildingId: hh.building_id,
    area: hh.area,
    occupancy: hh.occupancy,
    members: members.map((m) => presentResident(actor, keyring, m)),
    history: history.map((e) => ({ at: e.at.toISOString(), kind: e.kind, residentName: e.name })),
  };
}

export type { ResidentTag };
