import type { FastifyRequest } from 'fastify';
import { can, forbidden } from '../../core/access.js';
import { writeAudit, type AuditContext } from '../../core/audit.js';
import type { Executor } from '../../core/db.js';
import { identityRules, type IdentityAction } from './permissions.js';

/** Who acted and from where, for the audit log. */
export function auditContext(request: FastifyRequest): AuditContext {
  const actor = request.actor;
  return {
    actorId: actor?.userId ?? null,
    actorName: actor?.name ?? null,
    role: actor?.assignments.map((a) => a.role).join(',') || null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

/** Refuses with 403 (and records the refusal) unless the actor may take the action. */
export async function authorize(db: Executor, request: FastifyRequest, action: IdentityAction): Promise<void> {
  if (can(identityRules, action, request.actor)) return;
  await writeAudit(db, auditContext(request), { action, result: 'denied' });
  throw forbidden();
}
