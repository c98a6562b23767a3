import { hasRole, type Actor } from '../../../core/access.js';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Executor } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { revokeAllSessions } from '../sessions.js';
import type { Approver } from '../separation.js';

/**
 * Marks an account as waiting for a second administrator (pass the transaction of the change):
 * until approved it cannot sign in, and its sessions end now.
 */
export async function awaitApproval(
  db: Executor,
  userId: number,
  approval: Approver,
  requestedBy: number | null,
  change: 'created' | 'password_reset' | 'roles_changed',
): Promise<void> {
  await db
    .updateTable('users')
    .set({ approval, approval_requested_by: requestedBy, approval_change: change, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
  await revokeAllSessions(db, userId);
}

/**
 * The second person's verdict on a waiting account: approved, it may sign in; refused, it is
 * disabled. Only the administrator the change waits for may decide, and never the one who asked.
 */
export async function approveAccount(opts: {
  db: Executor;
  actor: Actor | null;
  userId: number;
  verdict: 'approve' | 'reject';
  audit: AuditContext;
}): Promise<void> {
  const { db, actor } = opts;
  const user = await db
    .selectFrom('users')
    .select(['id', 'approval', 'approval_requested_by', 'approval_change'])
    .where('id', '=', opts.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw notFound({ zh: '用户', en: 'User' });
  if (!user.approval) {
    throw new AppError('conflict', { zh: '该账号没有待审核的变更', en: 'Nothing waits for approval on this account' });
  }
  const mine = actor !== null && hasRole(actor, user.approval) && actor.userId !== user.approval_requested_by;
  if (!mine) {
    await writeAudit(db, opts.audit, {
      action: 'identity.approve_user',
      result: 'denied',
      objectType: 'user',
      objectId: user.id,
      detail: { waitsFor: user.approval },
    });
    throw new AppError('forbidden', {
      zh: user.approval === 'audit_admin' ? '管理员账号的变更须由审计管理员审核' : '该变更须由安全管理员审核，且不能由申请人本人审核',
      en: user.approval === 'audit_admin' ? "An administrator account's change is approved by the audit administrator" : 'The security administrator approves this change, never the one who asked',
    });
  }
  await db
    .updateTable('users')
    .set({
      approval: null,
      approval_requested_by: null,
      approval_change: null,
      ...(opts.verdict === 'reject' ? { disabled: true } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', user.id)
    .execute();
  if (opts.verdict === 'reject') await revokeAllSessions(db, user.id);
  await writeAudit(db, opts.audit, {
    action: 'identity.approve_user',
    result: 'ok',
    objectType: 'user',
    objectId: user.id,
    detail: { verdict: opts.verdict, change: user.approval_change, requestedBy: user.approval_requested_by },
  });
}
