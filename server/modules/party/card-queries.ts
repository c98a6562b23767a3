import { sql } from 'kysely';
import { officerPostNames } from '../../../contracts/party.js';
import type { Executor } from '../../core/db.js';
import { notFound } from '../../core/errors.js';
import { decrypt, maskIdNumber, maskPhone, type Keyring } from '../../core/pii/index.js';
import { localDate } from '../cases/index.js';
import { homesOf, memberOfStreet } from './member-queries.js';
import { communityPathOf, MEMBER } from './queries.js';

/** A member by id in the actor's streets, with their organisation's place (the permission target). */
export async function memberOf(db: Executor, id: number, streets: readonly string[]) {
  const m = await db
    .selectFrom('party_members as m')
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'm.street_id').onRef('o.id', '=', 'm.org_id'))
    .select(['m.street_id', 'm.id', 'm.org_id', 'o.region_path', 'm.user_id'])
    .$if(streets.length > 0, (q) => q.where('m.street_id', 'in', [...streets]))
    .where('m.id', '=', id)
    .where('m.active', '=', true)
    .executeTakeFirst();
  if (!m) throw notFound(MEMBER);
  return m;
}

/**
 * A member's card: who they are (phone and ID number masked), where they live, their organisation
 * and officer posts, their 双报到 and post, and their services (this year and last).
 */
export async function memberCardOf(db: Executor, keyring: Keyring, streetId: string, id: number, minimum: number) {
  const m = await memberOfStreet(db, streetId, id);
  const officers = await db
    .selectFrom('party_officers as f')
    .innerJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 'f.street_id').onRef('o.id', '=', 'f.org_id'))
    .select(['o.name', 'f.post'])
    .where('f.street_id', '=', streetId)
    .where('f.member_id', '=', id)
    .where((eb) => eb.or([eb('f.term_end', 'is', null), eb('f.term_end', '>=', localDate(new Date()))]))
    .execute();
  const reg = await db
    .selectFrom('dual_registrations as d')
    .leftJoin('party_posts as p', (j) => j.onRef('p.street_id', '=', 'd.street_id').onRef('p.id', '=', 'd.post_id'))
    .select(['d.employer', 'd.status', 'd.requested_at', 'p.name as post'])
    .where('d.street_id', '=', streetId)
    .where('d.member_id', '=', id)
    .orderBy('d.requested_at', 'desc')
    .executeTakeFirst();
  const year = localDate(new Date()).slice(0, 4);
  const services = await db
    .selectFrom('party_services')
    .select(['id', 'served_on', 'hours', 'what'])
    .where('street_id', '=', streetId)
    .where('member_id', '=', id)
    .where('served_on', '>=', `${Number(year) - 1}-01-01`)
    .orderBy('served_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const thisYear = services.filter((s) => s.served_on >= `${year}-01-01`);
  return {
    id: m.id,
    name: m.name,
    org: m.org,
    status: m.status,
    relation: m.relation,
    category: m.category,
    joinedOn: m.joinedOn,
    householdMarked: m.householdMarked,
    address: m.address,
    phone: m.phoneCipher ? maskPhone(decrypt(keyring, m.phoneCipher)) : null,
    idNumber: m.idCipher ? maskIdNumber(decrypt(keyring, m.idCipher)) : null,
    officerPosts: officers.map((o) => `${o.name} · ${officerPostNames[o.post].zh}`),
    post: reg?.status === 'approved' ? reg.post : null,
    registration: reg
      ? {
          employer: reg.employer,
          state: { requested: '待审核', approved: '已报到', rejected: '未通过' }[reg.status],
          requestedAt: reg.requested_at.toISOString(),
        }
      : null,
    services: services.map((s) => ({ id: s.id, servedOn: s.served_on, hours: Number(s.hours), what: s.what })),
    thisYear: { services: thisYear.length, hours: thisYear.reduce((n, s) => n + Number(s.hours), 0), minimum },
  };
}

/** The open tasks of the member's community put out to members, and whether they (or another) claimed each. */
export async function tasksFor(db: Executor, member: { id: number; street_id: string; region_path: string }) {
  const community = communityPathOf(member.region_path);
  const rows = await db
    .selectFrom('party_resolutions as r')
    .innerJoin('party_meetings as m', (j) =>
      j.onRef('m.street_id', '=', 'r.street_id').onRef('m.id', '=', 'r.meeting_id'),
    )
    .innerJoin('regions as c', 'c.code', 'm.community_code')
    .innerJoin('agencies as u', (j) =>
      j.onRef('u.street_id', '=', 'r.street_id').onRef('u.id', '=', 'r.lead_agency_id'),
    )
    .select(['r.id', 'r.what', 'm.title', 'r.due_on', 'u.name as lead', 'r.claimed_by'])
    .where('r.street_id', '=', member.street_id)
    .where('r.for_members', '=', true)
    .where('r.done_on', 'is', null)
    .where('c.path', '=', community)
    .where((eb) => eb.or([eb('r.claimed_by', 'is', null), eb('r.claimed_by', '=', member.id)]))
    .orderBy('r.due_on')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    what: r.what,
    meeting: r.title,
    dueOn: r.due_on,
    lead: r.lead,
    claimedByMe: r.claimed_by === member.id,
    claimed: r.claimed_by !== null,
  }));
}

