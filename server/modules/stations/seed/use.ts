import { sql } from 'kysely';
import type { FacilityKind, StationKind } from '../../../../contracts/stations.js';
import type { Trx } from '../../../core/db.js';
import { localDate, workCalendarOf } from '../../cases/index.js';
import { BOOKABLE } from '../commands/appointments.js';
import { slotsOn } from '../hours.js';

const DAY = 86_400_000;
const LENDS: Partial<Record<StationKind, [FacilityKind, string, number, number][]>> = {
  red_post: [
    ['umbrella', '爱心雨伞', 20, 60],
    ['power_bank', '充电宝', 10, 80],
    ['first_aid', '急救药箱', 2, 6],
    ['sewing_kit', '针线包', 5, 12],
  ],
  centre: [
    ['wheelchair', '轮椅', 2, 10],
    ['umbrella', '爱心雨伞', 30, 40],
    ['first_aid', '急救药箱', 1, 3],
  ],
  self_service: [
    ['umbrella', '爱心雨伞', 10, 30],
    ['power_bank', '充电宝', 6, 40],
  ],
  home: [['umbrella', '爱心雨伞', 10, 12]],
};
const RIDERS = [
  '王师傅',
  '李师傅',
  '张师傅',
  '刘师傅',
  '陈师傅',
  '美团骑手赵师傅',
  '饿了么骑手周师傅',
  '顺丰快递吴师傅',
];

