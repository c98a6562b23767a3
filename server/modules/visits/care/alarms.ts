import { sql } from 'kysely';
import { deviceKindNames, vendorAlarm, vendorHeartbeat } from '../../../../contracts/care.js';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Db, Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import type { Keyring } from '../../../core/pii/index.js';
import { caseNo, localDate, submitCase } from '../../cases/index.js';
import { notify, usersCovering } from '../../inbox/index.js';
import { ageOn } from '../rules.js';
import { homes, maskName } from '../queries.js';
import { verifiedVendor, type SignedHeaders } from './signing.js';

/** A repeat of the same alarm within this long attaches to the open one (and its case). */
export const REPEAT_WINDOW_MS = 10 * 60_000;
const GRID_PEOPLE = ['grid_worker', 'grid_leader'] as const;

const bodyError = (message: string) =>
  new AppError('validation', { zh: `告警内容不正确：${message}`, en: `Bad alarm body: ${message}` });

function parse<T>(
  schema: {
    safeParse: (
      v: unknown,
    ) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[] }[] } };
  },
  raw: string,
): T {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw bodyError('不是 JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) throw bodyError(`字段 ${r.error.issues.map((i) => i.path.join('.')).join('、')} 缺失或格式不对`);
  return r.data;
}

async function deviceOf(trx: Executor, streetId: string, vendorId: number, serial: string) {
  const d = await trx
    .selectFrom('care_devices')
    .select(['id', 'kind', 'resident_id', 'household_id', 'grid_path', 'serial'])
    .where('street_id', '=', streetId)
    .where('vendor_id', '=', vendorId)
    .where('serial', '=', serial)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!d)
    throw new AppError('not_found', {
      zh: `设备 ${serial} 未在本街道登记，告警未受理`,
      en: `Device ${serial} is not registered in this street`,
    });
  return d;
}

/** The people an alarm is told to: the home's grid workers and the resident's pair-up helpers. */
async function alarmRecipients(trx: Executor, streetId: string, gridPath: string, residentId: number) {
  const helpers = await trx
    .selectFrom('care_helpers as h')
    .innerJoin('care_subjects as s', (j) =>
      j.onRef('s.street_id', '=', 'h.street_id').onRef('s.id', '=', 'h.subject_id'),
    )
    .select('h.user_id')
    .where('h.street_id', '=', streetId)
    .where('s.resident_id', '=', residentId)
    .where('h.active', '=', true)
    .where('h.user_id', 'is not', null)
    .execute();
  return [
    ...(await usersCovering(trx, gridPath, GRID_PEOPLE)),
    ...helpers.flatMap((h) => (h.user_id ? [h.user_id] : [])),
  ];
}

/**
 * A vendor's signed alarm, in one transaction: checked (key, time, signature, not replayed), its
 * device found (unknown → 404, nothing written), then either attached to the same device's open
 * alarm of the same kind raised within 10 minutes (and so to its case), or an urgent case opened
 * for the home's grid (channel `device`, category 关护设备告警) with the alarm, and the grid's
 * workers and the resident's helpers told. A redelivery of the same vendor alarm id answers the first.
 */
