import { sql } from 'kysely';
import {
  boardStateNames,
  memberCategoryNames,
  memberStatusNames,
  officerPostNames,
  orgLevelNames,
  partySettingsSchema,
  type OrgNode,
} from '../../../contracts/party.js';
import type { boardStates } from '../../../contracts/party.js';

type BoardState = (typeof boardStates)[number];
import type { Executor } from '../../core/db.js';
import { readSettings } from '../../core/settings.js';
import { notFound } from '../../core/errors.js';

export const ORG = { zh: '党组织', en: 'Party organisation' };
export const MEMBER = { zh: '党员', en: 'Party member' };

/** A region node with its street and level, or undefined. */
export function regionOf(db: Executor, code: string) {
  return db
    .selectFrom('regions')
    .select(['code', 'name', 'level', 'path', 'street_id'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** The community of a path (`/35/…/street/community/…`), or null above communities. */
export function communityOfPath(path: string): string | null {
  const c = path.split('/')[5];
  return c?.length === 12 ? c : null;
}

/** The community's own path of a path at or below it (`/35/…/street/community/`). */
export function communityPathOf(path: string): string {
  return path.split('/').slice(0, 6).join('/') + '/';
}

/** An organisation of the street (any street the actor names): its place and level. */
export async function orgOf(db: Executor, id: number, streets: readonly string[]) {
  const row = await db
    .selectFrom('party_orgs')
    .selectAll()
    .$if(streets.length > 0, (q) => q.where('street_id', 'in', [...streets]))
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!row) throw notFound(ORG);
  return row;
}

export const year = () => new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

/** This year's services per member of the street (count and hours). */
export function servedThisYear(db: Executor, streetId: string) {
  return db
    .selectFrom('party_services')
    .select(['member_id', sql<number>`count(*)::int`.as('n'), sql<string>`sum(hours)`.as('hours')])
    .where('street_id', '=', streetId)
    .where('served_on', '>=', `${year()}-01-01`)
    .groupBy('member_id');
}

/**
 * The organisations under a place (a community: its committee and below; a street: all), as a
 * tree with officers and member counts — no member's name beyond the officers'.
 */
export async function orgTree(db: Executor, streetId: string, underPath: string): Promise<OrgNode[]> {
  const orgs = await db
    .selectFrom('party_orgs as o')
    .innerJoin('regions as r', 'r.code', 'o.region_code')
    .leftJoin('buildings as b', (j) => j.onRef('b.street_id', '=', 'o.street_id').onRef('b.id', '=', 'o.building_id'))
    .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'o.street_id').onRef('e.id', '=', 'o.estate_id'))
    .select([
      'o.id',
      'o.parent_id',
      'o.level',
      'o.kind',
      'o.name',
      'o.region_code',
      'r.name as region_name',
      'b.name as building',
      'e.name as estate',
      sql<number>`(SELECT count(*)::int FROM party_members m WHERE m.street_id = ${streetId} AND m.org_id = o.id
        AND m.active)`.as('members'),
    ])
    .where('o.street_id', '=', streetId)
    .where('o.active', '=', true)
    .where('o.region_path', 'like', `${underPath}%`)
    .orderBy('o.level')
    .orderBy('o.id')
    .execute();
  const officers = await db
    .selectFrom('party_officers as f')
    .leftJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'f.street_id').onRef('a.id', '=', 'f.agency_id'))
    .select(['f.id', 'f.org_id', 'f.post', 'f.name', 'f.part_time', 'a.name as unit', 'f.term_start', 'f.term_end'])
    .where('f.street_id', '=', streetId)
    .where('f.org_id', 'in', orgs.map((o) => o.id).concat([0]))
    .where((eb) => eb.or([eb('f.term_end', 'is', null), eb('f.term_end', '>=', sql<string>`current_date`)]))
    .orderBy('f.id')
    .execute();
  const nodes = new Map<number, OrgNode>();
  for (const o of orgs)
    nodes.set(o.id, {
      id: o.id,
      level: o.level,
      levelName: orgLevelNames[o.level].zh,
      kind: o.kind,
      name: o.name,
      region: o.region_code,
      regionName: o.region_name,
      building: o.building,
      estate: o.estate,
      members: o.members,
      officers: officers
        .filter((f) => f.org_id === o.id)
        .map((f) => ({
          id: f.id,
          post: f.post,
          postName: officerPostNames[f.post].zh,
          name: f.name,
          partTime: f.part_time,
          unit: f.unit,
          termStart: f.term_start,
          termEnd: f.term_end,
        })),
      children: [],
    });
  const roots: OrgNode[] = [];
  for (const o of orgs) {
    const node = nodes.get(o.id) as OrgNode;
    const parent = o.parent_id !== null ? nodes.get(o.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The ids of an organisation and every organisation under it. */
export async function subtreeOf(db: Executor, streetId: string, orgId: number): Promise<number[]> {
  const r = await sql<{ id: number }>`
    WITH RECURSIVE t AS (
      SELECT id FROM party_orgs WHERE street_id = ${streetId} AND id = ${orgId}
      UNION ALL
      SELECT o.id FROM party_orgs o JOIN t ON o.parent_id = t.id WHERE o.street_id = ${streetId} AND o.active)
    SELECT id FROM t`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

/** Whether the user is a serving officer of one of these organisations (they may read its members). */
export async function isOfficerOf(db: Executor, streetId: string, userId: number, orgIds: readonly number[]) {
  const r = await db
    .selectFrom('party_officers as f')
    .innerJoin('party_members as m', (j) =>
      j.onRef('m.street_id', '=', 'f.street_id').onRef('m.id', '=', 'f.member_id'),
    )
    .select('f.id')
    .where('f.street_id', '=', streetId)
    .where('f.org_id', 'in', [...orgIds, 0])
    .where('m.user_id', '=', userId)
    .where((eb) => eb.or([eb('f.term_end', 'is', null), eb('f.term_end', '>=', sql<string>`current_date`)]))
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * The 双报到 board of a community: every registration with its state — waiting, registered but
 * not yet serving, serving, or silent (fewer services this year than the yearly minimum, once the
 * first quarter is out), and not approved.
 */
export async function boardOf(db: Executor, streetId: string, community: string, minimum: number) {
  const rows = await db
    .selectFrom('dual_registrations as d')
    .innerJoin('party_members as m', (j) =>
      j.onRef('m.street_id', '=', 'd.street_id').onRef('m.id', '=', 'd.member_id'),
    )
    .leftJoin('party_posts as p', (j) => j.onRef('p.street_id', '=', 'd.street_id').onRef('p.id', '=', 'd.post_id'))
    .leftJoin(servedThisYear(db, streetId).as('s'), 's.member_id', 'm.id')
    .select([
      'd.id',
      'm.id as member_id',
      'm.name',
      'd.employer',
      'd.status',
      'p.name as post',
      'd.requested_at',
      's.n',
      's.hours',
    ])
    .where('d.street_id', '=', streetId)
    .where('d.community_code', '=', community)
    .orderBy(sql`d.status = 'requested'`, 'desc') // what waits for the secretary first
    .orderBy('d.requested_at', 'desc')
    .execute();
  const items = rows.map((r) => {
    const n = r.n ?? 0;
    const state = boardState(r.status, n, minimum);

    return {
      id: r.id,
      memberId: r.member_id,
      name: r.name,
      employer: r.employer,
      state,
      stateName: boardStateNames[state].zh,
      post: r.post,
      requestedAt: r.requested_at.toISOString(),
      servicesThisYear: n,
      hoursThisYear: Number(r.hours ?? 0),
    };
  });
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.state] = (counts[i.state] ?? 0) + 1;
  return { items, counts, yearlyMinimum: minimum };
}

/**
 * Where a registration stands: waiting or turned down; approved and serving (at least the yearly
 * minimum of services), silent (fewer), or approved with no minimum set and no service yet.
 */
export function boardState(
  status: 'requested' | 'approved' | 'rejected',
  services: number,
  minimum: number,
): BoardState {
  if (status !== 'approved') return status;
  if (services >= minimum && services > 0) return 'serving';
  return minimum > 0 ? 'silent' : 'approved';
}

/** A signed-in member's own record (null when the account is no party member's). */
export async function myRecord(db: Executor, userId: number, minimum: number) {
  const m = await db
    .selectFrom('party_members as m')
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'm.street_id').onRef('o.id', '=', 'm.org_id'))
    .select(['m.id', 'm.street_id', 'm.name', 'o.name as org', 'm.status', 'm.category'])
    .where('m.user_id', '=', userId)
    .where('m.active', '=', true)
    .executeTakeFirst();
  if (!m) return null;
  const reg = await db
    .selectFrom('dual_registrations as d')
    .innerJoin('regions as r', 'r.code', 'd.community_code')
    .leftJoin('party_posts as p', (j) => j.onRef('p.street_id', '=', 'd.street_id').onRef('p.id', '=', 'd.post_id'))
    .select(['r.name as community', 'd.status', 'p.name as post'])
    .where('d.street_id', '=', m.street_id)
    .where('d.member_id', '=', m.id)
    .orderBy('d.requested_at', 'desc')
    .executeTakeFirst();
  const services = await db
    .selectFrom('party_services')
    .select(['id', 'served_on', 'hours', 'what'])
    .where('street_id', '=', m.street_id)
    .where('member_id', '=', m.id)
    .where('served_on', '>=', `${year()}-01-01`)
    .orderBy('served_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const state = reg ? boardState(reg.status, services.length, minimum) : null;
  return {
    member: {
      id: m.id,
      name: m.name,
      org: m.org,
      status: memberStatusNames[m.status].zh,
      category: memberCategoryNames[m.category].zh,
      post: reg?.status === 'approved' ? reg.post : null,
      registration: reg && state ? { community: reg.community, state, stateName: boardStateNames[state].zh } : null,
    },
    services: services.map((s) => ({ id: s.id, servedOn: s.served_on, hours: Number(s.hours), what: s.what })),
    thisYear: {
      services: services.length,
      hours: services.reduce((n, s) => n + Number(s.hours), 0),
      minimum,
    },
  };
}

/** A community's posts (设岗定责) with how many reported members hold each. */
export async function postsOf(db: Executor, streetId: string, community: string) {
  const rows = await db
    .selectFrom('party_posts as p')
    .select([
      'p.id',
      'p.name',
      (eb) =>
        eb
          .selectFrom('dual_registrations as d')
          .select((x) => x.fn.countAll<number>().as('n'))
          .where('d.street_id', '=', streetId)
          .whereRef('d.post_id', '=', 'p.id')
          .where('d.status', '=', 'approved')
          .as('holders'),
    ])
    .where('p.street_id', '=', streetId)
    .where('p.community_code', '=', community)
    .where('p.active', '=', true)
    .orderBy('p.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, holders: Number(r.holders ?? 0) }));
}

/** Services a registered member should give each year (the street's party settings). */
export const minimumOf = async (db: Executor, streetId: string) =>
  (await readSettings(db, streetId, 'party', partySettingsSchema)).yearlyMinimumServices;

/** A community by code, as a permission target with its code (404 for anything else). */
export async function communityTarget(db: Executor, code: string) {
  const c = await regionOf(db, code);
  if (!c?.street_id || c.level !== 'community') throw notFound({ zh: '社区', en: 'Community' });
  return { streetId: c.street_id, regionPath: c.path, code: c.code };
}
