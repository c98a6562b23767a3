import { z } from 'zod';
import { agreementInput, meetingInput, progressInput } from '../../../../contracts/party.js';
import { requireActor, streetsOfActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { addLimit, localDate, localMidnight, workCalendarOf, type WorkCalendar } from '../../cases/index.js';
import { invalid } from '../invalid.js';
import { communityTarget } from '../queries.js';

/** The units named exist in the street (the same agencies cases are dispatched to). */
async function checkUnits(db: Executor, streetId: string, ids: readonly number[], path: string) {
  const found = await db
    .selectFrom('agencies')
    .select('id')
    .where('street_id', '=', streetId)
    .where('id', 'in', [...ids, 0])
    .execute();
  if (found.length !== new Set(ids).size) throw invalid(path, '共建单位不属于本街道', 'A unit is not of this street');
}

/**
 * The day a resolution is due, `n` working days after its meeting on the street's calendar (the
 * last day of the limit: the limit ends at that day's midnight).
 */
export function dueAfter(heldOn: string, n: number, calendar: WorkCalendar): string {
  return localDate(new Date(addLimit(localMidnight(heldOn), n, 'working_days', calendar).getTime() - 1));
}

/** A co-building agreement (共驻共建协议) between the community and a unit, with its items. */
export const createAgreement = command({
  action: 'party.manage',
  input: agreementInput,
  async run({ trx, actor, input, audit }) {
    const c = await communityTarget(trx, input.community);
    authorize(actor, 'party.manage', c);
    if (input.termEnd <= input.signedOn)
      throw invalid('termEnd', '协议到期日应晚于签订日', 'The term ends before it starts');
    await checkUnits(trx, c.streetId, [input.agencyId], 'agencyId');
    const a = await trx
      .insertInto('party_agreements')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        agency_id: input.agencyId,
        title: input.title,
        signed_on: input.signedOn,
        term_end: input.termEnd,
        file_name: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('party_agreement_items')
      .values(input.items.map((i) => ({ street_id: c.streetId, agreement_id: a.id, ...i })))
      .execute();
    await audit({
      streetId: c.streetId,
      objectType: 'party_agreement',
      objectId: a.id,
      detail: { title: input.title },
    });
    return { id: a.id };
  },
});

/** Progress on an agreement's item (an activity held, a venue lent, a team's service). */
export const recordProgress = command({
  action: 'party.manage',
  input: progressInput.extend({ itemId: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const streets = streetsOfActor(actor);
    const item = await trx
      .selectFrom('party_agreement_items as i')
      .innerJoin('party_agreements as a', (j) =>
        j.onRef('a.street_id', '=', 'i.street_id').onRef('a.id', '=', 'i.agreement_id'),
      )
      .innerJoin('regions as r', 'r.code', 'a.community_code')
      .select(['i.street_id', 'r.path'])
      .$if(streets.length > 0, (q) => q.where('i.street_id', 'in', streets))
      .where('i.id', '=', input.itemId)
      .executeTakeFirst();
    if (!item) throw notFound({ zh: '协议事项', en: 'Agreement item' });
    authorize(actor, 'party.manage', { regionPath: item.path, streetId: item.street_id });
    const row = await trx
      .insertInto('party_agreement_progress')
      .values({
        street_id: item.street_id,
        item_id: input.itemId,
        done_on: input.doneOn,
        amount: input.amount,
        note: input.note,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: item.street_id,
      objectType: 'party_agreement_item',
      objectId: input.itemId,
      detail: input,
    });
    return { id: row.id };
  },
});

/**
 * A joint meeting (联席会议) with its resolutions: each a task for a lead unit (and assisting ones)
 * due on a date or after a number of working days on the street's calendar — never before the meeting.
 */
export const createMeeting = command({
  action: 'party.manage',
  input: meetingInput,
  async run({ trx, actor, input, audit }) {
    const c = await communityTarget(trx, input.community);
    authorize(actor, 'party.manage', c);
    const calendar = await workCalendarOf(trx, c.streetId);
    const due = input.resolutions.map((r, i) => {
      if (r.dueOn === undefined && r.workingDays === undefined)
        throw invalid(`resolutions.${i}.dueOn`, '请填写办结期限（日期或工作日数）', 'Give a deadline');
      const on = r.dueOn ?? dueAfter(input.heldOn, r.workingDays ?? 1, calendar);
      if (on < input.heldOn)
        throw invalid(
          `resolutions.${i}.dueOn`,
          `第 ${i + 1} 项决议的期限早于会议日期`,
          'A resolution is due before its meeting',
        );
      return on;
    });
    await checkUnits(
      trx,
      c.streetId,
      [...new Set(input.resolutions.flatMap((r) => [r.leadAgencyId, ...r.assistAgencyIds]))],
      'resolutions',
    );
    const m = await trx
      .insertInto('party_meetings')
      .values({
        street_id: c.streetId,
        community_code: c.code,
        title: input.title,
        held_on: input.heldOn,
        attendees: input.attendees,
        minutes: input.minutes,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.resolutions.length)
      await trx
        .insertInto('party_resolutions')
        .values(
          input.resolutions.map((r, i) => ({
            street_id: c.streetId,
            meeting_id: m.id,
            what: r.what,
            lead_agency_id: r.leadAgencyId,
            assist_agency_ids: r.assistAgencyIds,
            due_on: due[i] as string,
          })),
        )
        .execute();
    await audit({ streetId: c.streetId, objectType: 'party_meeting', objectId: m.id, detail: { title: input.title } });
    return { id: m.id };
  },
});

/** A resolution by id in the actor's streets, with its community's place. */
export async function resolutionOf(db: Executor, actor: Parameters<typeof streetsOfActor>[0], id: number) {
  const streets = streetsOfActor(actor);
  const r = await db
    .selectFrom('party_resolutions as x')
    .innerJoin('party_meetings as m', (j) =>
      j.onRef('m.street_id', '=', 'x.street_id').onRef('m.id', '=', 'x.meeting_id'),
    )
    .innerJoin('regions as c', 'c.code', 'm.community_code')
    .select(['x.street_id', 'x.id', 'x.what', 'x.case_id', 'x.done_on', 'm.title', 'm.community_code', 'c.path'])
    .$if(streets.length > 0, (q) => q.where('x.street_id', 'in', streets))
    .where('x.id', '=', id)
    .executeTakeFirst();
  if (!r) throw notFound({ zh: '会议决议', en: 'Resolution' });
  requireActor(actor);
  return r;
}

/** Links a resolution to the case opened for it (one case per resolution). */
export const linkResolutionCase = command({
  action: 'party.manage',
  input: z.object({ id: z.number().int().positive(), caseId: z.number().int().positive() }),
  conflicts: { party_resolutions_case: { zh: '该案件已关联其他决议', en: 'The case carries another resolution' } },
  async run({ trx, actor, input, audit }) {
    const r = await resolutionOf(trx, actor, input.id);
    authorize(actor, 'party.manage', { regionPath: r.path, streetId: r.street_id });
    if (r.case_id !== null)
      throw new AppError('conflict', { zh: '该决议已转为案件', en: 'The resolution has a case already' });
    await trx
      .updateTable('party_resolutions')
      .set({ case_id: input.caseId })
      .where('street_id', '=', r.street_id)
      .where('id', '=', input.id)
      .execute();
    await audit({
      streetId: r.street_id,
      objectType: 'party_resolution',
      objectId: input.id,
      detail: { caseId: input.caseId },
    });
    return { ok: true as const };
  },
});

/** Marks a resolution done. */
export const completeResolution = command({
  action: 'party.manage',
  input: z.object({ id: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const r = await resolutionOf(trx, actor, input.id);
    authorize(actor, 'party.manage', { regionPath: r.path, streetId: r.street_id });
    await trx
      .updateTable('party_resolutions')
      .set({ done_on: localDate(new Date()) })
      .where('street_id', '=', r.street_id)
      .where('id', '=', input.id)
      .execute();
    await audit({ streetId: r.street_id, objectType: 'party_resolution', objectId: input.id, detail: { done: true } });
    return { ok: true as const };
  },
});
