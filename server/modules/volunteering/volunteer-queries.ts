import { sql } from 'kysely';
import { gradeNames, recordKindNames } from '../../../contracts/volunteering.js';
import type { Executor } from '../../core/db.js';
import { starsOf } from './checkin.js';
import { volunteeringSettingsOf } from './settings.js';

const ymd = (d: Date | string) =>
  typeof d === 'string' ? d.slice(0, 10) : new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The volunteers of a community (registered there), with teams, confirmed hours and stars; by name or number. */
export async function volunteersOf(db: Executor, streetId: string, community: string, q?: string) {
  let query = db
    .selectFrom('volunteers as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .leftJoin('residents as r', (j) => j.onRef('r.street_id', '=', 'v.street_id').onRef('r.id', '=', 'v.resident_id'))
    .select([
      'v.id',
      'v.volunteer_no',
      'v.skills',
      'v.registered_at',
      'v.resident_id',
      (eb) => eb.fn.coalesce('r.name', 'u.display_name').as('name'),
      (eb) =>
        eb
          .selectFrom('service_records as s')
          .select(sql<string>`coalesce(sum(s.hours) FILTER (WHERE s.confirmed_at IS NOT NULL), 0)`.as('h'))
          .whereRef('s.street_id', '=', 'v.street_id')
          .whereRef('s.volunteer_id', '=', 'v.id')
          .as('hours'),
      (eb) =>
        eb
          .selectFrom('team_members as m')
          .innerJoin('volunteer_teams as t', (j) =>
            j.onRef('t.street_id', '=', 'm.street_id').onRef('t.id', '=', 'm.team_id'),
          )
          .select(sql<string[]>`coalesce(array_agg(t.name ORDER BY t.name), '{}')`.as('n'))
          .whereRef('m.street_id', '=', 'v.street_id')
          .whereRef('m.volunteer_id', '=', 'v.id')
          .as('teams'),
    ])
    .where('v.street_id', '=', streetId)
    .where('v.community_code', '=', community);
  if (q)
    query = query.where((eb) =>
      eb.or([
        eb('v.volunteer_no', '=', q),
        eb('r.name', 'like', `%${q.replace(/[%_\\]/g, '')}%`),
        eb('u.display_name', 'like', `%${q.replace(/[%_\\]/g, '')}%`),
      ]),
    );
  const rows = await query.orderBy('v.id').limit(300).execute();
  const { starHours } = await volunteeringSettingsOf(db, streetId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    volunteerNo: r.volunteer_no,
    skills: r.skills,
    teams: r.teams ?? [],
    hours: Number(r.hours ?? 0),
    stars: starsOf(Number(r.hours ?? 0), starHours).stars,
    realName: r.resident_id !== null,
    registeredAt: r.registered_at.toISOString(),
  }));
}

