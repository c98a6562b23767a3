import { sql } from 'kysely';
import type { Executor } from '../../core/db.js';

const n = (v: unknown) => Number(v ?? 0);

/**
 * The year's report of a community (Beijing time): volunteers registered, new and active (confirmed hours in the
 * year), teams, activities held, confirmed hours, and the points issued (earned and awarded), spent (redeemed less
 * returned) and expired, month by month where it moves.
 */
export async function volunteeringReportOf(db: Executor, streetId: string, community: string, year: number) {
  const from = new Date(`${year}-01-01T00:00:00+08:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const people = await db
    .selectFrom('volunteers')
    .select([
      sql<string>`count(*) FILTER (WHERE registered_at < ${to})`.as('all'),
      sql<string>`count(*) FILTER (WHERE registered_at >= ${from} AND registered_at < ${to})`.as('new'),
    ])
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .executeTakeFirstOrThrow();
  const work = await db
    .selectFrom('activities as a')
    .leftJoin('service_records as s', (j) =>
      j
        .onRef('s.street_id', '=', 'a.street_id')
        .onRef('s.activity_id', '=', 'a.id')
        .on('s.confirmed_at', 'is not', null),
    )
    .select([
      sql<number>`extract(month from a.starts_at AT TIME ZONE 'Asia/Shanghai')::int`.as('month'),
      sql<string>`count(DISTINCT a.id)`.as('activities'),
      sql<string>`coalesce(sum(s.hours), 0)`.as('hours'),
      sql<string>`count(DISTINCT s.volunteer_id)`.as('active'),
    ])
    .where('a.street_id', '=', streetId)
    .where('a.community_code', '=', community)
    .where('a.state', '=', 'open')
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .groupBy(sql`1`)
    .execute();
  const active = await db
    .selectFrom('service_records as s')
    .innerJoin('activities as a', (j) => j.onRef('a.street_id', '=', 's.street_id').onRef('a.id', '=', 's.activity_id'))
    .select(sql<string>`count(DISTINCT s.volunteer_id)`.as('n'))
    .where('s.street_id', '=', streetId)
    .where('a.community_code', '=', community)
    .where('s.confirmed_at', 'is not', null)
    .where('a.starts_at', '>=', from)
    .where('a.starts_at', '<', to)
    .executeTakeFirstOrThrow();
  // the community's own accounts tell the points: issuing gives (earn, award), store takes, expiry takes
  const moves = await db
    .selectFrom('points_entries as e')
    .innerJoin('points_accounts as a', (j) =>
      j.onRef('a.street_id', '=', 'e.street_id').onRef('a.id', '=', 'e.account_id'),
    )
    .innerJoin('points_transactions as t', (j) =>
      j.onRef('t.street_id', '=', 'e.street_id').onRef('t.id', '=', 'e.transaction_id'),
    )
    .select([
      'a.kind',
      'a.unit',
      sql<number>`extract(month from t.created_at AT TIME ZONE 'Asia/Shanghai')::int`.as('month'),
      sql<string>`sum(e.amount)`.as('amount'),
    ])
    .where('e.street_id', '=', streetId)
    .where('a.community_code', '=', community)
    .where('a.kind', '<>', 'holder')
    .where('t.created_at', '>=', from)
    .where('t.created_at', '<', to)
    .groupBy(['a.kind', 'a.unit', sql`3`])
    .execute();
  const sum = (kind: string, unit = 'points', month?: number) =>
    moves
      .filter((m) => m.kind === kind && m.unit === unit && (month === undefined || Number(m.month) === month))
      .reduce((s, m) => s + n(m.amount), 0);
  const counted = await db
    .selectFrom('volunteer_teams')
    .select(sql<string>`count(*)`.as('n'))
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .executeTakeFirstOrThrow();
  const picked = await db
    .selectFrom('redemptions as r')
    .innerJoin('store_goods as g', (j) => j.onRef('g.street_id', '=', 'r.street_id').onRef('g.id', '=', 'r.goods_id'))
    .select(sql<string>`count(*)`.as('n'))
    .where('r.street_id', '=', streetId)
    .where('g.community_code', '=', community)
    .where('r.state', '=', 'picked_up')
    .where('r.created_at', '>=', from)
    .where('r.created_at', '<', to)
    .executeTakeFirstOrThrow();
  const certs = await db
    .selectFrom('certificates')
    .select(sql<string>`count(*)`.as('n'))
    .where('street_id', '=', streetId)
    .where('community_code', '=', community)
    .where('issued_at', '>=', from)
    .where('issued_at', '<', to)
    .executeTakeFirstOrThrow();
  const months = Array.from({ length: 12 }, (_, i) => {
    const w = work.find((x) => Number(x.month) === i + 1);
    return {
      month: i + 1,
      activities: n(w?.activities),
      hours: n(w?.hours),
      points: -sum('issuing', 'points', i + 1),
    };
  });
  return {
    year,
    volunteers: n(people.all),
    newVolunteers: n(people.new),
    activeVolunteers: n(active.n),
    teams: n(counted.n),
    activities: months.reduce((s, m) => s + m.activities, 0),
    hours: Math.round(months.reduce((s, m) => s + m.hours, 0) * 100) / 100,
    pointsIssued: -sum('issuing'),
    pointsSpent: sum('store'),
    pointsExpired: sum('expiry'),
    redemptions: n(picked.n),
    certificates: n(certs.n),
    bankedMinutes: -sum('issuing', 'minutes'),
    months,
  };
}
