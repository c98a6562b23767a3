import { z } from 'zod';
import { evidenceInput, milestoneInput } from '../../../../contracts/purchases.js';
import { requireActor, streetsOfActor, type Actor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import type { Executor } from '../../../core/db.js';
import { AppError, invalid, notFound } from '../../../core/errors.js';
import { takePhotos } from '../../cases/index.js';
import { needOf } from './lists.js';

/** A project of the actor's streets, with the place of its need (for the rules). 404 otherwise. */
export async function projectOf(db: Executor, actor: Actor, id: number) {
  const p = await db
    .selectFrom('need_projects')
    .select(['street_id', 'id', 'need_id', 'state', 'starts_on', 'ends_on'])
    .where('street_id', 'in', [...streetsOfActor(actor), ''])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!p) throw notFound({ zh: '项目', en: 'Project' });
  const n = await needOf(db, [p.street_id], p.need_id);
  return { ...p, target: n.target };
}

/** A milestone of a running project (项目节点): what is to be done by when. */
export const addMilestone = command({
  action: 'needs.manage',
  input: milestoneInput.extend({ projectId: z.number().int().positive() }),
  async run({ trx, actor: who, input: m, audit }) {
    const actor = requireActor(who);
    const p = await projectOf(trx, actor, m.projectId);
    authorize(actor, 'needs.manage', p.target);
    if (p.state !== 'active') throw new AppError('conflict', { zh: '该项目已办结', en: 'The project is closed' });
    const row = await trx
      .insertInto('project_milestones')
      .values({ street_id: p.street_id, project_id: p.id, title: m.title, due_on: m.dueOn })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: p.street_id, objectType: 'need_project', objectId: p.id, detail: { milestone: row.id } });
    return { id: row.id };
  },
});

/** A milestone done, with its evidence: what was done in words, and photos (taken over from the upload). */
export const completeMilestone = command({
  action: 'needs.manage',
  input: evidenceInput.extend({ id: z.number().int().positive() }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const m = await trx
      .selectFrom('project_milestones')
      .select(['street_id', 'id', 'project_id'])
      .where('street_id', 'in', [...streetsOfActor(actor), ''])
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!m) throw notFound({ zh: '项目节点', en: 'Milestone' });
    const p = await projectOf(trx, actor, m.project_id);
    authorize(actor, 'needs.manage', p.target);
    // done once: the update takes the milestone only while it is open (no row lock across streets on Citus)
    const taken = await trx
      .updateTable('project_milestones')
      .set({ done_at: new Date(), done_by: actor.userId, evidence: input.evidence })
      .where('street_id', '=', m.street_id)
      .where('id', '=', m.id)
      .where('done_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!taken) throw invalid('id', '该节点已完成', 'The milestone is done already');
    const photos = await takePhotos(trx, {
      streetId: m.street_id,
      ids: input.photos,
      uploader: `user:${actor.userId}`,
    });
    if (photos.length > 0)
      await trx
        .insertInto('need_evidence')
        .values(photos.map((x) => ({ street_id: m.street_id, milestone_id: m.id, acceptance_id: null, ...x })))
        .execute();
    await audit({
      streetId: m.street_id,
      objectType: 'need_project',
      objectId: m.project_id,
      detail: { milestoneDone: m.id, photos: photos.length },
    });
    return { ok: true as const };
  },
});
