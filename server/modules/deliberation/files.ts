import { z } from 'zod';
import { requireActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { command } from '../../core/command.js';
import type { Executor } from '../../core/db.js';
import { AppError, notFound } from '../../core/errors.js';
import { placeOf } from '../../core/places.js';

export const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_PER_OWNER = 10;
export type FileOwner = 'meeting' | 'step' | 'notice';

/** The place an attachment belongs to (its meeting's, topic's or notice's), and whether it is public now. */
export async function ownerOf(db: Executor, streetId: string, kind: FileOwner, id: number) {
  if (kind === 'meeting') {
    const m = await db
      .selectFrom('meetings')
      .select('community_code')
      .where('street_id', '=', streetId)
      .where('id', '=', id)
      .executeTakeFirst();
    return m ? { region: m.community_code, public: false } : null;
  }
  if (kind === 'step') {
    const s = await db
      .selectFrom('topic_steps as s')
      .innerJoin('topics as t', (j) => j.onRef('t.street_id', '=', 's.street_id').onRef('t.id', '=', 's.topic_id'))
      .select(['t.community_code', 's.step', 's.counts', 't.state'])
      .where('s.street_id', '=', streetId)
      .where('s.id', '=', id)
      .executeTakeFirst();
    return s
      ? {
          region: s.community_code,
          public: s.counts && s.state !== 'withdrawn' && (s.step === 'publish_decision' || s.step === 'publish_result'),
        }
      : null;
  }
  const n = await db
    .selectFrom('notices')
    .select(['region_code', 'audience', 'publish_at', 'withdraw_at', 'building_id'])
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!n) return null;
  const now = Date.now();
  const live = n.publish_at.getTime() <= now && (!n.withdraw_at || n.withdraw_at.getTime() > now);
  return { region: n.region_code, public: n.audience === 'public' && n.building_id === null && live };
}

/** 附件: a PDF, JPG or PNG (up to 10 MB, ten to a record) for the minutes, a step (a result's evidence) or a notice. */
export const attachFile = command({
  action: 'deliberation.manage',
  input: z.object({
    street: z.string().regex(/^\d{9}$/),
    kind: z.enum(['meeting', 'step', 'notice']),
    id: z.number().int().positive(),
    name: z.string().trim().min(1).max(100),
    mime: z.enum(FILE_TYPES),
    data: z.instanceof(Buffer),
  }),
  async run({ trx, actor: who, input: f, audit }) {
    const actor = requireActor(who);
    const owner = await ownerOf(trx, f.street, f.kind, f.id);
    if (!owner) throw notFound({ zh: '附件所属记录', en: 'Record' });
    const place = await placeOf(trx, owner.region);
    authorize(actor, 'deliberation.manage', { regionPath: place.regionPath, streetId: f.street });
    const count = await trx
      .selectFrom('deliberation_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('street_id', '=', f.street)
      .where('owner_kind', '=', f.kind)
      .where('owner_id', '=', f.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PER_OWNER)
      throw new AppError('conflict', { zh: `每条记录最多 ${MAX_PER_OWNER} 个附件`, en: 'Too many attachments' });
    const row = await trx
      .insertInto('deliberation_files')
      .values({
        street_id: f.street,
        owner_kind: f.kind,
        owner_id: f.id,
        name: f.name,
        mime: f.mime,
        size: f.data.length,
        data: f.data,
        uploaded_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: f.street, objectType: 'deliberation_file', objectId: row.id, detail: { kind: f.kind } });
    return { id: row.id };
  },
});

/** The attachments of some records of one kind, by record id (names and sizes, never the bytes). */
export async function filesOf(db: Executor, streetId: string, kind: FileOwner, ids: readonly number[]) {
  const out = new Map<number, { id: number; name: string; mime: string; size: number }[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('deliberation_files')
    .select(['id', 'owner_id', 'name', 'mime', 'size'])
    .where('street_id', '=', streetId)
    .where('owner_kind', '=', kind)
    .where('owner_id', 'in', [...ids])
    .orderBy('id')
    .execute();
  for (const r of rows)
    out.set(r.owner_id, [...(out.get(r.owner_id) ?? []), { id: r.id, name: r.name, mime: r.mime, size: r.size }]);
  return out;
}

export async function fileOf(db: Executor, streetId: string, id: number) {
  return db
    .selectFrom('deliberation_files')
    .selectAll()
    .where('street_id', '=', streetId)
    .where('id', '=', id)
    .executeTakeFirst();
}
