import { z } from 'zod';
import { checkinInput, helperInput, subjectPatch } from '../../../../contracts/care.js';
import { requireActor, streetsOfActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { publish } from '../../../core/events.js';
import { CARE_HELPED, type CareHelped } from '../events.js';
import { encrypt, type Keyring } from '../../../core/pii/index.js';

const SUBJECT = { zh: '关爱对象', en: 'Care subject' };

/** A care subject in the caller's streets (404 otherwise), with its place for the permission check. */
export async function subjectOf(db: Executor, id: number, streets: readonly string[]) {
  const s = await db
    .selectFrom('care_subjects')
    .select(['street_id', 'id', 'resident_id', 'household_id', 'grid_path', 'active'])
    .$if(streets.length > 0, (q) => q.where('street_id', 'in', [...streets]))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!s || !s.active) throw notFound(SUBJECT);
  return s;
}

/** A subject's plan: the level set by hand (with a reason) or given back to the tags, services, emergency contact. */
export function patchSubject(keyring: Keyring) {
  return command({
    action: 'visits.care',
    input: subjectPatch.and(z.object({ id: z.number().int().positive() })),
    async run({ trx, actor, input, audit }) {
      const s = await subjectOf(trx, input.id, streetsOfActor(actor));
      authorize(actor, 'visits.care', { regionPath: s.grid_path, streetId: s.street_id });
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (input.level !== undefined) {
        set.level_override = input.level;
        set.override_reason = input.level === null ? null : (input.overrideReason ?? null);
        if (input.level === null) {
          const current = await trx
            .selectFrom('care_subjects')
            .select('level_auto')
            .where('street_id', '=', s.street_id)
            .where('id', '=', s.id)
            .executeTakeFirstOrThrow();
          if (current.level_auto === null)
            throw invalid(
              'level',
              '该居民按标签已不属于关爱对象，不能取消手动等级',
              'The tags give no level: the level set by hand cannot go',
            );
        }
      }
      if (input.services !== undefined) set.services = [...new Set(input.services)];
      if (input.emergencyName !== undefined) set.emergency_name = input.emergencyName;
      if (input.emergencyPhone !== undefined)
        set.emergency_phone_cipher = input.emergencyPhone === null ? null : encrypt(keyring, input.emergencyPhone);
      if (input.note !== undefined) set.note = input.note;
      await trx
        .updateTable('care_subjects')
        .set(set)
        .where('street_id', '=', s.street_id)
        .where('id', '=', s.id)
        .execute();
      const { emergencyPhone, ...shown } = input;
      await audit({
        streetId: s.street_id,
        objectType: 'care_subject',
        objectId: s.id,
        detail: { ...shown, emergencyPhone: emergencyPhone === undefined ? undefined : '(sealed)' },
      });
      return { ok: true as const };
    },
  });
}

/** 结对帮扶: pairs a helper (an account, a resident of the street, or both) with a subject. */
export const addHelper = command({
  action: 'visits.care',
  input: helperInput.and(z.object({ subjectId: z.number().int().positive() })),
  async run({ trx, actor, input, audit }) {
    const s = await subjectOf(trx, input.subjectId, streetsOfActor(actor));
    authorize(actor, 'visits.care', { regionPath: s.grid_path, streetId: s.street_id });
    if (input.residentId !== null) {
      const r = await trx
        .selectFrom('residents')
        .select('id')
        .where('street_id', '=', s.street_id)
        .where('id', '=', input.residentId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!r) throw invalid('residentId', '结对居民不在本街道', 'The helper is no resident of this street');
    }
    if (input.userId !== null) {
      const u = await trx
        .selectFrom('users')
        .select('id')
        .where('id', '=', input.userId)
        .where('disabled', '=', false)
        .executeTakeFirst();
      if (!u) throw invalid('userId', '结对人的账号不存在或已停用', 'No such account');
    }
    const row = await trx
      .insertInto('care_helpers')
      .values({
        street_id: s.street_id,
        subject_id: s.id,
        kind: input.kind,
        user_id: input.userId,
        resident_id: input.residentId,
        name: input.name,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: s.street_id, objectType: 'care_helper', objectId: row.id, detail: input });
    return { id: row.id };
  },
});

export const removeHelper = command({
  action: 'visits.care',
  input: z.object({ subjectId: z.number().int().positive(), helperId: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const s = await subjectOf(trx, input.subjectId, streetsOfActor(actor));
    authorize(actor, 'visits.care', { regionPath: s.grid_path, streetId: s.street_id });
    const r = await trx
      .updateTable('care_helpers')
      .set({ active: false })
      .where('street_id', '=', s.street_id)
      .where('subject_id', '=', s.id)
      .where('id', '=', input.helperId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound({ zh: '结对关系', en: 'Pairing' });
    await audit({
      streetId: s.street_id,
      objectType: 'care_helper',
      objectId: input.helperId,
      detail: { ended: true },
    });
    return { ok: true as const };
  },
});

/** A pair-up helper records a care visit to their own subject (from the phone). */
export const checkIn = command({
  action: 'visits.checkin',
  input: checkinInput.extend({ subjectId: z.number().int().positive() }),
  async run({ trx, actor, input, audit }) {
    const me = requireActor(actor);
    const helper = await trx
      .selectFrom('care_helpers')
      .select(['street_id', 'id', 'subject_id'])
      .where('user_id', '=', me.userId)
      .where('subject_id', '=', input.subjectId)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!helper) throw new AppError('forbidden', { zh: '您不是该对象的结对人', en: 'You are not paired with them' });
    if (Date.parse(input.at) > Date.now() + 5 * 60_000)
      throw invalid('at', '走访时间不能晚于现在', 'A visit cannot be in the future');
    const row = await trx
      .insertInto('care_checkins')
      .values({
        street_id: helper.street_id,
        subject_id: helper.subject_id,
        helper_id: helper.id,
        at: new Date(input.at),
        kind: input.kind,
        notes: input.notes,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({
      streetId: helper.street_id,
      objectType: 'care_checkin',
      objectId: row.id,
      detail: { kind: input.kind },
    });
    const subject = await trx
      .selectFrom('care_subjects')
      .select('grid_path')
      .where('street_id', '=', helper.street_id)
      .where('id', '=', helper.subject_id)
      .executeTakeFirstOrThrow();
    await publish(trx, {
      kind: CARE_HELPED,
      streetId: helper.street_id,
      payload: {
        checkinId: row.id,
        userId: me.userId,
        community: subject.grid_path.split('/').at(-3) ?? '',
      } satisfies CareHelped,
    });
    return { id: row.id };
  },
});
