import { sql } from 'kysely';
import { boardStateNames } from '../../../contracts/party.js';
import type { Executor } from '../../core/db.js';
import { boardState, year } from './queries.js';

/** A unit's reports with their post and this year's services (count and person-hours). */
function reports(db: Executor, streetId: string) {
  const served = db
    .selectFrom('party_unit_services')
    .select(['report_id', sql<number>`count(*)::int`.as('n'), sql<string>`sum(people * hours)`.as('person_hours')])
    .where('street_id', '=', streetId)
    .where('served_on', '>=', `${year()}-01-01`)
    .groupBy('report_id');
  return db
    .selectFrom('party_unit_reports as u')
    .innerJoin('agencies as a', (j) => j.onRef('a.street_id', '=', 'u.street_id').onRef('a.id', '=', 'u.agency_id'))
    .innerJoin('regions as c', 'c.code', 'u.community_code')
    .leftJoin('party_units as pu', (j) =>
      j.onRef('pu.street_id', '=', 'u.street_id').onRef('pu.agency_id', '=', 'u.agency_id'),
    )
    .leftJoin('party_posts as p', (j) => j.onRef('p.street_id', '=', 'u.street_id').onRef('p.id', '=', 'u.post_id'))
    .leftJoin(served.as('s'), 's.report_id', 'u.id')
    .select([
      'u.id',
      'u.agency_id',
      'a.name as unit',
      'pu.party_branch as branch',
      'u.members',
      'u.status',
      'u.note',
      'p.name as post',
      'u.requested_at',
      'u.community_code',
      'c.name as community_name',
      's.n',
      's.person_hours',
    ])
    .where('u.street_id', '=', streetId);
}

type Row = Awaited<ReturnType<ReturnType<typeof reports>['execute']>>[number];

function itemOf(r: Row, minimum: number) {
  const n = r.n ?? 0;
  const state = boardState(r.status, n, minimum);
  return {
    id: r.id,
    agencyId: r.agency_id,
    unit: r.unit,
    branch: r.branch,
    members: r.members,
    state,
    stateName: boardStateNames[state].zh,
    post: r.post,
    note: r.note,
    requestedAt: r.requested_at.toISOString(),
    servicesThisYear: n,
    personHoursThisYear: Number(r.person_hours ?? 0),
  };
}

/** The units reported to a community: waiting first, then by when they asked. */
export async function unitReportBoardOf(db: Executor, streetId: string, community: string, minimum: number) {
  const rows = await reports(db, streetId)
    .where('u.community_code', '=', community)
    .orderBy(sql`u.status = 'requested'`, 'desc')
    .orderBy('u.requested_at', 'desc')
    .execute();
  const items = rows.map((r) => itemOf(r, minimum));
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.state] = (counts[i.state] ?? 0) + 1;
  return { items, counts, yearlyMinimum: minimum };
}

/** A unit's own reports (every community), each with its services of this year and last. */
export async function myUnitReportsOf(db: Executor, streetId: string, agencyId: number, minimum: number) {
  const rows = await reports(db, streetId)
    .where('u.agency_id', '=', agencyId)
    .orderBy('u.requested_at', 'desc')
    .execute();
  const services = rows.length
    ? await db
        .selectFrom('party_unit_services')
        .select(['id', 'report_id', 'served_on', 'people', 'hours', 'what'])
        .where('street_id', '=', streetId)
        .where(
          'report_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('served_on', '>=', `${year() - 1}-01-01`)
        .orderBy('served_on', 'desc')
        .execute()
    : [];
  const communities = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('street_id', '=', streetId)
    .where('level', '=', 'community')
    .orderBy('code')
    .execute();
  return {
    communities,
    items: rows.map((r) => ({
      ...itemOf(r, minimum),
      community: r.community_code,
      communityName: r.community_name,
      services: services
        .filter((s) => s.report_id === r.id)
        .map((s) => ({ id: s.id, servedOn: s.served_on, people: s.people, hours: Number(s.hours), what: s.what })),
    })),
  };
}
