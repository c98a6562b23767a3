import type { Db } from '../../core/db.js';
import { notify } from '../inbox/index.js';

const fmt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/**
 * 预约提醒: each booked appointment within the next 24 hours is told to its resident once, with the time, the place
 * and the materials to bring (so no one makes the trip without them). The server runs it every ten minutes.
 */
export async function remindAppointments(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('appointments as a')
    .innerJoin('stations as s', (j) => j.onRef('s.street_id', '=', 'a.street_id').onRef('s.id', '=', 'a.station_id'))
    .innerJoin('service_items as i', (j) => j.onRef('i.street_id', '=', 'a.street_id').onRef('i.id', '=', 'a.item_id'))
    .select([
      'a.street_id',
      'a.id',
      'a.user_id',
      'a.starts_at',
      's.name as station',
      's.address',
      'i.name as item',
      'i.materials',
    ])
    .where('a.state', '=', 'booked')
    .where('a.user_id', 'is not', null)
    .where('a.reminded_at', 'is', null)
    .where('a.starts_at', '>', now)
    .where('a.starts_at', '<=', new Date(now.getTime() + 86_400_000))
    .limit(1000)
    .execute();
  for (const a of due)
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('appointments')
        .set({ reminded_at: now })
        .where('street_id', '=', a.street_id)
        .where('id', '=', a.id)
        .where('reminded_at', 'is', null)
        .executeTakeFirst();
      if (!Number(claimed.numUpdatedRows)) return;
      await notify(trx, a.user_id === null ? [] : [a.user_id], {
        kind: 'appointment_reminder',
        digestKey: `appointment_reminder:${a.id}`,
        streetId: a.street_id,
        link: '/m/stations?tab=mine',
        title: `预约提醒：${a.item}`,
        body: `${fmt.format(a.starts_at)} 到${a.station}（${a.address}）${a.materials.length ? `，请带上：${a.materials.join('、')}` : ''}`,
      });
    });
  return due.length;
}
