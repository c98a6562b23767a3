import { z } from 'zod';
import { facilityKinds, stationInput } from '../../../../contracts/stations.js';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { placeOf } from '../../../core/places.js';
import { checkHours } from '../hours.js';

export const street = z.string().regex(/^\d{9}$/);
const id = z.number().int().positive();

/** A station and its place (for the rules); 404 when there is none. */
export async function stationOf(db: Executor, streetId: string, stationId: number) {
  const s = await db
    .selectFrom('stations')
    .selectAll()
    .where('street_id', '=', streetId)
    .where('id', '=', stationId)
    .executeTakeFirst();
  if (!s) throw notFound({ zh: '服务阵地', en: 'Station' });
  return { ...s, target: { regionPath: s.region_path, streetId: s.street_id } };
}

async function placed(trx: Executor, region: string) {
  const p = await placeOf(trx, region);
  if (!p.streetId) throw invalid('region', '服务范围须为街道、社区或网格', 'Serve a street, community or grid');
  return p as typeof p & { streetId: string };
}

/** A station's columns from its input and the place it serves. */
function columnsOf(s: z.output<typeof stationInput>, p: { code: string; regionPath: string }) {
  return {
    region_code: p.code,
    region_path: p.regionPath,
    kind: s.kind,
    name: s.name,
    address: s.address,
    lng: s.lng,
    lat: s.lat,
    contact_name: s.contactName,
    contact_phone: s.contactPhone,
    hours: JSON.stringify(s.hours),
    slot_minutes: s.slotMinutes,
    slot_capacity: s.slotCapacity,
  };
}

/** 新建阵地: a station of a kind, where it is, whom it serves, its contacts and its hours (checked). */
export const createStation = command({
  action: 'stations.manage',
  input: stationInput,
  conflicts: { stations_street_id_name_key: { zh: '本街道已有同名阵地', en: 'The street has a station of that name' } },
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const p = await placed(trx, s.region);
    authorize(actor, 'stations.manage', { regionPath: p.regionPath, streetId: p.streetId });
    checkHours(s.hours);
    const row = await trx
      .insertInto('stations')
      .values({ street_id: p.streetId, ...columnsOf(s, p) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: p.streetId,
      objectType: 'station',
      objectId: row.id,
      detail: { kind: s.kind, name: s.name },
    });
    return { id: row.id };
  },
});

/** 修改阵地: everything but its street; hours checked again. Booked appointments stay as booked. */
export const updateStation = command({
  action: 'stations.manage',
  input: stationInput.extend({ street, stationId: id }),
  conflicts: { stations_street_id_name_key: { zh: '本街道已有同名阵地', en: 'The street has a station of that name' } },
  async run({ trx, actor: who, input: s, audit }) {
    const actor = requireActor(who);
    const old = await stationOf(trx, s.street, s.stationId);
    authorize(actor, 'stations.manage', old.target);
    const p = await placed(trx, s.region);
    if (p.streetId !== old.street_id) throw invalid('region', '不能把阵地移到其他街道', 'Stays in its street');
    authorize(actor, 'stations.manage', { regionPath: p.regionPath, streetId: p.streetId });
    checkHours(s.hours);
    await trx
      .updateTable('stations')
      .set({ ...columnsOf(s, p), updated_at: new Date() })
      .where('street_id', '=', old.street_id)
      .where('id', '=', old.id)
      .execute();
    await audit({ streetId: old.street_id, objectType: 'station', objectId: old.id, detail: { hours: s.hours } });
    return { ok: true as const };
  },
});

