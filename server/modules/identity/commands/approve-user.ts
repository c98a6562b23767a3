import crypto from 'node:crypto';
import { hasRole, type Actor } from '../../../core/access.js';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Db, Executor } from '../../../core/db.js';
import { hashPassword } from '../password.js';
import { AppError, notFound } from '../../../core/errors.js';
import { Refusal } from '../../../core/authorize.js';
import { revokeAllSessions } from '../sessions.js';
import { ADMIN_ROLES, type Approver } from '../separation.js';

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
    throw new Refusal('identity.approve_user', {
      say: {
        zh:
          user.approval === 'audit_admin'
            ? '管理员账号的变更须由审计管理员审核'
            : '该变更须由安全管理员审核，且不能由申请人本人审核',
        en:
          user.approval === 'audit_admin'
            ? "An administrator account's change is approved by the audit administrator"
            : 'The security administrator approves this change, never the one who asked',
      },
      about: { type: 'user', id: user.id, detail: { waitsFor: user.approval } },
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

/**
 * Break-glass (docs/SECURITY.md): when no second administrator can approve — the only security
 * or audit administrator has left, forgotten the password or been locked out — someone with shell
 * access to the server sets a new initial password on an administrator account. Only for
 * administrator accounts; the account must change the password at once; the audit log records
 * `identity.break_glass` with the reason, and the command prints a warning to tell the auditor.
 */
export async function breakGlass(db: Db, username: string, reason: string): Promise<string> {
  if (reason.trim().length < 4) throw new AppError('validation', { zh: '请写明原因', en: 'Give a reason' });
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('username', '=', username)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw notFound({ zh: '用户', en: 'User' });
    const roles = await trx.selectFrom('role_assignments').select('role').where('user_id', '=', user.id).execute();
    if (!roles.some((r) => ADMIN_ROLES.includes(r.role))) {
      throw new AppError('validation', {
        zh: '紧急恢复只用于管理员账号；其他账号由系统管理员重置、安全管理员审核',
        en: 'Break-glass is for administrator accounts only',
      });
    }
    const password = `${crypto.randomBytes(9).toString('base64url')}#Aa1`;
    await trx
      .updateTable('users')
      .set({
        password_hash: await hashPassword(password),
        must_change_password: true,
        failed_logins: 0,
        locked_until: null,
        disabled: false,
        approval: null,
        approval_requested_by: null,
        approval_change: null,
        updated_at: new Date(),
      })
      .where('id', '=', user.id)
      .execute();
    await revokeAllSessions(trx, user.id);
    await writeAudit(
      trx,
      { actorName: `break-glass (shell, pid ${process.pid})` },
      {
        action: 'identity.break_glass',
        result: 'ok',
        objectType: 'user',
        objectId: user.id,
        reason,
        detail: { username, roles: roles.map((r) => r.role) },
      },
    );
    return password;
  });
}
