import crypto from 'node:crypto';
import { sql, type ColumnType, type Generated } from 'kysely';
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
  /** The hash chain (set by the database's trigger, whatever the writer sends). */
  chain_seq: ColumnType<number, never, never>;
  prev_hash: ColumnType<string | null, never, never>;
  hash: ColumnType<string, never, never>;
};

declare module './tables.js' {
  interface Tables {
    audit_log: AuditLogTable;
  }
}

/** The requests whose refusal has been written to the audit log (so the error handler does not write it again). */
const deniedAudited = new WeakSet<object>();
const REQUEST = Symbol('request');

/** True when a refusal of this request is already in the audit log. */
export function refusalAudited(request: object): boolean {
  return deniedAudited.has(request);
}

/** Who acted and from where, for the audit log, from an HTTP request (and tied to it). */
export function auditContextOf(request: {
  actor: { userId: number; name: string; assignments: { role: string }[] } | null;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}): AuditContext {
  const actor = request.actor;
  const ua = request.headers['user-agent'];
  const ctx: AuditContext = {
    actorId: actor?.userId ?? null,
    actorName: actor?.name ?? null,
    role: actor?.assignments.map((a) => a.role).join(',') || null,
    ip: request.ip,
    userAgent: typeof ua === 'string' ? ua : null,
  };
  Object.defineProperty(ctx, REQUEST, { value: request, enumerable: false });
  return ctx;
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
  const request = (ctx as { [REQUEST]?: object })[REQUEST];
  if (entry.result === 'denied' && request) deniedAudited.add(request);
}

export type ChainReport = {
  /** Entries checked. */
  checked: number;
  /** The first broken link, or null when the chain holds. */
  broken: { chainSeq: number; id: number; why: string } | null;
};

/**
 * Walks the audit chain in order and checks every link: each entry's hash is the SHA-256 of its
 * canonical text (computed here, not trusted from the database), each `prev_hash` is the hash of
 * the entry before it, and no sequence number is missing. The first entry still kept (older ones
 * may have been purged after 180 days) is taken as the start.
 */
export async function verifyAuditChain(db: Executor, batch = 5000): Promise<ChainReport> {
  let checked = 0;
  let prevHash: string | null | undefined;
  let prevSeq: number | undefined;
  for (;;) {
    const rows = await sql<{
      id: string;
      chain_seq: string;
      prev_hash: string | null;
      hash: string;
      canonical: string;
    }>`
      SELECT id, chain_seq, prev_hash, hash, audit_log_canonical(a) AS canonical
      FROM audit_log a WHERE ${prevSeq === undefined} OR chain_seq > ${prevSeq ?? 0}
      ORDER BY chain_seq LIMIT ${batch}`.execute(db);
    if (rows.rows.length === 0) return { checked, broken: null };
    for (const r of rows.rows) {
      const seq = Number(r.chain_seq);
      const at = { chainSeq: seq, id: Number(r.id) };
      if (prevSeq !== undefined && seq !== prevSeq + 1)
        return { checked, broken: { ...at, why: `entries ${prevSeq + 1}–${seq - 1} are missing` } };
      if (prevHash !== undefined && r.prev_hash !== prevHash)
        return { checked, broken: { ...at, why: 'prev_hash is not the hash of the entry before it' } };
      const hash = crypto.createHash('sha256').update(r.canonical, 'utf8').digest('hex');
      if (hash !== r.hash) return { checked, broken: { ...at, why: 'the entry was changed after it was written' } };
      prevHash = r.hash;
      prevSeq = seq;
      checked++;
    }
  }
}
