import { allowed, authorize } from '../../core/authorize.js';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { ResidentDetail, ResidentPage, ResidentSummary, residentQuery } from '../../../contracts/registry.js';
import { sensitiveTags } from '../../../contracts/registry.js';
import { type Actor, streetsOfActor } from '../../core/access.js';
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
import { streetOfPath, underAny, inStreets } from '../../core/sql-scope.js';
import { registryActions, visibleTags, type RegistryAction } from './permissions.js';

import { readScopes, type ResidentFilter } from './queries.js';

export function residentBase(db: Executor) {
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

export async function regionPath(db: Executor, code: string): Promise<string> {
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
  let q = db
    .selectFrom('residents as r')
    .where(underAny('r.grid_path', scopes, 'r.street_id'))
    .where('r.status', '=', f.status);
  if (also) q = q.where(underAny('r.grid_path', also, 'r.street_id'));
  if (f.region) q = q.where(underAny('r.grid_path', [await regionPath(db, f.region)], 'r.street_id'));
  if (f.tags?.length) q = q.where(sql<boolean>`r.tags @> ${sql.val(f.tags)}::text[]`);
  if (f.q) {
    const query = searchQuery(f.q);
    q = query ? q.where(sql<boolean>`r.search @@ ${query}`) : q.where(sql<boolean>`false`);
  }
  if (f.idNumber) {
    const id = parseResidentId(toHalfWidth(f.idNumber));
    q = id ? q.where('r.id_hash', '=', lookupHash(keyring, id.number)) : q.where(sql<boolean>`false`);
  }
  // the streets the scopes lie in (null: a scope above a street), for the page's outer statement
  const streets = scopes.map(streetOfPath);
  return { q, streets: streets.includes(null) ? null : [...new Set(streets as string[])] };
}

type Filtered = Awaited<ReturnType<typeof filteredResidents>>;

/**
 * A page of the filtered residents, grid by grid in the order they were registered: the page's
 * keys are found on `residents` alone (an index-only walk of residents_list_idx for active ones),
 * and only those rows are joined to their house, building, estate and grid — a deep page costs
 * its offset in index entries, not in joined rows. A page past the middle is walked from the end
 * (`total` known), so the last page costs what the first does.
 */
async function pageOf(db: Executor, { q, streets }: Filtered, limit: number, offset: number, total?: number) {
  const fromEnd = total !== undefined && offset > total - offset - limit;
  const dir = fromEnd ? sql`DESC` : sql`ASC`;
  const keys = q
    .select(['r.street_id', 'r.id'])
    .orderBy(sql`r.grid_path COLLATE "C" ${dir}`)
    .orderBy(sql`r.id ${dir}`)
    .limit(fromEnd ? Math.max(0, Math.min(limit, total - offset)) : limit)
    .offset(fromEnd ? Math.max(0, total - offset - limit) : offset);
  return (
    residentBase(db)
      .innerJoin(keys.as('k'), (j) => j.onRef('k.street_id', '=', 'r.street_id').onRef('k.id', '=', 'r.id'))
      // the streets named outside too: on Citus the statement then goes to their shards alone
      .$call((b) => (streets ? b.where('r.street_id', 'in', streets.length ? streets : ['']) : b))
      .orderBy(sql`r.grid_path COLLATE "C"`)
      .orderBy('r.id')
      .execute()
  );
}

export async function listResidents(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  f: z.infer<typeof residentQuery>,
): Promise<ResidentPage> {
  const filtered = await filteredResidents(db, keyring, actor, f);
  const { n } = await filtered.q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(n);
  const offset = (f.page - 1) * f.pageSize;
  const rows = offset < total ? await pageOf(db, filtered, f.pageSize, offset, total) : [];
  return { total, items: rows.map((r) => presentResident(actor, keyring, r)) };
}

/** Rows for an export (at most `limit`), masked exactly as on screen. */
export async function exportResidents(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  f: ResidentFilter,
  limit: number,
): Promise<ResidentSummary[]> {
  const rows = await pageOf(db, await filteredResidents(db, keyring, actor, f, 'registry.export'), limit, 0);
  return rows.map((r) => presentResident(actor, keyring, r));
}

/** One resident the actor may read (else 404), with the actions the actor may take on it. */
export async function getResident(
  db: Executor,
  keyring: Keyring,
  actor: Actor | null,
  id: number,
): Promise<ResidentDetail> {
  const row = await residentBase(db)
    .where(inStreets('r.street_id', streetsOfActor(actor)))
    .where('r.id', '=', id)
    .executeTakeFirst();
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
    .where(inStreets('street_id', streetsOfActor(actor)))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound({ zh: '居民', en: 'Resident' });
  authorize(actor, 'registry.read', { regionPath: row.grid_path }, { hide: { zh: '居民', en: 'Resident' } });
  return row;
}
