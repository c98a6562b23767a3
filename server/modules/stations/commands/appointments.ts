import { sql } from 'kysely';
import { z } from 'zod';
import { bookInput } from '../../../../contracts/stations.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { localDate, workCalendarOf } from '../../cases/index.js';
import { slotsOn } from '../hours.js';
import { stationOf, street } from './stations.js';

/** Kinds where residents come to a window and may book a time. */
export const BOOKABLE = ['centre', 'home', 'grid_station', 'neighbour_hut', 'proxy_point'] as const;
/** How far ahead a time may be booked. */
const AHEAD_DAYS = 14;
const id = z.number().int().positive();

/**
 * 预约: the signed-in resident books a time at a station for a service of the catalogue. The time must be one of the
 * station's slots (its hours on the street's calendar, in the next 14 days); the slot's row is taken and counted up
 * in one statement that refuses a full slot, so concurrent bookings of the last place queue on that row and only one
 * wins; the same person twice at one time is refused by the schema.
 */
export const book = command({
  action: 'stations.book',
  input: bookInput,
  conflicts: { appointments_once_idx: { zh: '您在这个时段已有预约', en: 'You already have a booking at that time' } },
  async run({ trx, actor: who, input: b, audit }) {
    const actor = requireActor(who);
    const s = await stationOf(trx, b.street, b.stationId);
    if (!(BOOKABLE as readonly string[]).includes(s.kind))
      throw invalid('stationId', '该阵地不办理预约业务', 'This station takes no appointments');
    const item = await trx
      .selectFrom('service_items')
      .select(['id', 'name', 'channels', 'active'])
      .where('street_id', '=', s.street_id)
      .where('id', '=', b.itemId)
      .executeTakeFirst();
    if (!item?.active) throw invalid('itemId', '请选择服务清单中的事项', 'Pick an item of the catalogue');
    if (!item.channels.includes('station'))
      throw invalid('itemId', `“${item.name}”不需到窗口办理`, `“${item.name}” is not done at a window`);
    const at = new Date(b.startsAt);
    const now = Date.now();
    if (at.getTime() <= now) throw invalid('startsAt', '请选择今后的时段', 'Pick a time to come');
    if (at.getTime() > now + AHEAD_DAYS * 86_400_000)
      throw invalid('startsAt', `最多可预约 ${AHEAD_DAYS} 天内的时段`, `At most ${AHEAD_DAYS} days ahead`);
    const cal = await workCalendarOf(trx, s.street_id);
    if (!slotsOn(s.hours, cal, localDate(at), s.slot_minutes).some((t) => t.getTime() === at.getTime()))
      throw invalid('startsAt', '该时段不在阵地的开放时间内', 'The station is not open for that slot');
    const slot = await sql<{ booked: number }>`
      INSERT INTO appointment_slots (street_id, station_id, starts_at, capacity, booked)
      VALUES (${s.street_id}, ${s.id}, ${at}, ${s.slot_capacity}, 1)
      ON CONFLICT (street_id, station_id, starts_at) DO UPDATE SET booked = appointment_slots.booked + 1
      WHERE appointment_slots.booked < appointment_slots.capacity
      RETURNING booked`.execute(trx);
    if (!slot.rows.length)
      throw new AppError('conflict', { zh: '该时段已约满，请换一个时段', en: 'That slot is full' });
    const row = await trx
      .insertInto('appointments')
      .values({
        street_id: s.street_id,
        station_id: s.id,
        item_id: item.id,
        user_id: actor.userId,
        name: actor.name,
        starts_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: s.street_id,
      objectType: 'appointment',
      objectId: row.id,
      detail: { station: s.id, item: item.id },
    });
    return { id: row.id };
  },
});

async function appointmentOf(trx: Parameters<typeof stationOf>[0], streetId: string, appointmentId: number) {
  const a = await trx
    .selectFrom('appointments')
    .select(['id', 'station_id', 'user_id', 'starts_at', 'state'])
    .where('street_id', '=', streetId)
    .where('id', '=', appointmentId)
    .forUpdate()
    .executeTakeFirst();
  if (!a) throw notFound({ zh: '预约', en: 'Appointment' });
  return a;
}

/** 取消预约: by the resident (their own, before its time) or by the station's staff; the place is free again. */
export const cancel = command({
  action: 'stations.book',
  input: z.object({ street, appointmentId: id }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const a = await appointmentOf(trx, input.street, input.appointmentId);
    if (a.user_id !== actor.userId)
      authorize(actor, 'stations.serve', (await stationOf(trx, input.street, a.station_id)).target);
    if (a.state !== 'booked') throw new AppError('conflict', { zh: '该预约已不能取消', en: 'No longer booked' });
    if (a.user_id === actor.userId && a.starts_at.getTime() <= Date.now())
      throw new AppError('conflict', { zh: '预约时间已过，不能取消', en: 'The time has passed' });
    await trx
      .updateTable('appointments')
      .set({ state: 'cancelled', done_at: new Date(), done_by: actor.userId })
      .where('street_id', '=', input.street)
      .where('id', '=', a.id)
      .execute();
    await trx
      .updateTable('appointment_slots')
      .set((eb) => ({ booked: eb('booked', '-', 1) }))
      .where('street_id', '=', input.street)
      .where('station_id', '=', a.station_id)
      .where('starts_at', '=', a.starts_at)
      .execute();
    await audit({ streetId: input.street, objectType: 'appointment', objectId: a.id, detail: { state: 'cancelled' } });
    return { ok: true as const };
  },
});

/**
 * 签到 / 爽约: the resident checks in on their phone at the station (from 30 minutes before their time to its end) or
 * the staff check them in; the staff record a no-show once the time has passed.
 */
export const attend = command({
  action: 'stations.book',
  input: z.object({ street, appointmentId: id, state: z.enum(['checked_in', 'no_show']) }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const a = await appointmentOf(trx, input.street, input.appointmentId);
    const s = await stationOf(trx, input.street, a.station_id);
    const own = a.user_id === actor.userId && input.state === 'checked_in';
    if (!own) authorize(actor, 'stations.serve', s.target);
    if (a.state !== 'booked') throw new AppError('conflict', { zh: '该预约已处理', en: 'Already handled' });
    const t = a.starts_at.getTime();
    const now = Date.now();
    if (input.state === 'no_show' && now < t + s.slot_minutes * 60_000)
      throw new AppError('conflict', { zh: '预约时段尚未结束，不能记爽约', en: 'The slot has not ended' });
    if (own && (now < t - 30 * 60_000 || now > t + s.slot_minutes * 60_000))
      throw new AppError('conflict', {
        zh: '请在预约时间前 30 分钟内到阵地签到',
        en: 'Check in within 30 minutes of your time',
      });
    await trx
      .updateTable('appointments')
      .set({ state: input.state, done_at: new Date(), done_by: actor.userId })
      .where('street_id', '=', input.street)
      .where('id', '=', a.id)
      .execute();
    await audit({ streetId: input.street, objectType: 'appointment', objectId: a.id, detail: { state: input.state } });
    return { ok: true as const };
  },
});
