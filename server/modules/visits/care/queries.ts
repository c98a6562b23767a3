import { sql } from 'kysely';
import { alarmStateNames, deviceKindNames } from '../../../../contracts/care.js';
import type { VisitSettings } from '../../../../contracts/visits.js';
import type { Executor } from '../../../core/db.js';
import { decrypt, maskPhone, type Keyring } from '../../../core/pii/index.js';
import { likeLiteral } from '../../../core/sql-scope.js';
import { homes, maskName } from '../queries.js';
import { subjectRows } from './subjects.js';

/** One subject with its plan: emergency contact (phone masked), the helpers' last visits, its devices. */
export async function subjectDetailOf(
  db: Executor,
  keyring: Keyring,
  s: { street_id: string; id: number; grid_path: string },
  settings: VisitSettings,
) {
  const row = (await subjectRows(db, s.street_id, s.grid_path, settings)).find((r) => r.id === s.id);
  if (!row) return undefined;
  const plan = await db
    .selectFrom('care_subjects')
    .select(['emergency_name', 'emergency_phone_cipher', 'note', 'resident_id'])
    .where('street_id', '=', s.street_id)
    .where('id', '=', s.id)
    .executeTakeFirstOrThrow();
  const checkins = await db
    .selectFrom('care_checkins as c')
    .innerJoin('care_helpers as h', (j) => j.onRef('h.street_id', '=', 'c.street_id').onRef('h.id', '=', 'c.helper_id'))
    .select(['c.at', 'c.kind', 'h.name', 'c.notes'])
    .where('c.street_id', '=', s.street_id)
    .where('c.subject_id', '=', s.id)
    .orderBy('c.at', 'desc')
    .limit(10)
    .execute();
  const devices = await db
    .selectFrom('care_devices')
    .select(['id', 'kind', 'serial', 'last_heartbeat_at', 'heartbeat_minutes'])
    .where('street_id', '=', s.street_id)
    .where('resident_id', '=', plan.resident_id)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  const now = Date.now();
  return {
    ...row,
    emergencyName: plan.emergency_name,
    emergencyPhone: plan.emergency_phone_cipher ? maskPhone(decrypt(keyring, plan.emergency_phone_cipher)) : null,
    note: plan.note,
    checkins: checkins.map((c) => ({ at: c.at.toISOString(), kind: c.kind, helper: c.name, notes: c.notes })),
    deviceList: devices.map((d) => ({
      id: d.id,
      kind: d.kind,
      serial: d.serial,
      online: d.last_heartbeat_at !== null && now - d.last_heartbeat_at.getTime() <= d.heartbeat_minutes * 60_000,
    })),
  };
}

/** A helper's pairings: the subjects they look after, with when the next visit is due. */
export async function pairingsOf(db: Executor, userId: number, settings: (streetId: string) => Promise<VisitSettings>) {
  const mine = await db
    .selectFrom('care_helpers as h')
    .innerJoin('care_subjects as s', (j) =>
      j.onRef('s.street_id', '=', 'h.street_id').onRef('s.id', '=', 'h.subject_id'),
    )
    .select(['s.street_id', 's.id', 's.grid_path'])
    .where('h.user_id', '=', userId)
    .where('h.active', '=', true)
    .where('s.active', '=', true)
    .execute();
  const items = [];
  for (const m of mine) {
    const row = (await subjectRows(db, m.street_id, m.grid_path, await settings(m.street_id))).find(
      (r) => r.id === m.id,
    );
    if (row) items.push({ ...row, name: row.shortName });
  }
  return items;
}

/** Seconds from an alarm to its first response. */
const responseOf = (raised: Date, acknowledged: Date | null) =>
  acknowledged ? Math.max(0, Math.round((acknowledged.getTime() - raised.getTime()) / 1000)) : null;

/**
 * The alarms board of a place: every open alarm and those of the last 90 days, newest first, with
 * time to first response; counts by state, the median response, devices and how many are offline.
 */
export async function alarmsOf(db: Executor, streetId: string, underPath: string, state?: string) {
  const like = `${likeLiteral(underPath)}%`;
  const rows = await db
    .selectFrom('care_alarms as a')
    .innerJoin('care_devices as d', (j) => j.onRef('d.street_id', '=', 'a.street_id').onRef('d.id', '=', 'a.device_id'))
    .innerJoin('residents as r', (j) => j.onRef('r.street_id', '=', 'd.street_id').onRef('r.id', '=', 'd.resident_id'))
    .innerJoin(homes(db, streetId).as('home'), 'home.household_id', 'd.household_id')
    .leftJoin('users as u', 'u.id', 'a.acknowledged_by')
    .select([
      'a.id',
      'a.kind',
      'r.name',
      'home.address',
      'd.serial',
      'a.raised_at',
      'a.status as state',
      'a.repeats',
      'a.case_id',
      'a.acknowledged_at',
      'u.display_name as acknowledged_by',
    ])
    .where('a.street_id', '=', streetId)
    .where('a.grid_path', 'like', like)
    .where((eb) =>
      eb.or([eb('a.status', '<>', 'closed'), eb('a.raised_at', '>=', sql<Date>`now() - interval '90 days'`)]),
    )
    .$if(state !== undefined, (q) => q.where('a.status', '=', state as 'open'))
    .orderBy(sql`a.status = 'open'`, 'desc')
    .orderBy('a.raised_at', 'desc')
    .limit(500)
    .execute();
  const counts = await db
    .selectFrom('care_alarms')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('street_id', '=', streetId)
    .where('grid_path', 'like', like)
    .where((eb) => eb.or([eb('status', '<>', 'closed'), eb('raised_at', '>=', sql<Date>`now() - interval '90 days'`)]))
    .groupBy('status')
    .execute();
  const devices = await db
    .selectFrom('care_devices')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) FILTER (WHERE last_heartbeat_at IS NULL
        OR last_heartbeat_at < now() - make_interval(mins => heartbeat_minutes))::int`.as('offline'),
    ])
    .where('street_id', '=', streetId)
    .where('grid_path', 'like', like)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  const items = rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    kindName: deviceKindNames[a.kind].zh,
    subject: maskName(a.name) ?? '',
    address: a.address,
    serial: a.serial,
    raisedAt: a.raised_at.toISOString(),
    state: a.state,
    stateName: alarmStateNames[a.state].zh,
    repeats: a.repeats,
    caseId: a.case_id,
    responseSeconds: responseOf(a.raised_at, a.acknowledged_at),
    acknowledgedBy: a.acknowledged_by,
  }));
  const times = items.flatMap((i) => (i.responseSeconds === null ? [] : [i.responseSeconds])).sort((x, y) => x - y);
  return {
    items,
    counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
    medianResponseSeconds: times.length ? (times[Math.floor((times.length - 1) / 2)] as number) : null,
    devices,
  };
}
