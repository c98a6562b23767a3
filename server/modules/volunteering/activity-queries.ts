import { sql } from 'kysely';
import type { Actor } from '../../core/access.js';
import type { Executor } from '../../core/db.js';
import { starsOf } from './checkin.js';
import { organises } from './commands/activities.js';
import { volunteeringSettingsOf } from './settings.js';

/** A community's activities, newest first, with places taken and the reader's own sign-up and check-in. */
export async function activitiesOf(db: Executor, actor: Actor, streetId: string, community: string) {
  const mine = await db
    .selectFrom('volunteers')
    .select('id')
    .where('street_id', '=', streetId)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('activities as a')
    .innerJoin('users as u', 'u.id', 'a.organiser_id')
    .innerJoin('regions as c', 'c.code', 'a.community_code')
    .leftJoin('agencies as g', (j) => j.onRef('g.street_id', '=', 'a.street_id').onRef('g.id', '=', 'a.unit_id'))
    .leftJoin('volunteer_teams as t', (j) => j.onRef('t.street_id', '=', 'a.street_id').onRef('t.id', '=', 'a.team_id'))
    .leftJoin('activity_signups as s', (j) =>
      j
        .onRef('s.street_id', '=', 'a.street_id')
        .onRef('s.activity_id', '=', 'a.id')
        .on('s.volunteer_id', '=', mine?.id ?? -1),
    )
    .leftJoin('service_records as r', (j) =>
      j
        .onRef('r.street_id', '=', 'a.street_id')
        .onRef('r.activity_id', '=', 'a.id')
        .on('r.volunteer_id', '=', mine?.id ?? -1),
    )
    .select([
      'a.id',
      'a.title',
      'a.address',
      'a.starts_at',
      'a.ends_at',
      'a.capacity',
      'a.state',
      'a.organiser_id',
      'a.community_code',
      'u.display_name',
      (eb) => eb.fn.coalesce('g.name', 't.name', 'c.name').as('organised_by'),
      's.state as mine',
      'r.checkin_at',
      'r.checkout_at',
      (eb) =>
        eb
          .selectFrom('activity_signups as x')
          .select(sql<string>`count(*) FILTER (WHERE x.state = 'signed')`.as('n'))
          .whereRef('x.street_id', '=', 'a.street_id')
          .whereRef('x.activity_id', '=', 'a.id')
          .as('signed'),
      (eb) =>
        eb
          .selectFrom('activity_signups as x')
          .select(sql<string>`count(*) FILTER (WHERE x.state = 'waiting')`.as('n'))
          .whereRef('x.street_id', '=', 'a.street_id')
          .whereRef('x.activity_id', '=', 'a.id')
          .as('waiting'),
    ])
    .where('a.street_id', '=', streetId)
    .where('a.community_code', '=', community)
    .orderBy('a.starts_at', 'desc')
    .limit(100)
    .execute();
  const out = [];
  for (const r of rows)
    out.push({
      id: r.id,
      title: r.title,
      address: r.address,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      capacity: r.capacity,
      signed: Number(r.signed ?? 0),
      waiting: Number(r.waiting ?? 0),
      organiser: r.display_name,
      organisedBy: r.organised_by,
      state: r.state,
      mine: r.mine ?? ('none' as const),
      checkedIn: r.checkin_at !== null,
      checkedOut: r.checkout_at !== null,
      organising: await organises(db, actor, { organiser_id: r.organiser_id, community_code: r.community_code }),
    });
  return out;
}

/** An activity's service records for its organiser: who, when, how long, flagged, confirmed (late when past the days). */
export async function recordsOf(db: Executor, streetId: string, activityId: number) {
  const { confirmDays } = await volunteeringSettingsOf(db, streetId);
  const rows = await db
    .selectFrom('service_records as r')
    .innerJoin('volunteers as v', (j) =>
      j.onRef('v.street_id', '=', 'r.street_id').onRef('v.id', '=', 'r.volunteer_id'),
    )
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .select([
      'r.id',
      'u.display_name',
      'v.volunteer_no',
      'r.checkin_at',
      'r.checkout_at',
      'r.hours',
      'r.flagged',
      'r.confirmed_at',
    ])
    .where('r.street_id', '=', streetId)
    .where('r.activity_id', '=', activityId)
    .orderBy('r.checkin_at')
    .execute();
  const limit = confirmDays * 86_400_000;
  return rows.map((r) => ({
    id: r.id,
    volunteer: r.display_name,
    volunteerNo: r.volunteer_no,
    checkinAt: r.checkin_at.toISOString(),
    checkoutAt: r.checkout_at?.toISOString() ?? null,
    hours: r.hours === null ? null : Number(r.hours),
    flagged: r.flagged,
    confirmedAt: r.confirmed_at?.toISOString() ?? null,
    late: r.checkout_at !== null && (r.confirmed_at ?? new Date()).getTime() - r.checkout_at.getTime() > limit,
  }));
}

/** A volunteer's confirmed hours, star level and records. */
export async function hoursOfUser(db: Executor, streetIds: readonly string[], userId: number) {
  const v = await db
    .selectFrom('volunteers')
    .select(['street_id', 'id', 'volunteer_no'])
    .where('street_id', 'in', [...streetIds, ''])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!v) return { volunteerNo: null, hours: 0, stars: 0, nextStarHours: 100, records: [] };
  const rows = await db
    .selectFrom('service_records as r')
    .innerJoin('activities as a', (j) => j.onRef('a.street_id', '=', 'r.street_id').onRef('a.id', '=', 'r.activity_id'))
    .select(['a.title', 'r.checkin_at', 'r.hours', 'r.confirmed_at'])
    .where('r.street_id', '=', v.street_id)
    .where('r.volunteer_id', '=', v.id)
    .orderBy('r.checkin_at', 'desc')
    .limit(200)
    .execute();
  const { starHours } = await volunteeringSettingsOf(db, v.street_id);
  const total = await db
    .selectFrom('service_records')
    .select(sql<string>`coalesce(sum(hours) FILTER (WHERE confirmed_at IS NOT NULL), 0)`.as('h'))
    .where('street_id', '=', v.street_id)
    .where('volunteer_id', '=', v.id)
    .executeTakeFirstOrThrow();
  const hours = Number(total.h);
  const s = starsOf(hours, starHours);
  return {
    volunteerNo: v.volunteer_no,
    hours,
    stars: s.stars,
    nextStarHours: s.next,
    records: rows.map((r) => ({
      activity: r.title,
      date: new Date(r.checkin_at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
      hours: r.hours === null ? null : Number(r.hours),
      confirmed: r.confirmed_at !== null,
    })),
  };
}

/** Who organises an activity and where (for the organiser-only views). */
export function organiserOf(db: Executor, streetId: string, id: number) {
  return db
    .selectFrom('activities')
    .select(['organiser_id', 'community_code'])
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
}
