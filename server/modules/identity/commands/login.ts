import { sql } from 'kysely';
import type { AuditContext } from '../../../core/audit.js';
import { writeAudit } from '../../../core/audit.js';
import type { AuthConfig } from '../../../core/config.js';
import type { Db } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { lookupHash, normalizeMobile, type Keyring } from '../../../core/pii/index.js';
import { DUMMY_HASH, verifyPassword } from '../password.js';
import { createSession } from '../sessions.js';

export type LoginOptions = {
  db: Db;
  auth: AuthConfig;
  keyring: Keyring;
  /** Username, or a mobile number. */
  login: string;
  password: string;
  /** `resident` for the phone pages: staff accounts sign in on the console. */
  kind?: 'staff' | 'resident';
  meta: { ip: string | null; userAgent: string | null };
};

export type LoginResult = { token: string; csrfToken: string; userId: number; mustChangePassword: boolean };

const WRONG = new AppError('unauthenticated', {
  zh: '用户名或密码错误（连续多次错误将锁定账号一段时间）',
  en: 'Wrong username or password (repeated failures lock the account for a while)',
});

/**
 * Signs a user in by username or phone. Five failures in a row (configurable) lock the account
 * for 15 minutes; while locked even the right password is refused. Every attempt is audited.
 */
export async function login(opts: LoginOptions): Promise<LoginResult> {
  const { db, auth } = opts;
  const mobile = normalizeMobile(opts.login);
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where((eb) =>
      mobile ? eb('phone_hash', '=', lookupHash(opts.keyring, mobile)) : eb('username', '=', opts.login.trim()),
    )
    .executeTakeFirst();
  const audit: AuditContext = {
    actorId: user?.id ?? null,
    actorName: user?.display_name ?? null,
    ip: opts.meta.ip,
    userAgent: opts.meta.userAgent,
  };
  const refuse = async (why: string, error: AppError) => {
    await writeAudit(db, audit, {
      action: 'identity.login',
      result: 'denied',
      objectType: 'user',
      ...(user ? { objectId: user.id } : {}),
      detail: { why },
    });
    return error;
  };
  // Unknown, locked and wrong all answer the same words after the same work (a password
  // verification and a counting UPDATE), so that neither the message nor the time tells whether
  // an account exists or is locked.
  if (!user) {
    await verifyPassword(DUMMY_HASH, opts.password);
    await sql`UPDATE users SET failed_logins = failed_logins WHERE id = -1`.execute(db);
    throw await refuse('unknown user', WRONG);
  }
  const locked = user.locked_until !== null && user.locked_until.getTime() > Date.now();
  const ok = await verifyPassword(user.password_hash, opts.password);
  if (locked) {
    await sql`UPDATE users SET failed_logins = failed_logins WHERE id = -1`.execute(db);
    throw await refuse('locked', WRONG);
  }
  if (!ok) {
    // one atomic statement: parallel wrong attempts each count
    const t = auth.lockoutThreshold;
    const counted = await sql<{ locked: boolean }>`
      UPDATE users SET
        failed_logins = CASE WHEN failed_logins + 1 >= ${t} THEN 0 ELSE failed_logins + 1 END,
        locked_until = CASE WHEN failed_logins + 1 >= ${t}
          THEN ${new Date(Date.now() + auth.lockoutMinutes * 60_000)}::timestamptz ELSE NULL END,
        updated_at = now()
      WHERE id = ${user.id}
      RETURNING locked_until IS NOT NULL AS locked`.execute(db);
    throw await refuse(counted.rows[0]?.locked === true ? 'locked now' : 'wrong password', WRONG);
  }
  if (user.approval) {
    // only someone who knows the password learns that the account waits
    throw await refuse(
      'waiting for approval',
      new AppError('forbidden', {
        zh: '账号的开通或变更尚待另一位管理员审核，审核通过后才能登录',
        en: "The account's creation or change waits for a second administrator's approval",
      }),
    );
  }
  if (user.disabled || (opts.kind && user.kind !== opts.kind)) throw await refuse('disabled or wrong kind', WRONG);
  return signIn(db, auth, user, opts.meta, audit, 'password');
}

/**
 * Starts a session for a user who has proved who they are: clears failure counters and records
 * the sign-in, in one transaction.
 */
export async function signIn(
  db: Db,
  auth: AuthConfig,
  user: { id: number; must_change_password: boolean },
  meta: LoginOptions['meta'],
  audit: AuditContext,
  method: 'password' | 'sms',
): Promise<LoginResult> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, updated_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(trx, auth, user.id, meta);
    await writeAudit(trx, audit, {
      action: 'identity.login',
      result: 'ok',
      objectType: 'user',
      objectId: user.id,
      detail: { method },
    });
    return { ...session, userId: user.id, mustChangePassword: user.must_change_password };
  });
}
