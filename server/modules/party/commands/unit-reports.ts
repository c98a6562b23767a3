import { z } from 'zod';
import { dualDecision } from '../../../../contracts/party.js';
import { unitReportInput, unitServiceInput } from '../../../../contracts/party-unit-reports.js';
import { assignmentsOf, requireActor, streetsOfActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { invalid } from '../invalid.js';
import { regionOf } from '../queries.js';
import { checkPost, checkServedOn } from './members.js';

/**
 * 双报到 of a whole unit: its handlers report the unit's branch to a community and record what the
 * branch did there; the community secretary approves with a post (设岗定责) or turns it down.
 */

/** The unit the signed-in handler acts for (403 for an account that is no unit's). */
export function unitOfActor(actor: Actor | null) {
  const [mine] = assignmentsOf(requireActor(actor), 'agency_handler');
  if (!mine?.agencyId || !mine.streetId)
    throw new AppError('forbidden', { zh: '您的账号不属于共建单位', en: 'Your account is no unit’s' });
  return { agencyId: mine.agencyId, streetId: mine.streetId };
}

export const requestUnitReport = command({
  action: 'party.act_for_unit',
  input: unitReportInput,
  conflicts: {
    party_unit_reports_open: {
      zh: '本单位已向该社区报到或正在等待审核',
      en: 'The unit has reported to this community or is waiting already',
    },
  },
  async run({ trx, actor, input, audit }) {
    const unit = unitOfActor(actor);
    authorize(actor, 'party.act_for_unit', unit);
    const c = await regionOf(trx, input.community);
    if (!c?.street_id || c.level !== 'community' || c.street_id !== unit.streetId)
      throw invalid('community', '请选择本街道的社区', 'Pick a community of this street');
    const row = await trx
      .insertInto('party_unit_reports')
      .values({
        street_id: unit.streetId,
        agency_id: unit.agencyId,
        community_code: c.code,
        members: input.members,
        status: 'requested',
        note: input.note,
        requested_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: unit.streetId,
      objectType: 'party_unit_report',
      objectId: row.id,
      detail: { community: c.code, members: input.members },
    });
    return { id: row.id };
  },
});

async function reportOf(trx: Executor, id: number, streets: string[]) {
  const r = await trx
    .selectFrom('party_unit_reports as u')
    .innerJoin('regions as c', 'c.code', 'u.community_code')
    .select(['u.street_id', 'u.agency_id', 'u.status', 'u.community_code', 'c.path'])
    .$if(streets.length > 0, (q) => q.where('u.street_id', 'in', streets))
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '单位报到', en: 'Unit report' });
  return r;
}

export const decideUnitReport = command({
  action: 'party.manage',
  input: dualDecision.extend({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const r = await reportOf(trx, input.id, streetsOfActor(actor));
    authorize(actor, 'party.manage', { regionPath: r.path, streetId: r.street_id });
    if (r.status !== 'requested')
      throw new AppError('conflict', { zh: '该报到已处理', en: 'The report was decided already' });
    if (input.approve) await checkPost(trx, r.street_id, r.community_code, input.postId, '单位');
    await trx
      .updateTable('party_unit_reports')
      .set({
        status: input.approve ? 'approved' : 'rejected',
        post_id: input.approve ? input.postId : null,
        note: input.note,
        decided_at: new Date(),
        decided_by: actor?.userId ?? null,
      })
      .where('street_id', '=', r.street_id)
      .where('id', '=', input.id)
      .execute();
    await audit({ streetId: r.street_id, objectType: 'party_unit_report', objectId: input.id, detail: input });
    return { ok: true as const };
  },
});

/** A unit records a service its branch gave a community it reported to (approved reports only). */
export const recordUnitService = command({
  action: 'party.act_for_unit',
  input: unitServiceInput.extend({ reportId: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const unit = unitOfActor(actor);
    const r = await reportOf(trx, input.reportId, [unit.streetId]);
    authorize(actor, 'party.act_for_unit', { agencyId: r.agency_id, streetId: r.street_id });
    if (r.status !== 'approved')
      throw new AppError('conflict', {
        zh: '报到经社区审核通过后才能记录服务',
        en: 'Services are recorded once the community approved the report',
      });
    checkServedOn(input.servedOn);
    const row = await trx
      .insertInto('party_unit_services')
      .values({
        street_id: r.street_id,
        report_id: input.reportId,
        served_on: input.servedOn,
        people: input.people,
        hours: input.hours,
        what: input.what,
        recorded_by: actor?.userId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: r.street_id, objectType: 'party_unit_service', objectId: row.id, detail: input });
    return { id: row.id };
  },
});
