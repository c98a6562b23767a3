import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { Db } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { hashPassword, passwordProblem, verifyPassword } from '../password.js';

export type ChangePasswordOptions = {
  db: Db;
  userId: number;
  currentPassword: string;
  newPassword: string;
  /** The session that asks: it stays signed in, every other session of the user ends. */
  keepSessionId: string;
  audit: AuditContext;
};

/** Changes one's own password (required after an initial or reset password). */
export async function changePassword(opts: ChangePasswordOptions): Promise<void> {
  const user = await opts.db
    .selectFrom('users')
    .select(['password_hash', 'username', 'display_name', 'kind'])
    .where('id', '=', opts.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, opts.currentPassword))) {
    await writeAudit(opts.db, opts.audit, {
      action: 'identity.change_password',
      result: 'denied',
      objectType: 'user',
      objectId: opts.userId,
    });
    throw new AppError(
      'validation',
      { zh: '当前密码不正确', en: 'The current password is wrong' },
      {
        issues: [
          { path: 'body.currentPassword', message: { zh: '当前密码不正确', en: 'The current password is wrong' } },
        ],
      },
    );
  }
  const problem = passwordProblem(opts.newPassword, { kind: user.kind, own: [user.username, user.display_name] });
  if (problem) throw new AppError('validation', problem, { issues: [{ path: 'body.newPassword', message: problem }] });
  if (opts.newPassword === opts.currentPassword) {
    const same = { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' };
    throw new AppError('validation', same, { issues: [{ path: 'body.newPassword', message: same }] });
  }
  const passwordHash = await hashPassword(opts.newPassword);
  await opts.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        password_hash: passwordHash,
        must_change_password: false,
        password_changed_at: new Date(),
        updated_at: new Date(),
      })
      .where('id', '=', opts.userId)
      .execute();
    await trx
      .updateTable('sessions')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', opts.userId)
      .where('id', '<>', opts.keepSessionId)
      .where('revoked_at', 'is', null)
      .execute();
    await writeAudit(trx, opts.audit, {
      action: 'identity.change_password',
      result: 'ok',
      objectType: 'user',
      objectId: opts.userId,
    });
  });
}
