import {
  appointmentStateNames,
  facilityKindNames,
  stationKindNames,
  type StationKind,
  type StationRow,
} from '../../../contracts/stations.js';
import type { Executor } from '../../core/db.js';
import { maskName } from '../../core/pii/index.js';
import { localMidnight, workCalendarOf } from '../cases/index.js';
import { metres } from './coverage.js';
import { hoursText, openState, slotsOn } from './hours.js';

type StationFilter = { streetId: string; path?: string; ids?: number[]; kind?: StationKind | undefined };

/** Stations with their facilities and whether they are open at `at` (on their street's calendar). */
export async function stationRows(db: Executor, f: StationFilter, at = new Date()): Promise<StationRow[]> {
  let q = db
    .selectFrom('stations as s')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .select([
      's.street_id',
      's.id',
      's.kind',
      's.name',
      's.address',
      's.region_code',
      'r.name as region_name',
      's.lng',
      's.lat',
      's.contact_name',
      's.contact_phone',
      's.hours',
      's.slot_minutes',
      's.slot_capacity',
    ])
    .where('s.street_id', '=', f.streetId)
    .orderBy('s.kind')
    .orderBy('s.name');
  if (f.path) q = q.where('s.region_path', 'like', `${f.path}%`);
  if (f.ids) q = q.where('s.id', 'in', [...f.ids, 0]);
  if (f.kind) q = q.where('s.kind', '=', f.kind);
  const rows = await q.execute();
  const facilities = await db
    .selectFrom('station_facilities')
    .select(['id', 'station_id', 'kind', 'name', 'stock', 'on_loan'])
    .where('street_id', '=', f.streetId)
    .where('station_id', 'in', [...rows.map((r) => r.id), 0])
    .orderBy('id')
    .execute();
  const cal = await workCalendarOf(db, f.streetId);
  return rows.map((s) => ({
    id: s.id,
    streetId: s.street_id,
    kind: s.kind,
    kindName: stationKindNames[s.kind].zh,
    name: s.name,
    address: s.address,
    region: s.region_code,
    regionName: s.region_name,
    lng: s.lng,
    lat: s.lat,
    contactName: s.contact_name,
    contactPhone: s.contact_phone,
    hours: s.hours,
    hoursText: hoursText(s.hours),
    slotMinutes: s.slot_minutes,
    slotCapacity: s.slot_capacity,
    now: openState(s.hours, cal, at),
    facilities: facilities
      .filter((x) => x.station_id === s.id)
      .map((x) => ({
        id: x.id,
        kind: x.kind,
        kindName: facilityKindNames[x.kind].zh,
        name: x.name,
        stock: x.stock,
        onLoan: x.on_loan,
        available: x.stock - x.on_loan,
      })),
    distance: null,
  }));
}

/**
 * The stations nearest a point, across streets (what a phone asks: 附近哪里能借伞): within `radius` metres, nearest
 * first, optionally only those open now or lending a kind of thing with some left.
 */
export async function nearStations(
  db: Executor,
  o: {
    lng: number;
    lat: number;
    radius: number;
    kind?: StationKind | undefined;
    facility?: string | undefined;
    openNow: boolean;
  },
) {
  const dLat = o.radius / 111_000;
  const dLng = o.radius / (111_000 * Math.cos((o.lat * Math.PI) / 180));
  const found = await db
    .selectFrom('stations')
    .select(['street_id', 'id'])
    .where('lat', '>=', o.lat - dLat)
    .where('lat', '<=', o.lat + dLat)
    .where('lng', '>=', o.lng - dLng)
    .where('lng', '<=', o.lng + dLng)
    .execute();
  const byStreet = new Map<string, number[]>();
  for (const s of found) byStreet.set(s.street_id, [...(byStreet.get(s.street_id) ?? []), s.id]);
  const rows = (
    await Promise.all([...byStreet].map(([streetId, ids]) => stationRows(db, { streetId, ids, kind: o.kind })))
  ).flat();
  return rows
    .map((r) => ({ ...r, distance: Math.round(metres(o, r)) }))
    .filter((r) => r.distance <= o.radius)
    .filter((r) => !o.openNow || r.now.open)
    .filter((r) => !o.facility || r.facilities.some((x) => x.kind === o.facility && x.available > 0))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 30);
}

/** A station's slots of a local day with how many are booked, and the day's appointments (names masked). */
export async function stationDay(
  db: Executor,
  streetId: string,
  station: { id: number; hours: StationRow['hours']; slot_minutes: number; slot_capacity: number },
  day: string,
) {
  const cal = await workCalendarOf(db, streetId);
  const from = localMidnight(day);
  const to = new Date(from.getTime() + 86_400_000);
  const [booked, list] = await Promise.all([
    db
      .selectFrom('appointment_slots')
      .select(['starts_at', 'booked', 'capacity'])
      .where('street_id', '=', streetId)
      .where('station_id', '=', station.id)
      .where('starts_at', '>=', from)
      .where('starts_at', '<', to)
      .execute(),
    appointmentRows(
      db,
      streetId,
      (q) => q.where('a.station_id', '=', station.id).where('a.starts_at', '>=', from).where('a.starts_at', '<', to),
      true,
    ),
  ]);
  const count = new Map(booked.map((b) => [b.starts_at.getTime(), b]));
  const slots = slotsOn(station.hours, cal, day, station.slot_minutes).map((t) => ({
    startsAt: t.toISOString(),
    capacity: count.get(t.getTime())?.capacity ?? station.slot_capacity,
    booked: count.get(t.getTime())?.booked ?? 0,
  }));
  return { day, slots, appointments: list };
}