/** A volunteer's five kinds of record: basics, service (check-ins), training, awards and evaluations. */
export async function volunteerProfileOf(db: Executor, streetId: string, id: number) {
  const v = await db
    .selectFrom('volunteers as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .innerJoin('regions as c', 'c.code', 'v.community_code')
    .leftJoin('residents as r', (j) => j.onRef('r.street_id', '=', 'v.street_id').onRef('r.id', '=', 'v.resident_id'))
    .select([
      'v.id',
      'v.volunteer_no',
      'v.skills',
      'v.availability',
      'v.registered_at',
      'v.resident_id',
      'v.community_code',
      'c.name as community',
      (eb) => eb.fn.coalesce('r.name', 'u.display_name').as('name'),
    ])
    .where('v.street_id', '=', streetId)
    .where('v.id', '=', id)
    .executeTakeFirst();
  if (!v) return null;
  const service = await db
    .selectFrom('service_records as s')
    .innerJoin('activities as a', (j) => j.onRef('a.street_id', '=', 's.street_id').onRef('a.id', '=', 's.activity_id'))
    .innerJoin('regions as c', 'c.code', 'a.community_code')
    .select(['s.id', 'a.title', 'a.starts_at', 's.hours', 's.confirmed_at', 'c.name'])
    .where('s.street_id', '=', streetId)
    .where('s.volunteer_id', '=', id)
    .orderBy('a.starts_at', 'desc')
    .limit(300)
    .execute();
  const records = await db
    .selectFrom('volunteer_records')
    .selectAll()
    .where('street_id', '=', streetId)
    .where('volunteer_id', '=', id)
    .orderBy('on_date', 'desc')
    .execute();
  const teams = await db
    .selectFrom('team_members as m')
    .innerJoin('volunteer_teams as t', (j) =>
      j.onRef('t.street_id', '=', 'm.street_id').onRef('t.id', '=', 'm.team_id'),
    )
    .select('t.name')
    .where('m.street_id', '=', streetId)
    .where('m.volunteer_id', '=', id)
    .execute();
  const hours = service.filter((s) => s.confirmed_at).reduce((n, s) => n + Math.round(Number(s.hours) * 100), 0) / 100;
  const { starHours } = await volunteeringSettingsOf(db, streetId);
  return {
    id: v.id,
    name: v.name,
    volunteerNo: v.volunteer_no,
    skills: v.skills,
    teams: teams.map((t) => t.name),
    hours,
    stars: starsOf(hours, starHours).stars,
    realName: v.resident_id !== null,
    registeredAt: v.registered_at.toISOString(),
    community: v.community,
    communityCode: v.community_code,
    availability: v.availability,
    service: service.map((s) => ({
      id: s.id,
      activity: s.title,
      date: ymd(s.starts_at),
      hours: s.hours === null ? null : Number(s.hours),
      confirmed: s.confirmed_at !== null,
      community: s.name,
    })),
    records: records.map((r) => ({
      id: r.id,
      kind: r.kind,
      kindName: recordKindNames[r.kind].zh,
      onDate: ymd(r.on_date as unknown as Date | string),
      title: r.title,
      detail: r.detail,
      hours: r.hours === null ? null : Number(r.hours),
      grade: r.grade ? gradeNames[r.grade].zh : null,
    })),
  };
}

/** A community's teams: leader, party group, members, and this year's activities and confirmed hours. */
export async function teamsOf(db: Executor, streetId: string, community: string, year = new Date().getFullYear()) {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const rows = await db
    .selectFrom('volunteer_teams as t')
    .leftJoin('volunteers as l', (j) => j.onRef('l.street_id', '=', 't.street_id').onRef('l.id', '=', 't.leader_id'))
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .leftJoin('residents as r', (j) => j.onRef('r.street_id', '=', 'l.street_id').onRef('r.id', '=', 'l.resident_id'))
    .leftJoin('party_orgs as o', (j) => j.onRef('o.street_id', '=', 't.street_id').onRef('o.id', '=', 't.party_org_id'))
    .select([
      't.id',
      't.name',
      't.party_group',
      't.party_org_id',
      'o.name as party_org',
      (eb) => eb.fn.coalesce('r.name', 'u.display_name').as('leader'),
      (eb) =>
        eb
          .selectFrom('team_members as m')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('m.street_id', '=', 't.street_id')
          .whereRef('m.team_id', '=', 't.id')
          .as('members'),
      (eb) =>
        eb
          .selectFrom('activities as a')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('a.street_id', '=', 't.street_id')
          .whereRef('a.team_id', '=', 't.id')
          .where('a.starts_at', '>=', from)
          .where('a.starts_at', '<', to)
          .as('activities'),
      (eb) =>
        eb
          .selectFrom('activities as a')
          .innerJoin('service_records as s', (j) =>
            j.onRef('s.street_id', '=', 'a.street_id').onRef('s.activity_id', '=', 'a.id'),
          )
          .select(sql<string>`coalesce(sum(s.hours) FILTER (WHERE s.confirmed_at IS NOT NULL), 0)`.as('h'))
          .whereRef('a.street_id', '=', 't.street_id')
          .whereRef('a.team_id', '=', 't.id')
          .where('a.starts_at', '>=', from)
          .where('a.starts_at', '<', to)
          .as('hours'),
    ])
    .where('t.street_id', '=', streetId)
    .where('t.community_code', '=', community)
    .orderBy('t.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    leader: r.leader,
    partyGroup: r.party_org ?? r.party_group,
    partyOrgId: r.party_org_id,
    members: Number(r.members ?? 0),
    hoursYear: Number(r.hours ?? 0),
    activitiesYear: Number(r.activities ?? 0),
  }));
}