/** Things to lend with a year of loans; a year of appointments (the demo resident's among them) and of 代办. */
export async function seedUse(
  trx: Trx,
  streetId: string,
  stations: { id: number; kind: StationKind; name: string }[],
  rnd: () => number,
  me: { id: number; display_name: string } | undefined,
  /** How many days back (a year; a month in the tests' small demo). */
  days: number,
) {
  const now = Date.now();
  const staff = await sql<{ id: string }>`SELECT u.id FROM users u JOIN role_assignments r ON r.user_id = u.id
    WHERE r.street_id = ${streetId} OR r.region_code LIKE ${`${streetId}%`} ORDER BY u.id LIMIT 1`.execute(trx);
  const by = staff.rows[0] ? Number(staff.rows[0].id) : null;
  let loans = 0;
  for (const s of stations)
    for (const [kind, name, stock, perYear] of LENDS[s.kind] ?? []) {
      const f = await trx
        .insertInto('station_facilities')
        .values({ street_id: streetId, station_id: s.id, kind, name, stock })
        .returning('id')
        .executeTakeFirstOrThrow();
      const count = Math.max(3, Math.round((perYear * days) / 365));
      const rows = Array.from({ length: count }, (_, i) => {
        const lent = new Date(now - (days - (i * days) / count) * DAY + rnd() * 8 * 3600_000);
        const open = i >= count - Math.min(2, stock);
        return {
          street_id: streetId,
          facility_id: f.id,
          borrower: RIDERS[Math.floor(rnd() * RIDERS.length)] ?? '王师傅',
          lent_at: lent,
          lent_by: by,
          due_at: new Date(lent.getTime() + 3 * DAY),
          returned_at: open ? null : new Date(lent.getTime() + (2 + rnd() * 60) * 3600_000),
          received_by: open ? null : by,
        };
      }).filter((l) => l.lent_at.getTime() < now && (l.returned_at === null || l.returned_at.getTime() < now));
      if (!rows.length) continue;
      await trx.insertInto('facility_loans').values(rows).execute();
      const out = rows.filter((l) => l.returned_at === null).length;
      await trx
        .updateTable('station_facilities')
        .set({ on_loan: out })
        .where('street_id', '=', streetId)
        .where('id', '=', f.id)
        .execute();
      loans += rows.length;
    }

  const items = await trx
    .selectFrom('service_items')
    .select(['id', 'code'])
    .where('street_id', '=', streetId)
    .where(sql<boolean>`'station' = ANY (channels)`)
    .orderBy('code')
    .execute();
  const names = (
    await sql<{
      name: string;
    }>`SELECT name FROM residents WHERE street_id = ${streetId} AND status = 'active' ORDER BY id LIMIT 400`.execute(
      trx,
    )
  ).rows.map((r) => r.name);
  const cal = await workCalendarOf(trx, streetId);
  const hours = new Map(
    (await trx.selectFrom('stations').select(['id', 'hours']).where('street_id', '=', streetId).execute()).map((s) => [
      s.id,
      s.hours,
    ]),
  );
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  type Appt = {
    station_id: number;
    item_id: number;
    user_id: number | null;
    name: string;
    starts_at: Date;
    state: 'booked' | 'checked_in' | 'no_show' | 'cancelled';
  };
  const appts: Appt[] = [];
  const bookable = stations.filter((s) => (BOOKABLE as readonly string[]).includes(s.kind));
  for (const s of bookable) {
    const spec = hours.get(s.id);
    if (!spec) continue;
    for (let d = -days; d <= 7; d++) {
      const slots = slotsOn(spec, cal, localDate(new Date(now + d * DAY)), 30);
      const n = slots.length ? Math.floor(rnd() * (s.kind === 'centre' ? 4 : 2.2)) : 0;
      const taken = new Set<number>();
      for (let k = 0; k < n; k++) {
        const t = pick(slots);
        if (taken.has(t.getTime())) continue;
        taken.add(t.getTime());
        const past = t.getTime() < now;
        const x = rnd();
        appts.push({
          station_id: s.id,
          item_id: pick(items).id,
          user_id: null,
          name: pick(names.length ? names : ['居民']),
          starts_at: t,
          state: !past
            ? x < 0.9
              ? 'booked'
              : 'cancelled'
            : x < 0.85
              ? 'checked_in'
              : x < 0.92
                ? 'no_show'
                : 'cancelled',
        });
      }
    }
  }
  // the demo resident: last month's visit to the street's centre, checked in, and one booked two days ahead
  const centre = stations.find((s) => s.kind === 'centre');
  const centreHours = centre ? hours.get(centre.id) : undefined;
  if (me && centre && centreHours)
    for (const [offset, state] of [
      [-30, 'checked_in'],
      [2, 'booked'],
    ] as const) {
      const t = slotsOn(centreHours, cal, localDate(new Date(now + offset * DAY)), 30)[3];
      if (t && !appts.some((a) => a.station_id === centre.id && a.starts_at.getTime() === t.getTime()))
        appts.push({
          station_id: centre.id,
          item_id: items[0]?.id ?? 0,
          user_id: me.id,
          name: me.display_name,
          starts_at: t,
          state,
        });
    }
  const slots = new Map<string, { station_id: number; starts_at: Date; booked: number }>();
  for (const a of appts) {
    const key = `${a.station_id}/${a.starts_at.getTime()}`;
    const slot = slots.get(key) ?? { station_id: a.station_id, starts_at: a.starts_at, booked: 0 };
    if (a.state !== 'cancelled') slot.booked++;
    slots.set(key, slot);
  }
  const capacity = new Map(stations.map((s) => [s.id, s.kind === 'centre' ? 4 : 2]));
  const slotRows = [...slots.values()].map((s) => ({
    street_id: streetId,
    ...s,
    capacity: capacity.get(s.station_id) ?? 2,
  }));
  for (let i = 0; i < slotRows.length; i += 1000)
    await trx
      .insertInto('appointment_slots')
      .values(slotRows.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < appts.length; i += 1000)
    await trx
      .insertInto('appointments')
      .values(
        appts.slice(i, i + 1000).map((a) => ({
          street_id: streetId,
          ...a,
          booked_by: a.user_id ? null : by,
          created_at: new Date(a.starts_at.getTime() - 3 * DAY),
          done_at: a.state === 'booked' ? null : a.starts_at,
          done_by: a.state === 'booked' ? null : by,
        })),
      )
      .execute();

  const point = stations.find((s) => s.kind === 'proxy_point');
  const proxyItems = await trx
    .selectFrom('service_items')
    .select(['id', 'materials'])
    .where('street_id', '=', streetId)
    .where(sql<boolean>`'proxy' = ANY (channels)`)
    .execute();
  let proxies = 0;
  if (point && by && proxyItems.length) {
    const rows = Array.from({ length: 24 }, (_, i) => {
      const item = pick(proxyItems);
      const at = new Date(now - (360 - i * 15) * DAY);
      const back = new Date(at.getTime() + 5 * DAY);
      const finished = back.getTime() < now;
      const who = pick(names.length ? names : ['居民']);
      return {
        street_id: streetId,
        station_id: point.id,
        item_id: item.id,
        resident: who,
        reason: pick(['elderly', 'elderly', 'disabled', 'ill'] as const),
        worker_id: by,
        state: finished ? ('returned' as const) : ('received' as const),
        materials: JSON.stringify(
          item.materials.map((name) => ({
            name,
            receivedAt: at.toISOString(),
            returnedAt: finished ? back.toISOString() : null,
          })),
        ),
        received_at: at,
        done_at: finished ? new Date(at.getTime() + 3 * DAY) : null,
        returned_at: finished ? back : null,
        signed_by: finished ? who : null,
      };
    });
    await trx.insertInto('proxy_requests').values(rows).execute();
    proxies = rows.length;
  }
  return { loans, appointments: appts.length, proxies, meals: await seedMeals(trx, streetId, stations, rnd, by, days) };
}

