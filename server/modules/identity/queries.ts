import { auditObjectNames } from '../../../contracts/auth.js';
import type { z } from 'zod';
import type { AuditFeed, auditFeedQuery, AuditPage, auditQuery } from '../../../contracts/auth.js';
import type { Executor } from '../../core/db.js';
import { xlsxBuffer } from '../../core/xlsx.js';

function filtered(db: Executor, q: AuditFilter) {
  let query = db.selectFrom('audit_log');
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.result) query = query.where('result', '=', q.result);
  if (q.from) query = query.where('at', '>=', new Date(q.from));
  if (q.to) query = query.where('at', '<', new Date(q.to));
  return query;
}

type AuditFilter = Omit<z.infer<typeof auditQuery>, 'page' | 'pageSize'>;
const columns = [
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
] as const;

/** A page of the audit log, newest first, filtered in SQL. */
export async function listAudit(db: Executor, q: z.infer<typeof auditQuery>): Promise<AuditPage> {
  const query = filtered(db, q);
  const [total, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    query
      .select(columns)
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return { total: Number(total.n), items: rows.map(entryOf) };
}

/** The audit log by cursor: newest first, `before` an id; one index range scan a page, no count. */
export async function auditFeed(db: Executor, q: z.infer<typeof auditFeedQuery>): Promise<AuditFeed> {
  let query = filtered(db, q).select(columns);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return { items: page.map(entryOf), next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}

function entryOf(r: {
  id: number;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  role: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: 'ok' | 'denied' | 'error';
  reason: string | null;
  ip: string | null;
}) {
  return {
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
  };
}

/** Most rows one export may hold; narrow the filter for more. */
export const AUDIT_EXPORT_LIMIT = 100_000;

/** The filtered audit log as a workbook (newest first), and how many rows it holds. */
export async function exportAudit(db: Executor, q: AuditFilter): Promise<{ rows: number; body: Buffer }> {
  const rows = await filtered(db, q)
    .select([...columns, 'user_agent', 'detail'])
    .orderBy('id', 'desc')
    .limit(AUDIT_EXPORT_LIMIT)
    .execute();
  const results = { ok: '成功', denied: '拒绝', error: '错误' } as const;
  const body = await xlsxBuffer<(typeof rows)[number]>(
    '审计日志',
    [
      { header: '编号', width: 10, value: (r) => r.id },
      { header: '时间', width: 20, value: (r) => r.at },
      { header: '操作人编号', width: 10, value: (r) => r.actor_id },
      { header: '操作人', value: (r) => r.actor_name },
      { header: '角色', width: 24, value: (r) => r.role },
      { header: '操作', width: 28, value: (r) => r.action },
      {
        header: '对象类型',
        value: (r) => (r.object_type ? (auditObjectNames[r.object_type]?.zh ?? r.object_type) : null),
      },
      { header: '对象编号', value: (r) => r.object_id },
      { header: '结果', width: 8, value: (r) => results[r.result] },
      { header: '事由', width: 30, value: (r) => r.reason },
      { header: 'IP', value: (r) => r.ip },
      { header: '终端', width: 30, value: (r) => r.user_agent },
      { header: '详情', width: 40, value: (r) => (r.detail === null ? null : JSON.stringify(r.detail)) },
    ],
    rows,
  );
  return { rows: rows.length, body };
}
