import { z } from 'zod';
import { requireActor } from '../../../core/access.js';
import { authorize } from '../../../core/authorize.js';
import { command } from '../../../core/command.js';
import { AppError, notFound } from '../../../core/errors.js';
import { stationOf, street } from './stations.js';

const id = z.number().int().positive();

/**
 * 代办 (proxy service): a worker takes a service on for a resident who cannot come (the elderly, the disabled, the
 * ill), logging each material received. Done, then every material handed back and the resident (or their family)
 * signing for it by name — a request cannot be closed without that signature.
 */
export const takeProxy = command({
  action: 'stations.serve',
  input: z.object({
    street,
    stationId: id,
    itemId: id,
    resident: z.string().trim().min(1).max(30),
    reason: z.enum(['elderly', 'disabled', 'ill', 'other']),
    materials: z.array(z.string().trim().min(1).max(60)).max(20),
  }),
  async run({ trx, actor: who, input: p, audit }) {
    const actor = requireActor(who);
    const s = await stationOf(trx, p.street, p.stationId);
    authorize(actor, 'stations.serve', s.target);
    const item = await trx
      .selectFrom('service_items')
      .select(['id', 'channels'])
      .where('street_id', '=', p.street)
      .where('id', '=', p.itemId)
      .executeTakeFirst();
    if (!item) throw notFound({ zh: '服务事项', en: 'Service item' });
    const at = new Date().toISOString();
    const row = await trx
      .insertInto('proxy_requests')
      .values({
        street_id: p.street,
        station_id: s.id,
        item_id: item.id,
        resident: p.resident,
        reason: p.reason,
        worker_id: actor.userId,
        materials: JSON.stringify(p.materials.map((name) => ({ name, receivedAt: at, returnedAt: null }))),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit({ streetId: p.street, objectType: 'proxy_request', objectId: row.id, detail: { item: item.id } });
    return { id: row.id };
  },
});

/** 代办进展: done (the service is finished), then returned (materials back, signed for by name). */
export const advanceProxy = command({
  action: 'stations.serve',
  input: z.object({
    street,
    requestId: id,
    state: z.enum(['done', 'returned']),
    signedBy: z.string().trim().min(1).max(30).nullable().default(null),
  }),
  async run({ trx, actor: who, input: p, audit }) {
    const actor = requireActor(who);
    const r = await trx
      .selectFrom('proxy_requests')
      .select(['id', 'station_id', 'state', 'materials'])
      .where('street_id', '=', p.street)
      .where('id', '=', p.requestId)
      .forUpdate()
      .executeTakeFirst();
    if (!r) throw notFound({ zh: '代办事项', en: 'Proxy request' });
    authorize(actor, 'stations.serve', (await stationOf(trx, p.street, r.station_id)).target);
    const from = p.state === 'done' ? 'received' : 'done';
    if (r.state !== from)
      throw new AppError('conflict', {
        zh: p.state === 'done' ? '该代办已办结' : '请先办结再归还材料',
        en: p.state === 'done' ? 'Already done' : 'Finish it first',
      });
    if (p.state === 'returned' && !p.signedBy)
      throw new AppError(
        'validation',
        { zh: '归还材料须由居民或家属签收（填写签收人）', en: 'Who signed for the materials?' },
        {
          issues: [{ path: 'signedBy', message: { zh: '请填写签收人', en: 'Who signed' } }],
        },
      );
    const now = new Date();
    await trx
      .updateTable('proxy_requests')
      .set(
        p.state === 'done'
          ? { state: 'done', done_at: now }
          : {
              state: 'returned',
              returned_at: now,
              signed_by: p.signedBy,
              materials: JSON.stringify(r.materials.map((m) => ({ ...m, returnedAt: now.toISOString() }))),
            },
      )
      .where('street_id', '=', p.street)
      .where('id', '=', r.id)
      .execute();
    await audit({ streetId: p.street, objectType: 'proxy_request', objectId: r.id, detail: { state: p.state } });
    return { ok: true as const };
  },
});
