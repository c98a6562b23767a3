import { z } from 'zod';
import { alarmAction, deviceInput } from '../../../../contracts/care.js';
import { streetsOfActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { encrypt, type Keyring } from '../../../core/pii/index.js';
import { newKeyId, newSecret } from './signing.js';

/** A vendor's key for a street: the id and the secret, shown once (the secret is kept sealed). */
export async function createVendor(db: Executor, keyring: Keyring, streetId: string, name: string) {
  const keyId = newKeyId(streetId);
  const secret = newSecret();
  const row = await db
    .insertInto('care_vendors')
    .values({ street_id: streetId, name, key_id: keyId, secret_cipher: encrypt(keyring, secret) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, keyId, secret };
}

/** Registers a care device in a resident's home (the home's grid is the device's). */
export const registerDevice = command({
  action: 'visits.care',
  input: deviceInput,
  conflicts: {
    care_devices_street_id_vendor_id_serial_key: { zh: '该设备序列号已登记', en: 'The serial is registered already' },
  },
  async run({ trx, actor, input, audit }) {
    const streets = streetsOfActor(actor);
    const r = await trx
      .selectFrom('residents')
      .select(['street_id', 'id', 'household_id', 'grid_path'])
      .$if(streets.length > 0, (q) => q.where('street_id', 'in', streets))
      .where('id', '=', input.residentId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!r || r.household_id === null) throw notFound({ zh: '居民', en: 'Resident' });
    authorize(actor, 'visits.care', { regionPath: r.grid_path, streetId: r.street_id });
    const vendor = await trx
      .selectFrom('care_vendors')
      .select('id')
      .where('street_id', '=', r.street_id)
      .where('id', '=', input.vendorId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!vendor) throw invalid('vendorId', '设备厂商不存在或已停用', 'No such vendor');
    const row = await trx
      .insertInto('care_devices')
      .values({
        street_id: r.street_id,
        vendor_id: vendor.id,
        serial: input.serial,
        kind: input.kind,
        resident_id: r.id,
        household_id: r.household_id,
        grid_path: r.grid_path,
        heartbeat_minutes: input.heartbeatMinutes,
        last_heartbeat_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: r.street_id, objectType: 'care_device', objectId: row.id, detail: input });
    return { id: row.id };
  },
});

/** The first response to an alarm (acknowledged: someone is on it) and its close. */
export const actOnAlarm = command({
  action: 'visits.care',
  input: alarmAction.extend({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const streets = streetsOfActor(actor);
    const a = await trx
      .selectFrom('care_alarms')
      .select(['street_id', 'id', 'status', 'grid_path'])
      .$if(streets.length > 0, (q) => q.where('street_id', 'in', streets))
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!a) throw notFound({ zh: '告警', en: 'Alarm' });
    authorize(actor, 'visits.care', { regionPath: a.grid_path, streetId: a.street_id });
    const now = new Date();
    if (input.action === 'acknowledge') {
      if (a.status !== 'open') throw new AppError('conflict', { zh: '该告警已有人响应', en: 'Acknowledged already' });
      await trx
        .updateTable('care_alarms')
        .set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor?.userId ?? null, note: input.note })
        .where('street_id', '=', a.street_id)
        .where('id', '=', a.id)
        .execute();
    } else {
      if (a.status === 'closed') throw new AppError('conflict', { zh: '该告警已关闭', en: 'Closed already' });
      await trx
        .updateTable('care_alarms')
        .set((eb) => ({
          status: 'closed',
          closed_at: now,
          note: input.note,
          acknowledged_at: eb.fn.coalesce('acknowledged_at', eb.val(now)),
          acknowledged_by: eb.fn.coalesce('acknowledged_by', eb.val(actor?.userId ?? null)),
        }))
        .where('street_id', '=', a.street_id)
        .where('id', '=', a.id)
        .execute();
    }
    await audit({ streetId: a.street_id, objectType: 'care_alarm', objectId: a.id, detail: input });
    return { ok: true as const };
  },
});
