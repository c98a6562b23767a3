import type { Role } from '../../../../contracts/roles.js';
import type { Actor } from '../../../core/access.js';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Db, Executor } from '../../../core/db.js';
import { decrypt, type Keyring } from '../../../core/pii/index.js';
import { AppError, notFound } from '../../../core/errors.js';
import { Refusal } from '../../../core/authorize.js';
import type { IdentityAction } from '../permissions.js';
import { approverFor, rolesProblem, type Approver } from '../separation.js';

/** An account's current roles (404 when there is no such account). */
export async function accountRoles(db: Executor, userId: number): Promise<Role[]> {
  const user = await db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound({ zh: '用户', en: 'User' });
  const rows = await db.selectFrom('role_assignments').select('role').where('user_id', '=', userId).execute();
  return rows.map((r) => r.role);
}

/**
 * Whether the actor may change an account whose roles go from `before` to `after` (三权分立), and
 * whose approval the change then waits for; a refusal answers 403 (audited by the error handler).
 */
export function authorityOverAccount(o: {
  actor: Actor | null;
  action: IdentityAction;
  before: Role[];
  after: Role[];
  userId?: number | undefined;
}): Approver {
  const problem = rolesProblem(o.after);
  if (problem) throw new AppError('validation', problem, { issues: [{ path: 'body.roles', message: problem }] });
  const approval = o.actor ? approverFor(o.actor, o.before, o.after) : null;
  if (approval) return approval;
  throw new Refusal(o.action, {
    say: {
      zh: '三权分立：系统管理员不能管理安全、审计管理员账号或授予管理员角色；管理员账号由安全管理员办理',
      en: 'Separation of duties: the system administrator cannot manage administrator accounts or grant administrator roles; the security administrator does',
    },
    about: {
      type: 'user',
      ...(o.userId !== undefined ? { id: o.userId } : {}),
      detail: { reason: 'separation of administrators', before: o.before, after: o.after },
    },
  });
}

/** An account's full phone, for its administrator, with the reason in the audit log. */
export async function revealUserPhone(
  db: Executor,
  keyring: Keyring,
  userId: number,
  reason: string,
  audit: AuditContext,
): Promise<string | null> {
  const user = await db.selectFrom('users').select(['phone_cipher']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound({ zh: '用户', en: 'User' });
  await writeAudit(db, audit, {
    action: 'identity.reveal_phone',
    result: 'ok',
    objectType: 'user',
    objectId: userId,
    reason,
  });
  return user.phone_cipher ? decrypt(keyring, user.phone_cipher) : null;
}

/** Lifts a lockout, audited in the same transaction. */
export async function unlockUser(db: Db, userId: number, audit: AuditContext): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('users')
      .set({ locked_until: null, failed_logins: 0, updated_at: new Date() })
      .where('id', '=', userId)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw notFound({ zh: '用户', en: 'User' });
    await writeAudit(trx, audit, {
      action: 'identity.unlock_user',
      result: 'ok',
      objectType: 'user',
      objectId: userId,
    });
  });
}
