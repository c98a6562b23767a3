import { z } from 'zod';
import { requireActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { command } from '../../core/command.js';
import type { Executor } from '../../core/db.js';
import { AppError } from '../../core/errors.js';
import { requireOpen, voteOf } from './commands/votes.js';

export const SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;

/** 扫描件: a paper ballot's scan or a signed authorisation, put on file before its entry names it. */
export const attachScan = command({
  action: 'votes.manage',
  input: z.object({
    street: z.string().regex(/^\d{9}$/),
    voteId: z.number().int().positive(),
    name: z.string().trim().min(1).max(100),
    mime: z.enum(SCAN_TYPES),
    data: z.instanceof(Buffer),
  }),
  async run({ trx, actor: who, input, audit }) {
    const actor = requireActor(who);
    const v = await voteOf(trx, input.street, input.voteId);
    authorize(actor, 'votes.manage', v.target);
    requireOpen(v);
    if (input.data.length === 0) throw new AppError('validation', { zh: '文件是空的', en: 'The file is empty' });
    const row = await trx
      .insertInto('owner_vote_files')
      .values({
        street_id: v.street_id,
        vote_id: v.id,
        name: input.name,
        mime: input.mime,
        size: input.data.length,
        data: input.data,
        uploaded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: v.street_id, objectType: 'owner_vote', objectId: v.id, detail: { file: row.id } });
    return { id: row.id };
  },
});

export async function scanOf(db: Executor, streetId: string, voteId: number, id: number) {
  return db
    .selectFrom('owner_vote_files')
    .select(['name', 'mime', 'data'])
    .where('street_id', '=', streetId)
    .where('vote_id', '=', voteId)
    .where('id', '=', id)
    .executeTakeFirst();
}
