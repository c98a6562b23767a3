import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Executor } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { hashPassword, passwordProblem } from '../password.js';
import { revokeAllSessions } from '../sessions.js';
import { assignRoles, type RoleInput } from './create-user.js';

export type UpdateUserOptions = {
  db: Executor;
  userId: number;
  /** The administrator acting: they cannot disable their own account or drop their own roles. */
  actorId: number;
  displayName?: string;
  disabled?: boolean;
  /** Replaces every role of the account (an empty list is refused: disable the account instead). */
  roles?: RoleInput[];
  audit: AuditContext;
};

/**
 * Changes an account's name, roles or disabled flag in one transaction (pass a transaction).
 * Disabling ends every session of the account at once; a role change takes effect on the next
 * request, because sessions read roles afresh.
 */
export async function updateUser(opts: UpdateUserOptions): Promise<void> {
  const { db } = opts;
  const user = await db
    .selectFrom('users')
    .select(['id', 'kind', 'disabled', 'display_name'])
    .where('id', '=', opts.userId)
    .forUpdate()
    .executeTakeFirst();
  if (!user) throw notFound({ zh: '用户', en: 'User' });
  if (opts.userId === opts.actorId && (opts.disabled === true || opts.roles !== undefined))
    throw new AppError('validation', {
      zh: '不能停用自己的账号或修改自己的角色，请由另一位系统管理员操作',
      en: 'You cannot disable your own account or change your own roles: ask another administrator',
    });
  const before = await db
    .selectFrom('role_assignments')
    .select(['role', 'region_code', 'agency_id'])
    .where('user_id', '=', opts.userId)
    .orderBy('id')
    .execute();
  if (opts.roles !== undefined) {
    await db.deleteFrom('role_assignments').where('user_id', '=', opts.userId).execute();
    await assignRoles(db, opts.userId, opts.roles);
  }
  if (opts.displayName !== undefined || opts.disabled !== undefined) {
    await db
      .updateTable('users')
      .set({
        ...(opts.displayName !== undefined ? { display_name: opts.displayName } : {}),
        ...(opts.disabled !== undefined ? { disabled: opts.disabled } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', opts.userId)
      .execute();
  }
  if (opts.disabled === true) await revokeAllSessions(db, opts.userId);
  await writeAudit(db, opts.audit, {
    action: 'identity.update_user',
    result: 'ok',
    objectType: 'user',
    objectId: opts.userId,
    detail: {
      ...(opts.displayName !== undefined ? { displayName: [user.display_name, opts.displayName] } : {}),
      ...(opts.disabled !== undefined ? { disabled: [user.disabled, opts.disabled] } : {}),
      ...(opts.roles !== undefined
        ? {
            rolesBefore: before.map((r) => [r.role, r.region_code ?? r.agency_id].join('@')),
            rolesAfter: opts.roles.map((r) => [r.role, r.regionCode ?? r.agency?.id ?? ''].join('@')),
          }
        : {}),
    },
  });
}

/**
 * Sets a new initial password that must be changed at the next sign-in, lifts a lockout and ends
 * the account's sessions (pass a transaction).
 */
export async function resetPassword(opts: {
  db: Executor;
  userId: number;
  password: string;
  audit: AuditContext;
}): Promise<void> {
  const user = await opts.db
    .selectFrom('users')
    .select(['username', 'display_name', 'kind'])
    .where('id', '=', opts.userId)
    .executeTakeFirst();
  if (!user) throw notFound({ zh: '用户', en: 'User' });
  const problem = passwordProblem(opts.password, { kind: user.kind, own: [user.username, user.display_name] });
  if (problem) throw new AppError('validation', problem, { issues: [{ path: 'body.password', message: problem }] });
  const hash = await hashPassword(opts.password);
  const r = await opts.db
    .updateTable('users')
    .set({
      password_hash: hash,
      must_change_password: true,
      failed_logins: 0,
      locked_until: null,
      updated_at: new Date(),
    })
    .where('id', '=', opts.userId)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound({ zh: '用户', en: 'User' });
  await revokeAllSessions(opts.db, opts.userId);
  await writeAudit(opts.db, opts.audit, {
    action: 'identity.reset_password',
    result: 'ok',
    objectType: 'user',
    objectId: opts.userId,
  });
}
