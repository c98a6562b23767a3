import { sql } from 'kysely';
import { memberCategoryNames, memberRelationNames, memberStatusNames } from '../../../contracts/party.js';
import type { Executor } from '../../core/db.js';
import { servedThisYear } from './queries.js';

/**
 * Where the street's residents live, one row each: the building, entrance and room as a person reads
 * them (楼栋 单元 房号), and the sealed phone and ID number for a card that masks them.
 */
export function homesOf(db: Executor, streetId: string) {
  return db
    .selectFrom('residents as r')
    .innerJoin('households as hh', (j) =>
      j.onRef('hh.street_id', '=', 'r.street_id').onRef('hh.id', '=', 'r.household_id'),
    )
    .innerJoin('houses as h', (j) => j.onRef('h.street_id', '=', 'hh.street_id').onRef('h.id', '=', 'hh.house_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'h.street_id').onRef('b.id', '=', 'h.building_id'))
    .select([
      'r.id as resident_id',
      'r.phone_cipher',
      'r.id_cipher',
      'hh.id as household_id',
      'h.building_id',
      'r.grid_path',
      'r.status',
      sql<string>`b.name || ' ' || h.unit || '单元 ' || h.room`.as('address'),
    ])
    .where('r.street_id', '=', streetId);
}

/** Members of the street with their organisation, post, this year's service and home (sealed fields kept sealed). */
function memberRows(db: Executor, streetId: string) {
  return db
    .selectFrom('party_members as m')
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'm.street_id').onRef('o.id', '=', 'm.org_id'))
    .leftJoin(servedThisYear(db, streetId).as('s'), 's.member_id', 'm.id')
    .leftJoin('dual_registrations as d', (j) =>
      j.onRef('d.street_id', '=', 'm.street_id').onRef('d.member_id', '=', 'm.id').on('d.status', '=', 'approved'),
    )
    .leftJoin('party_posts as p', (j) => j.onRef('p.street_id', '=', 'd.street_id').onRef('p.id', '=', 'd.post_id'))
    .leftJoin(homesOf(db, streetId).as('home'), 'home.resident_id', 'm.resident_id')
    .select([
      'm.id',
      'm.name',
      'o.name as org',
      'm.status',
      'm.relation',
      'm.category',
      'm.joined_on',
      'm.household_marked',
      'p.name as post',
      's.n',
      's.hours',
      'home.address',
      'home.phone_cipher',
      'home.id_cipher',
    ])
    .where('m.street_id', '=', streetId)
    .where('m.active', '=', true);
}

type MemberRow = Awaited<ReturnType<ReturnType<typeof memberRows>['executeTakeFirstOrThrow']>>;

/** A member as people read them: names for codes, no phone or ID number. */
function memberItem(m: MemberRow) {
  return {
    id: m.id,
    name: m.name,
    org: m.org,
    status: memberStatusNames[m.status].zh,
    relation: memberRelationNames[m.relation].zh,
    category: memberCategoryNames[m.category].zh,
    joinedOn: m.joined_on,
    householdMarked: m.household_marked,
    address: m.address,
    post: m.post,
    servicesThisYear: m.n ?? 0,
    hoursThisYear: Number(m.hours ?? 0),
  };
}

/** The members of organisations (names, posts and this year's service; no ID numbers or phones). */
export async function membersOf(db: Executor, streetId: string, orgIds: readonly number[]) {
  const rows = await memberRows(db, streetId)
    .where('m.org_id', 'in', [...orgIds, 0])
    .orderBy('o.id')
    .orderBy('m.id')
    .execute();
  return rows.map(memberItem);
}

/** One member (an active one of the street), with their sealed phone and ID number for a card that masks them. */
export async function memberOfStreet(db: Executor, streetId: string, id: number) {
  const m = await memberRows(db, streetId).where('m.id', '=', id).executeTakeFirstOrThrow();
  return { ...memberItem(m), phoneCipher: m.phone_cipher, idCipher: m.id_cipher };
}