function appointmentBase(db: Executor, streetId: string) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('stations as s', (j) => j.onRef('s.street_id', '=', 'a.street_id').onRef('s.id', '=', 'a.station_id'))
    .innerJoin('service_items as i', (j) => j.onRef('i.street_id', '=', 'a.street_id').onRef('i.id', '=', 'a.item_id'))
    .select([
      'a.id',
      'a.street_id',
      'a.station_id',
      's.name as station',
      'i.name as item',
      'i.materials',
      'a.name',
      'a.starts_at',
      'a.state',
    ])
    .where('a.street_id', '=', streetId);
}
export async function appointmentRows(
  db: Executor,
  streetId: string,
  where: (q: ReturnType<typeof appointmentBase>) => ReturnType<typeof appointmentBase>,
  masked: boolean,
) {
  const rows = await where(appointmentBase(db, streetId)).orderBy('a.starts_at').limit(500).execute();
  return rows.map((a) => ({
    id: a.id,
    streetId: a.street_id,
    stationId: a.station_id,
    station: a.station,
    item: a.item,
    materials: a.materials,
    who: masked ? maskName(a.name) : a.name,
    startsAt: a.starts_at.toISOString(),
    state: a.state,
    stateName: appointmentStateNames[a.state].zh,
  }));
}

/** The signed-in person's appointments from the last 30 days on, across streets. */
export async function myAppointments(db: Executor, userId: number) {
  const streets = await db
    .selectFrom('appointments')
    .select('street_id')
    .where('user_id', '=', userId)
    .distinct()
    .execute();
  const since = new Date(Date.now() - 30 * 86_400_000);
  const all = await Promise.all(
    streets.map((s) =>
      appointmentRows(
        db,
        s.street_id,
        (q) => q.where('a.user_id', '=', userId).where('a.starts_at', '>=', since),
        false,
      ),
    ),
  );
  return all.flat().sort((a, b) => b.startsAt.localeCompare(a.startsAt));
}

/** A facility's loans, latest first (borrowers' names masked). */
export async function loansOf(db: Executor, streetId: string, stationId: number) {
  const rows = await db
    .selectFrom('facility_loans as l')
    .innerJoin('station_facilities as f', (j) =>
      j.onRef('f.street_id', '=', 'l.street_id').onRef('f.id', '=', 'l.facility_id'),
    )
    .leftJoin('users as u', 'u.id', 'l.lent_by')
    .select(['l.id', 'f.name', 'l.borrower', 'l.lent_at', 'l.due_at', 'l.returned_at', 'u.display_name'])
    .where('l.street_id', '=', streetId)
    .where('f.station_id', '=', stationId)
    .orderBy('l.returned_at', (o) => o.desc().nullsFirst())
    .orderBy('l.lent_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((l) => ({
    id: l.id,
    facility: l.name,
    borrower: maskName(l.borrower),
    lentAt: l.lent_at.toISOString(),
    dueAt: l.due_at?.toISOString() ?? null,
    returnedAt: l.returned_at?.toISOString() ?? null,
    lentBy: l.display_name ?? '',
  }));
}

/**
 * The catalogue a community sees: the street's items with the community's own versions in their place (same code)
 * and the community's own items added; by category.
 */
export async function catalogueOf(db: Executor, streetId: string, community: string | null) {
  const rows = await db
    .selectFrom('service_items as i')
    .innerJoin('service_categories as c', (j) =>
      j.onRef('c.street_id', '=', 'i.street_id').onRef('c.id', '=', 'i.category_id'),
    )
    .select([
      'i.id',
      'i.category_id',
      'c.name as category',
      'c.sort',
      'i.code',
      'i.name',
      'i.who',
      'i.materials',
      'i.channels',
      'i.time_limit',
      'i.fee',
      'i.community_code',
    ])
    .where('i.street_id', '=', streetId)
    .where('i.active', '=', true)
    .where((eb) => eb.or([eb('i.community_code', 'is', null), eb('i.community_code', '=', community ?? '')]))
    .orderBy('c.sort')
    .orderBy('i.code')
    .execute();
  const own = new Set(rows.filter((r) => r.community_code).map((r) => r.code));
  return rows
    .filter((r) => r.community_code || !own.has(r.code))
    .map((r) => ({
      id: r.id,
      categoryId: r.category_id,
      category: r.category,
      code: r.code,
      name: r.name,
      who: r.who,
      materials: r.materials,
      channels: r.channels,
      timeLimit: r.time_limit,
      fee: r.fee,
      community: r.community_code,
    }));
}

export async function categoriesOf(db: Executor, streetId: string) {
  return db
    .selectFrom('service_categories')
    .select(['id', 'name'])
    .where('street_id', '=', streetId)
    .orderBy('sort')
    .orderBy('id')
    .execute();
}

/** 代办 requests of a station, open first. */
export async function proxiesOf(db: Executor, streetId: string, stationId: number) {
  const rows = await db
    .selectFrom('proxy_requests as p')
    .innerJoin('service_items as i', (j) => j.onRef('i.street_id', '=', 'p.street_id').onRef('i.id', '=', 'p.item_id'))
    .innerJoin('users as u', 'u.id', 'p.worker_id')
    .select([
      'p.id',
      'i.name as item',
      'p.resident',
      'p.reason',
      'p.state',
      'p.materials',
      'p.received_at',
      'p.signed_by',
      'u.display_name as worker',
    ])
    .where('p.street_id', '=', streetId)
    .where('p.station_id', '=', stationId)
    .orderBy('p.received_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((p) => ({
    id: p.id,
    item: p.item,
    resident: maskName(p.resident),
    reason: p.reason,
    state: p.state,
    materials: p.materials,
    receivedAt: p.received_at.toISOString(),
    signedBy: p.signed_by ? maskName(p.signed_by) : null,
    worker: p.worker,
  }));
}
