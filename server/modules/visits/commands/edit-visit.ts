import { z } from 'zod';
import { visitPatch } from '../../../../contracts/visits.js';
import { requireActor, streetsOfActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { AppError, notFound } from '../../../core/errors.js';

/** Within this long after it was recorded a visit is corrected in place; later edits keep what they replaced. */
export const FREE_EDIT_MS = 24 * 3_600_000;

/**
 * Corrects a visit (kind, notes, who was met) — its visitor, or whoever may record visits over the
 * place. After 24 hours the old values go to `visit_edits` first (民情日记 keeps its history).
 */
export const editVisit = command({
  action: 'visits.record',
  input: visitPatch.and(z.object({ id: z.number().int().positive() })),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const streets = streetsOfActor(actor);
    const v = await trx
      .selectFrom('visits')
      .select(['street_id', 'id', 'household_id', 'grid_path', 'visitor_id', 'kind', 'notes', 'met', 'created_at'])
      .$if(streets.length > 0, (q) => q.where('street_id', 'in', streets))
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!v) throw notFound({ zh: '走访记录', en: 'Visit' });
    authorize(actor, 'visits.record', { regionPath: v.grid_path, streetId: v.street_id });
    if (input.met !== undefined && input.met.length > 0) {
      const here = await trx
        .selectFrom('residents')
        .select('id')
        .where('street_id', '=', v.street_id)
        .where('household_id', '=', v.household_id)
        .where('id', 'in', input.met)
        .execute();
      if (here.length !== new Set(input.met).size)
        throw new AppError('validation', {
          zh: '见到的人应是该户在册居民',
          en: 'Those met must be residents of the household',
        });
    }
    const late = Date.now() - v.created_at.getTime() > FREE_EDIT_MS;
    if (late)
      await trx
        .insertInto('visit_edits')
        .values({
          street_id: v.street_id,
          visit_id: v.id,
          actor_id: actor.userId,
          before: JSON.stringify({ kind: v.kind, notes: v.notes, met: v.met }),
        })
        .execute();
    await trx
      .updateTable('visits')
      .set((eb) => ({
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        ...(input.notes !== undefined ? { notes: input.notes } : {}),
        ...(input.met !== undefined ? { met: input.met } : {}),
        edited_at: new Date(),
        ...(late ? { edits: eb('edits', '+', 1) } : {}),
      }))
      .where('street_id', '=', v.street_id)
      .where('id', '=', v.id)
      .execute();
    await audit({ streetId: v.street_id, objectType: 'visit', objectId: v.id, detail: { ...input, kept: late } });
    return { ok: true as const, historyKept: late };
  },
});