/** A year of lunches (and some dinners) at the elderly canteen: its region's care subjects subsidised, others paying. */
async function seedMeals(
  trx: Trx,
  streetId: string,
  stations: { id: number; kind: StationKind }[],
  rnd: () => number,
  by: number | null,
  days: number,
) {
  const canteen = stations.find((s) => s.kind === 'canteen');
  if (!canteen) return 0;
  const place = await trx
    .selectFrom('stations')
    .select('region_path')
    .where('street_id', '=', streetId)
    .where('id', '=', canteen.id)
    .executeTakeFirstOrThrow();
  const care = await sql<{ id: string; name: string }>`SELECT c.id, r.name FROM care_subjects c
    JOIN residents r ON r.street_id = c.street_id AND r.id = c.resident_id
    WHERE c.street_id = ${streetId} AND c.active AND c.grid_path LIKE ${`${place.region_path}%`} ORDER BY c.id LIMIT 40`.execute(
    trx,
  );
  const regulars = care.rows.map((c) => ({ id: Number(c.id), name: c.name }));
  const others = ['张阿婆', '李大爷', '王奶奶', '陈伯', '林阿姨', '黄大爷', '吴奶奶', '郑伯'];
  const rows = [];
  const now = Date.now();
  for (let d = days; d >= 1; d--) {
    const day = localDate(new Date(now - d * DAY));
    for (const meal of ['lunch', 'dinner'] as const) {
      const seen = new Set<string>();
      const n = meal === 'lunch' ? 8 + Math.floor(rnd() * 10) : Math.floor(rnd() * 5);
      for (let k = 0; k < n; k++) {
        const c = regulars.length && rnd() < 0.6 ? regulars[Math.floor(rnd() * regulars.length)] : null;
        const diner = c ? c.name : (others[Math.floor(rnd() * others.length)] ?? '张阿婆');
        if (seen.has(diner)) continue;
        seen.add(diner);
        rows.push({
          street_id: streetId,
          station_id: canteen.id,
          served_on: day,
          meal,
          diner,
          care_subject_id: c?.id ?? null,
          price: c ? 8 : 12,
          subsidy: c ? 4 : 0,
          served_by: by,
        });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 1000)
    await trx
      .insertInto('canteen_meals')
      .values(rows.slice(i, i + 1000))
      .execute();
  return rows.length;
}
