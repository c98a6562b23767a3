import type { FastifyRequest } from 'fastify';
import { can, forbidden } from '../../core/access.js';
import { auditContextOf, writeAudit, type AuditContext } from '../../core/audit.js';
import type { Executor } from '../../core/db.js';
import { identityRules, type IdentityAction } from './permissions.js';

/** Who acted and from where, for the audit log (core's, tied to the request). */
export function auditContext(request: FastifyRequest): AuditContext {
  return auditContextOf(request);
}

/** Refuses with 403 (and records the refusal) unless the actor may take the action. */
export async function authorize(db: Executor, request: FastifyRequest, action: IdentityAction): Promise<void> {
  if (can(identityRules, action, request.actor)) return;
  await writeAudit(db, auditContext(request), { action, result: 'denied' });
  throw forbidden();
}