/** Households marked 共产党员户 (亮身份) in a street: a member who lives there chose to show it. */
function markedHouseholds(db: Executor, streetId: string) {
  return db
    .selectFrom('party_members as m')
    .innerJoin(homesOf(db, streetId).as('home'), 'home.resident_id', 'm.resident_id')
    .select(['home.household_id', 'home.building_id', 'home.grid_path'])
    .distinct()
    .where('m.street_id', '=', streetId)
    .where('m.active', '=', true)
    .where('m.household_marked', '=', true)
    .where('home.status', '=', 'active');
}

/** The households of a building that show 共产党员户. */
export async function markedOfBuilding(db: Executor, streetId: string, buildingId: number) {
  const rows = await markedHouseholds(db, streetId).where('home.building_id', '=', buildingId).execute();
  return rows.map((r) => r.household_id);
}

/** The party layer of a community's map: each grid's branch and 共产党员户, each building's group and 共产党员户. */
export async function partyLayerOf(db: Executor, streetId: string, communityPath: string) {
  const like = `${communityPath.replace(/[\\%_]/g, '\\$&')}%`;
  const [orgs, marked, buildings] = await Promise.all([
    db
      .selectFrom('party_orgs')
      .select(['name', 'level', 'region_code', 'building_id'])
      .where('street_id', '=', streetId)
      .where('active', '=', true)
      .where('region_path', 'like', like)
      .where('level', 'in', ['branch', 'group'])
      .execute(),
    markedHouseholds(db, streetId).where('home.grid_path', 'like', like).execute(),
    db
      .selectFrom('buildings as b')
      .leftJoin('estates as e', (j) => j.onRef('e.street_id', '=', 'b.street_id').onRef('e.id', '=', 'b.estate_id'))
      .select(['b.id', sql<string>`coalesce(e.name || ' ', '') || b.name`.as('name'), 'b.lng', 'b.lat', 'b.grid_code'])
      .where('b.street_id', '=', streetId)
      .where('b.grid_path', 'like', like)
      .orderBy('b.id')
      .execute(),
  ]);
  const grids = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('path', 'like', like)
    .where('level', '=', 'grid')
    .orderBy('code')
    .execute();
  return {
    grids: grids.map(({ code, name }) => ({
      code,
      name,
      branch: orgs.find((o) => o.level === 'branch' && o.region_code === code)?.name ?? null,
      markedHouseholds: marked.filter((m) => m.grid_path.split('/').includes(code)).length,
    })),
    buildings: buildings
      .map((b) => ({
        id: b.id,
        name: b.name,
        lng: b.lng,
        lat: b.lat,
        group: orgs.find((o) => o.level === 'group' && o.building_id === b.id)?.name ?? null,
        markedHouseholds: marked.filter((m) => m.building_id === b.id).length,
      }))
      .filter((b) => b.group !== null || b.markedHouseholds > 0),
  };
}

type EventDetail = {
  from?: number;
  to?: number;
  name?: string | null;
  oldName?: string;
  fromName?: string;
  intoName?: string;
  members?: number;
};

/** An organisation's history as people read it: set up, moved, renamed, merged — oldest first. */
export async function orgHistoryOf(db: Executor, streetId: string, orgId: number) {
  const events = await db
    .selectFrom('party_org_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.at', 'e.kind', 'e.detail', 'u.display_name as actor'])
    .where('e.street_id', '=', streetId)
    .where('e.org_id', '=', orgId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
  const details = events.map((e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) as EventDetail);
  const ids = details.flatMap((d) => [d.from, d.to].filter((x): x is number => typeof x === 'number'));
  const names = new Map(
    (
      await db
        .selectFrom('party_orgs')
        .select(['id', 'name'])
        .where('street_id', '=', streetId)
        .where('id', 'in', [...ids, 0])
        .execute()
    ).map((o) => [o.id, o.name]),
  );
  const name = (id: number | undefined) => (id === undefined ? '—' : (names.get(id) ?? String(id)));
  return events.map((e, i) => {
    const d = details[i] ?? {};
    const text =
      e.kind === 'created'
        ? '组织成立'
        : e.kind === 'renamed'
          ? `更名：「${d.oldName ?? ''}」→「${d.name ?? ''}」`
          : e.kind === 'moved'
            ? `隶属调整：由「${name(d.from)}」调整至「${name(d.to)}」${d.name ? `，更名为「${d.name}」` : ''}`
            : e.kind === 'merged'
              ? `合并：「${d.fromName ?? ''}」并入「${d.intoName ?? ''}」（党员 ${d.members ?? 0} 名）`
              : '组织撤销';
    return { id: e.id, at: e.at.toISOString(), kind: e.kind, text, actor: e.actor };
  });
}
