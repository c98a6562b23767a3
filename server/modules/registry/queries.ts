import { allowed, authorize, scopesFor } from '../../core/authorize.js';
import { sql } from 'kysely';
import type { z } from 'zod';
import type {
  BuildingDetail,
  BuildingList,
  GridStats,
  HouseholdDetail,
  ResidentDetail,
  ResidentPage,
  ResidentSummary,
  ResidentTag,
  residentQuery,
} from '../../../contracts/registry.js';
import { sensitiveTags } from '../../../contracts/registry.js';
import { forbidden, type Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import {
  decrypt,
  lookupHash,
  maskIdNumber,
  maskPhone,
  parseResidentId,
  toHalfWidth,
  type Keyring,
} from '../../core/pii/index.js';
import { searchQuery } from '../../core/text-search.js';
import { likeLiteral, underAny } from '../../core/sql-scope.js';
import { registryActions, visibleTags, type RegistryAction } from './permissions.js';
import { readSettings } from '../../core/settings.js';
import { registrySettingsSchema, sizingOf } from './sizing.js';

export type ResidentFilter = Omit<z.infer<typeof residentQuery>, 'page' | 'pageSize'>;

/** The actor's read scopes, or 403 when the actor reads no registry at all. */
function readScopes(actor: Actor | null, action: RegistryAction = 'registry.read'): string[] {
  const scopes = scopesFor(actor, action);
  if (scopes.length === 0) throw forbidden();
  return scopes;
}

function residentBase(db: Executor) {
  return db
    .selectFrom('residents as r')
    .leftJoin('households as hh', (j) =>
      j.onRef('hh.street_id', '=', 'r.street_id').onRef('hh.id', '=', 'r.household_id'),
    )
    .leftJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
    .leftJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'))
    .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
    .leftJoin('regions as g', 'g.code', 'b.grid_code')
    .select([
      'r.id',
      'r.name',
      'r.id_cipher',
      'r.phone_cipher',
      'r.sex',
      'r.birth_date',
      'r.relation',
      'r.residence_type',
      'r.status',
      'r.tags',
      'r.grid_path',
      'r.household_id',
      'r.street_id',
      'e.name as estate',
      'b.name as building',
      'h.unit',
      'h.room',
      'b.grid_code',
      'g.name as grid_name',
    ]);
}
type ResidentRow = Awaited<ReturnType<ReturnType<typeof residentBase>['execute']>>[number];

export function addressOf(r: {
  estate: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
}) {
  if (!r.building) return null;
  return [r.estate, r.building, r.unit ? `${r.unit}单元` : null, r.room].filter(Boolean).join(' ');
}

function ageOf(birth: string | null, today = new Date()): number | null {
  if (!birth) return null;
  const [y = 0, m = 1, d = 1] = birth.split('-').map(Number);
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

/** A resident as any API shows it: ID number and phone masked, sensitive tags only for those who may read them. */
export function presentResident(actor: Actor | null, keyring: Keyring, r: ResidentRow): ResidentSummary {
  return {
    id: r.id,
    name: r.name,
    idNumber: r.id_cipher ? maskIdNumber(decrypt(keyring, r.id_cipher)) : null,
    phone: r.phone_cipher ? maskPhone(decrypt(keyring, r.phone_cipher)) : null,
    sex: r.sex,
    age: ageOf(r.birth_date),
    relation: r.relation,
    residenceType: r.residence_type,
    status: r.status,
    tags: visibleTags(actor, r.grid_path, r.tags),
    householdId: r.household_id,
    address: addressOf(r),
    gridCode: r.grid_code,
    gridName: r.grid_name,
  };
}

async function regionPath(db: Executor, code: string): Promise<string> {
  const region = await db.selectFrom('regions').select('path').where('code', '=', code).executeTakeFirst();
  if (!region) throw notFound({ zh: `区划 ${code}`, en: `Region ${code}` });
  return region.path;
}

/** The residents an actor may read that match a filter, in SQL (scope, region, tags, words, exact ID). */
async function filteredResidents(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  f: ResidentFilter,
  action: RegistryAction = 'registry.read',
) {
  const wantsSensitive = (f.tags ?? []).some((t) => sensitiveTags.includes(t));
  // filtering by a sensitive tag reveals it: only where the actor may read sensitive tags
  const scopes = readScopes(actor, wantsSensitive ? 'registry.read_sensitive_tags' : action);
  const also = wantsSensitive && action !== 'registry.read' ? readScopes(actor, action) : null;
  let q = residentBase(db).where(underAny('r.grid_path', scopes)).where('r.status', '=', f.status);
  if (also) q = q.where(underAny('r.grid_path', also));
  if (f.region) {
    const path = await regionPath(db, f.region);
    q = q.where('r.grid_path', 'like', `${likeLiteral(path)}%`);
  }
  if (f.tags?.length) q = q.where(sql<boolean>`r.tags @> ${sql.val(f.tags)}::text[]`);
  if (f.q) {
    const query = searchQuery(f.q);
    q = query ? q.where(sql<boolean>`r.search @@ ${query}`) : q.where(sql<boolean>`false`);
  }
  if (f.idNumber) {
    const id = parseResidentId(toHalfWidth(f.idNumber));
    q = id ? q.where('r.id_hash', '=', lookupHash(keyring, id.number)) : q.where(sql<boolean>`false`);
  }
  return q;
}

export async function listResidents(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  f: z.infer<typeof residentQuery>,
): Promise<ResidentPage> {
  const q = await filteredResidents(db, keyring, actor, f);
  const [total, rows] = await Promise.all([
    q
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    q
      .orderBy('r.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { total: Number(total.n), items: rows.map((r) => presentResident(actor, keyring, r)) };
}

/** Rows for an export (at most `limit`), masked exactly as on screen. */
export async function exportResidents(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  f: ResidentFilter,
  limit: number,
): Promise<ResidentSummary[]> {
  const q = await filteredResidents(db, keyring, actor, f, 'registry.export');
  const rows = await q.orderBy('r.id').limit(limit).execute();
  return rows.map((r) => presentResident(actor, keyring, r));
}

/** One resident the actor may read (else 404), with the actions the actor may take on it. */
export async function getResident(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  id: number,
): Promise<ResidentDetail> {
  const row = await residentBase(db).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound({ zh: '居民', en: 'Resident' });
  authorize(actor, 'registry.read', { regionPath: row.grid_path }, { hide: { zh: '居民', en: 'Resident' } });
  const events = await db
    .selectFrom('registry_events')
    .select(['at', 'kind', 'detail'])
    .where('street_id', '=', row.street_id)
    .where('resident_id', '=', id)
    .orderBy('at', 'desc')
    .limit(50)
    .execute();
  return {
    ...presentResident(actor, keyring, row),
    birthDate: row.birth_date,
    history: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, detail: e.detail })),
    abilities: registryActions.filter((a) => allowed(actor, a, { regionPath: row.grid_path })),
  };
}

/** The sealed values of a resident for a reveal, after the scope check (404 outside it). */
export async function residentForReveal(db: Executor, actor: Actor | null, id: number) {
  const row = await db
    .selectFrom('residents')
    .select(['street_id', 'grid_path', 'id_cipher', 'phone_cipher'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound({ zh: '居民', en: 'Resident' });
  authorize(actor, 'registry.read', { regionPath: row.grid_path }, { hide: { zh: '居民', en: 'Resident' } });
  return row;
}

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

function buildingBase(db: Executor) {
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
      sql<number>`(SELECT count(*) FROM houses h WHERE h.street_id = b.street_id AND h.building_id = b.id)`.as(
        'houses',
      ),
      sql<number>`(SELECT count(*) FROM households hh JOIN houses h ON h.street_id = hh.street_id AND h.id = hh.house_id
        WHERE h.street_id = b.street_id AND h.building_id = b.id AND hh.active)`.as('households'),
      sql<number>`(SELECT count(*) FROM residents r JOIN households hh ON hh.street_id = r.street_id AND hh.id = r.household_id
        JOIN houses h ON h.street_id = hh.street_id AND h.id = hh.house_id
        WHERE h.street_id = b.street_id AND h.building_id = b.id AND r.status = 'active')`.as('residents'),
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
  const rows = await buildingBase(db)
    .where(underAny('b.grid_path', scopes))
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
  const b = await buildingBase(db).where('b.id', '=', id).executeTakeFirst();
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
          sql<string | null>`(SELECT r.name FROM residents r WHERE r.street_id = hh.street_id AND r.household_id = hh.id
            AND r.status = 'active' ORDER BY (r.relation = '户主') DESC, r.id LIMIT 1)`.as('head'),
          sql<number>`(SELECT count(*) FROM residents r WHERE r.street_id = hh.street_id AND r.household_id = hh.id
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
