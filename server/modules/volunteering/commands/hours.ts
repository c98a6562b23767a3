import { z } from 'zod';
import { correctInput } from '../../../../contracts/volunteering.js';
import { requireActor } from '../../../core/access.js';
import { command } from '../../../core/command.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { reverse } from '../ledger.js';
import { pointsRuleOf } from '../settings.js';
import { activityOf, organises } from './activities.js';
import { earn } from './points.js';
import { bankHours, unbankRecord } from './timebank.js';

/** 确认时长: the recording organiser confirms checked-out records; each earns its points once. */
export const confirmHours = command({
  action: 'volunteering.manage',
  input: z.object({
    street: z.string().regex(/^\d{9}$/),
    activityId: z.number().int().positive(),
    recordIds: z.array(z.number().int().positive()).min(1).max(500),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const a = await activityOf(trx, input.street, input.activityId);
    if (!(await organises(trx, actor, a)))
      throw new AppError('forbidden', {
        zh: '只有记录该活动的组织者可以确认时长',
        en: 'Only the recording organiser confirms hours',
      });
    const records = await trx
      .selectFrom('service_records as r')
      .innerJoin('volunteers as v', (j) =>
        j.onRef('v.street_id', '=', 'r.street_id').onRef('v.id', '=', 'r.volunteer_id'),
      )
      .select(['r.id', 'r.hours', 'r.checkout_at', 'r.confirmed_at', 'v.user_id', 'v.community_code'])
      .where('r.street_id', '=', input.street)
      .where('r.activity_id', '=', a.id)
      .where('r.id', 'in', input.recordIds)
      .forUpdate()
      .execute();
    if (records.length !== new Set(input.recordIds).size)
      throw invalid('recordIds', '有记录不属于本活动', 'A record is not of this activity');
    const open = records.find((r) => !r.checkout_at);
    if (open) throw invalid('recordIds', '有志愿者尚未签退，不能确认时长', 'Someone has not checked out yet');
    // the community that recorded the hours issues their points, by its rule
    const pointsPerHour = await pointsRuleOf(trx, input.street, a.community_code, 'pointsPerHour');
    let confirmed = 0;
    for (const r of records) {
      if (r.confirmed_at) continue;
      const hours = Number(r.hours ?? 0);
      const points = Math.round(hours * pointsPerHour);
      const posted =
        points > 0
          ? await earn(trx, {
              streetId: input.street,
              community: a.community_code,
              userId: r.user_id,
              points,
              source: { kind: 'service_hours', id: String(r.id) },
              note: `${a.title} ${hours} 小时`,
            })
          : null;
      await bankHours(trx, {
        streetId: input.street,
        community: r.community_code,
        userId: r.user_id,
        hours,
        sourceId: String(r.id),
        note: `${a.title} ${hours} 小时`,
      });
      await trx
        .updateTable('service_records')
        .set({
          confirmed_at: new Date(),
          confirmed_by: actor.userId,
          points_transaction_id: posted?.transactionId ?? null,
        })
        .where('street_id', '=', input.street)
        .where('id', '=', r.id)
        .execute();
      confirmed++;
    }
    await audit({ streetId: input.street, objectType: 'activity', objectId: a.id, detail: { confirmed } });
    return { confirmed };
  },
});

/** A correction of a record's hours with the reason (kept); capped by the activity's length; points follow. */
export const correctHours = command({
  action: 'volunteering.manage',
  input: correctInput.extend({ id: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const r = await trx
      .selectFrom('service_records as r')
      .innerJoin('volunteers as v', (j) =>
        j.onRef('v.street_id', '=', 'r.street_id').onRef('v.id', '=', 'r.volunteer_id'),
      )
      .select([
        'r.id',
        'r.activity_id',
        'r.hours',
        'r.confirmed_at',
        'r.points_transaction_id',
        'v.user_id',
        'v.community_code',
      ])
      .where('r.street_id', '=', input.street)
      .where('r.id', '=', input.id)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw notFound({ zh: '服务记录', en: 'Service record' });
    const a = await activityOf(trx, input.street, r.activity_id);
    if (!(await organises(trx, actor, a)))
      throw new AppError('forbidden', {
        zh: '只有记录该活动的组织者可以更正时长',
        en: 'Only the recording organiser corrects hours',
      });
    const cap = (a.ends_at.getTime() - a.starts_at.getTime()) / 3_600_000;
    if (input.hours > cap)
      throw invalid(
        'hours',
        `服务时长不能超过活动时长（${Math.round(cap * 100) / 100} 小时）`,
        `At most the activity’s ${cap} hours`,
      );
    const change = await trx
      .insertInto('service_record_changes')
      .values({
        street_id: input.street,
        record_id: r.id,
        old_hours: r.hours,
        new_hours: input.hours.toFixed(2),
        reason: input.reason,
        changed_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let points = r.points_transaction_id;
    if (r.confirmed_at) {
      // the points follow: the first award reversed, the corrected hours earned anew (keyed on this change)
      if (r.points_transaction_id)
        await reverse(trx, input.street, r.points_transaction_id, `更正时长：${input.reason}`, actor.userId);
      const pointsPerHour = await pointsRuleOf(trx, input.street, a.community_code, 'pointsPerHour');
      const n = Math.round(input.hours * pointsPerHour);
      points =
        n > 0
          ? (
              await earn(trx, {
                streetId: input.street,
                community: a.community_code,
                userId: r.user_id,
                points: n,
                source: { kind: 'service_hours', id: `${r.id}#${change.id}` },
                note: `${a.title} 更正为 ${input.hours} 小时`,
              })
            ).transactionId
          : null;
      await unbankRecord(trx, input.street, r.id, `更正时长：${input.reason}`, actor.userId);
      await bankHours(trx, {
        streetId: input.street,
        community: r.community_code,
        userId: r.user_id,
        hours: input.hours,
        sourceId: `${r.id}#${change.id}`,
        note: `${a.title} 更正为 ${input.hours} 小时`,
      });
    }
    await trx
      .updateTable('service_records')
      .set({ hours: input.hours.toFixed(2), points_transaction_id: points })
      .where('street_id', '=', input.street)
      .where('id', '=', r.id)
      .execute();
    await audit({
      streetId: input.street,
      objectType: 'service_record',
      objectId: r.id,
      detail: { hours: input.hours, reason: input.reason },
    });
    return { ok: true as const };
  },
});