export async function receiveAlarm(db: Db, keyring: Keyring, h: SignedHeaders, raw: string, audit: AuditContext) {
  return db.transaction().execute(async (trx) => {
    const vendor = await verifiedVendor(trx, keyring, h, raw);
    const a = parse(vendorAlarm, raw);
    const street = vendor.streetId;
    const d = await deviceOf(trx, street, vendor.id, a.serial);
    const at = new Date(a.at);
    const same = await trx
      .selectFrom('care_alarms')
      .select(['id', 'case_id'])
      .where('street_id', '=', street)
      .where('device_id', '=', d.id)
      .where('vendor_alarm_id', '=', a.alarmId)
      .executeTakeFirst();
    const answer = async (id: number, caseId: number | null, how: 'created' | 'attached' | 'again') => {
      const c = caseId
        ? await trx
            .selectFrom('cases')
            .select(['id', 'created_at'])
            .where('street_id', '=', street)
            .where('id', '=', caseId)
            .executeTakeFirst()
        : undefined;
      return {
        alarmId: id,
        caseId,
        caseNo: c ? caseNo(c.created_at, c.id) : null,
        created: how === 'created',
        attached: how === 'attached',
      };
    };
    if (same) return answer(same.id, same.case_id, 'again');
    const open = await trx
      .selectFrom('care_alarms')
      .select(['id', 'case_id'])
      .where('street_id', '=', street)
      .where('device_id', '=', d.id)
      .where('kind', '=', a.kind)
      .where('status', '<>', 'closed')
      .where(sql<boolean>`coalesce(last_repeat_at, raised_at) >= ${new Date(at.getTime() - REPEAT_WINDOW_MS)}`)
      .orderBy('raised_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (open) {
      await trx
        .updateTable('care_alarms')
        .set((eb) => ({ repeats: eb('repeats', '+', 1), last_repeat_at: at }))
        .where('street_id', '=', street)
        .where('id', '=', open.id)
        .execute();
      await writeAudit(trx, audit, {
        streetId: street,
        action: 'visits.care',
        objectType: 'care_alarm',
        objectId: open.id,
        result: 'ok',
        detail: { repeat: a.alarmId },
      });
      return answer(open.id, open.case_id, 'attached');
    }
    const who = await trx
      .selectFrom('residents as r')
      .innerJoin(homes(trx, street).as('home'), 'home.household_id', 'r.household_id')
      .select(['r.name', 'r.birth_date', 'home.address'])
      .where('r.street_id', '=', street)
      .where('r.id', '=', d.resident_id)
      .executeTakeFirstOrThrow();
    const kindName = deviceKindNames[a.kind].zh;
    const age = ageOn(who.birth_date, localDate(at));
    // read everything before the case: from its intake on, the audit chain is held until commit
    const recipients = await alarmRecipients(trx, street, d.grid_path, d.resident_id);
    const made = await submitCase({
      db: trx,
      keyring,
      submitter: { kind: 'device', streetId: street, deviceId: `${vendor.id}:${d.serial}` },
      audit,
      input: {
        category: 'care.alarm',
        title: `【${kindName}】${who.address}`,
        description: `关护通告警：${kindName}。关爱对象 ${maskName(who.name)}${age !== null ? `（${age}岁）` : ''}，${who.address}。设备 ${d.serial}${a.detail ? `：${a.detail}` : ''}。请立即联系或上门。`,
        address: who.address,
        region: d.grid_path.split('/').at(-2) ?? '',
        clientRequestId: `alarm-${vendor.id}-${a.alarmId}`,
      },
    });
    const row = await trx
      .insertInto('care_alarms')
      .values({
        street_id: street,
        device_id: d.id,
        kind: a.kind,
        vendor_alarm_id: a.alarmId,
        grid_path: d.grid_path,
        detail: a.detail,
        raised_at: at,
        case_id: made.row.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notify(trx, recipients, {
      kind: 'care_alarm',
      streetId: street,
      caseId: made.row.id,
      digestKey: `care_alarm:${row.id}`,
      title: `【紧急】${kindName}告警`,
      body: `${who.address} ${maskName(who.name)}，请立即联系或上门`,
    });
    await writeAudit(trx, audit, {
      streetId: street,
      action: 'visits.care',
      objectType: 'care_alarm',
      objectId: row.id,
      result: 'ok',
      detail: { vendor: vendor.name, serial: d.serial, kind: a.kind, case: made.row.id },
    });
    return answer(row.id, made.row.id, 'created');
  });
}

/** A signed heartbeat: the device is alive; an open "device offline" alarm of it closes. */
export async function receiveHeartbeat(db: Db, keyring: Keyring, h: SignedHeaders, raw: string) {
  return db.transaction().execute(async (trx) => {
    const vendor = await verifiedVendor(trx, keyring, h, raw);
    const b = parse(vendorHeartbeat, raw);
    const d = await deviceOf(trx, vendor.streetId, vendor.id, b.serial);
    const at = new Date(Math.min(Date.parse(b.at), Date.now()));
    await trx
      .updateTable('care_devices')
      .set({ last_heartbeat_at: sql<Date>`greatest(last_heartbeat_at, ${at})` })
      .where('street_id', '=', vendor.streetId)
      .where('id', '=', d.id)
      .execute();
    const back = await trx
      .updateTable('care_alarms')
      .set({ status: 'closed', closed_at: at, note: '心跳恢复，自动关闭' })
      .where('street_id', '=', vendor.streetId)
      .where('device_id', '=', d.id)
      .where('kind', '=', 'offline')
      .where('status', '<>', 'closed')
      .executeTakeFirst();
    return { ok: true as const, reopened: Number(back.numUpdatedRows) > 0 };
  });
}

/**
 * Devices whose last heartbeat (or installation) is older than their interval get a "device
 * offline" alarm (no case: a task for the grid worker, told in the inbox); signatures older than
 * the replay window are forgotten. The server runs it every minute.
 */
export async function sweepDevices(db: Db, now = new Date()) {
  const late = await db
    .selectFrom('care_devices as d')
    .select(['d.street_id', 'd.id', 'd.grid_path', 'd.serial', 'd.resident_id'])
    .where('d.active', '=', true)
    .where(
      sql<boolean>`coalesce(d.last_heartbeat_at, d.installed_on::timestamptz) < ${now}::timestamptz - make_interval(mins => d.heartbeat_minutes)`,
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('care_alarms as a')
            .select('a.id')
            .whereRef('a.street_id', '=', 'd.street_id')
            .whereRef('a.device_id', '=', 'd.id')
            .where('a.kind', '=', 'offline')
            .where('a.status', '<>', 'closed'),
        ),
      ),
    )
    .limit(500)
    .execute();
  for (const d of late)
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('care_alarms')
        .values({
          street_id: d.street_id,
          device_id: d.id,
          kind: 'offline',
          vendor_alarm_id: null,
          grid_path: d.grid_path,
          raised_at: now,
          case_id: null,
        })
        .execute();
      await notify(trx, await usersCovering(trx, d.grid_path, GRID_PEOPLE), {
        kind: 'care_offline',
        streetId: d.street_id,
        link: '/visits/alarms',
        title: '关护设备离线',
        body: `设备 ${d.serial} 超过心跳间隔未上报，请上门查看`,
      });
    });
  await db
    .deleteFrom('care_signatures')
    .where('seen_at', '<', new Date(now.getTime() - 2 * 300_000))
    .execute();
  return late.length;
}
