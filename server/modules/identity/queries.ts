import type { z } from 'zod';
import type { AuditPage, auditQuery } from '../../../contracts/auth.js';
import type { Executor } from '../../core/db.js';

/** A page of the audit log, newest first, filtered in SQL. */
export async function listAudit(db: Executor, q: z.infer<typeof auditQuery>): Promise<AuditPage> {
  let query = db.selectFrom('audit_log');
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.result) query = query.where('result', '=', q.result);
  if (q.from) query = query.where('at', '>=', new Date(q.from));
  if (q.to) query = query.where('at', '<', new Date(q.to));
  const [total, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    query
      .select([
        'id',
        'at',
        'actor_id',
        'actor_name',
        'role',
        'action',
        'object_type',
        'object_id',
        'result',
        'reason',
        'ip',
      ])
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      role: r.role,
      action: r.action,
      objectType: r.object_type,
      objectId: r.object_id,
      result: r.result,
      reason: r.reason,
      ip: r.ip,
    })),
  };
}