/** 设施: a thing a station lends and how many it has (never fewer than are out on loan). */
export const setFacility = command({
  action: 'stations.manage',
  input: z.object({
    street,
    stationId: id,
    kind: z.enum(facilityKinds),
    name: z.string().trim().min(1).max(30),
    stock: z.number().int().min(0).max(10000),
  }),
  async run({ trx, actor: who, input: f, audit }) {
    const actor = requireActor(who);
    const s = await stationOf(trx, f.street, f.stationId);
    authorize(actor, 'stations.manage', s.target);
    const old = await trx
      .selectFrom('station_facilities')
      .select(['id', 'on_loan'])
      .where('street_id', '=', s.street_id)
      .where('station_id', '=', s.id)
      .where('name', '=', f.name)
      .forUpdate()
      .executeTakeFirst();
    if (old && old.on_loan > f.stock)
      throw invalid('stock', `还有 ${old.on_loan} 件借出未还，数量不能少于此数`, `${old.on_loan} are out on loan`);
    const row = old
      ? await trx
          .updateTable('station_facilities')
          .set({ stock: f.stock, kind: f.kind })
          .where('street_id', '=', s.street_id)
          .where('id', '=', old.id)
          .returning('id')
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('station_facilities')
          .values({ street_id: s.street_id, station_id: s.id, kind: f.kind, name: f.name, stock: f.stock })
          .returning('id')
          .executeTakeFirstOrThrow();
    await audit({
      streetId: s.street_id,
      objectType: 'station',
      objectId: s.id,
      detail: { facility: f.name, stock: f.stock },
    });
    return { id: row.id };
  },
});

/**
 * 借出: one of a facility to a named person (an account's holder when they sign in at the station), with an optional
 * due time. The stock is taken in the same statement that checks it, so two lenders of the last umbrella cannot both
 * succeed; none left is refused in words.
 */
export const lend = command({
  action: 'stations.serve',
  input: z.object({
    street,
    facilityId: id,
    borrower: z.string().trim().min(1).max(30),
    userId: id.nullable().default(null),
    dueAt: z.iso.datetime({ offset: true }).nullable().default(null),
  }),
  async run({ trx, actor: who, input: l, audit }) {
    const actor = requireActor(who);
    const f = await trx
      .selectFrom('station_facilities')
      .select(['id', 'station_id', 'name'])
      .where('street_id', '=', l.street)
      .where('id', '=', l.facilityId)
      .executeTakeFirst();
    if (!f) throw notFound({ zh: '设施', en: 'Facility' });
    const s = await stationOf(trx, l.street, f.station_id);
    authorize(actor, 'stations.serve', s.target);
    const taken = await trx
      .updateTable('station_facilities')
      .set((eb) => ({ on_loan: eb('on_loan', '+', 1) }))
      .where('street_id', '=', l.street)
      .where('id', '=', f.id)
      .whereRef('on_loan', '<', 'stock')
      .executeTakeFirst();
    if (!Number(taken.numUpdatedRows))
      throw new AppError('conflict', { zh: `${f.name}已全部借出`, en: `No ${f.name} left to lend` });
    const row = await trx
      .insertInto('facility_loans')
      .values({
        street_id: l.street,
        facility_id: f.id,
        borrower: l.borrower,
        user_id: l.userId,
        lent_by: actor.userId,
        due_at: l.dueAt ? new Date(l.dueAt) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: l.street, objectType: 'facility_loan', objectId: row.id, detail: { facility: f.id } });
    return { id: row.id };
  },
});

/** 归还: a loan comes back (once); the stock is free again. */
export const giveBack = command({
  action: 'stations.serve',
  input: z.object({ street, loanId: id }),
  async run({ trx, actor: who, input: l, audit }) {
    const actor = requireActor(who);
    const loan = await trx
      .selectFrom('facility_loans as l')
      .innerJoin('station_facilities as f', (j) =>
        j.onRef('f.street_id', '=', 'l.street_id').onRef('f.id', '=', 'l.facility_id'),
      )
      .select(['l.id', 'l.facility_id', 'l.returned_at', 'f.station_id'])
      .where('l.street_id', '=', l.street)
      .where('l.id', '=', l.loanId)
      .forUpdate()
      .executeTakeFirst();
    if (!loan) throw notFound({ zh: '借用记录', en: 'Loan' });
    const s = await stationOf(trx, l.street, loan.station_id);
    authorize(actor, 'stations.serve', s.target);
    if (loan.returned_at) throw new AppError('conflict', { zh: '已归还', en: 'Already returned' });
    await trx
      .updateTable('facility_loans')
      .set({ returned_at: new Date(), received_by: actor.userId })
      .where('street_id', '=', l.street)
      .where('id', '=', loan.id)
      .execute();
    await trx
      .updateTable('station_facilities')
      .set((eb) => ({ on_loan: eb('on_loan', '-', 1) }))
      .where('street_id', '=', l.street)
      .where('id', '=', loan.facility_id)
      .execute();
    await audit({ streetId: l.street, objectType: 'facility_loan', objectId: loan.id, detail: { returned: true } });
    return { ok: true as const };
  },
});
