import type { ColumnType, Generated } from 'kysely';
import type { Executor } from './db.js';

export type AuditResult = 'ok' | 'denied' | 'error';

export type AuditLogTable = {
  id: Generated<number>;
  at: ColumnType<Date, Date | undefined, never>;
  street_id: string | null;
  actor_id: number | null;
  actor_name: string | null;
  role: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  result: AuditResult;
  reason: string | null;
  detail: ColumnType<unknown, string | null, never> | null;
  ip: string | null;
  user_agent: string | null;
};

declare module './tables.js' {
  interface Tables {
    audit_log: AuditLogTable;
  }
}

/** Who acted and from where, as the audit log records it. */
export type AuditContext = {
  actorId?: number | null;
  actorName?: string | null;
  role?: string | null;
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditEntry = {
  /** `<module>.<verb>`, e.g. `identity.login`, `registry.reveal`. */
  action: string;
  result: AuditResult;
  objectType?: string;
  objectId?: string | number;
  streetId?: string | null;
  reason?: string;
  detail?: Record<string, unknown>;
};

/** The row an audit entry is written as (also for statements that insert it themselves). */
export function auditRow(ctx: AuditContext, entry: AuditEntry) {
  return {
    street_id: entry.streetId ?? null,
    actor_id: ctx.actorId ?? null,
    actor_name: ctx.actorName ?? null,
    role: ctx.role ?? null,
    action: entry.action,
    object_type: entry.objectType ?? null,
    object_id: entry.objectId === undefined ? null : String(entry.objectId),
    result: entry.result,
    reason: entry.reason ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
    ip: ctx.ip ?? null,
    user_agent: ctx.userAgent?.slice(0, 500) ?? null,
  };
}

/**
 * Appends one audit entry. Pass the transaction of the change it records, so that the entry and
 * the change commit or roll back together; a refusal (denied) is written on its own.
 */
export async function writeAudit(db: Executor, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(ctx, entry)).execute();
}
