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
  zh: '用户名或密码错误',
  en: 'Wrong username or password',
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
  if (!user) {
    await verifyPassword(DUMMY_HASH, opts.password);
    throw await refuse('unknown user', WRONG);
  }
  if (user.locked_until && user.locked_until.getTime() > Date.now()) {
    const minutes = Math.ceil((user.locked_until.getTime() - Date.now()) / 60_000);
    throw await refuse(
      'locked',
      new AppError(
        'unauthenticated',
        {
          zh: `密码错误次数过多，账号已锁定，请 ${minutes} 分钟后再试`,
          en: `Too many failed attempts: the account is locked, try again in ${minutes} min`,
        },
        { details: { locked: true, retryAfterMinutes: minutes } },
      ),
    );
  }
  const ok = await verifyPassword(user.password_hash, opts.password);
  if (!ok) {
    // one atomic statement: parallel wrong attempts each count
    const t = auth.lockoutThreshold;
    const counted = await sql<{ locked: boolean }>`
      UPDATE users SET
        failed_logins = CASE WHEN failed_logins + 1 >= ${t} THEN 0 ELSE failed_logins + 1 END,
        locked_until = CASE WHEN failed_logins + 1 >= ${t}
          THEN now() + make_interval(mins => ${auth.lockoutMinutes}) ELSE NULL END,
        updated_at = now()
      WHERE id = ${user.id}
      RETURNING locked_until IS NOT NULL AS locked`.execute(db);
    const lock = counted.rows[0]?.locked === true;
    if (lock) {
      throw await refuse(
        'locked now',
        new AppError(
          'unauthenticated',
          {
            zh: `密码连续错误 ${auth.lockoutThreshold} 次，账号已锁定 ${auth.lockoutMinutes} 分钟`,
            en: `${auth.lockoutThreshold} failed attempts in a row: the account is locked for ${auth.lockoutMinutes} min`,
          },
          { details: { locked: true, retryAfterMinutes: auth.lockoutMinutes } },
        ),
      );
    }
    throw await refuse('wrong password', WRONG);
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
