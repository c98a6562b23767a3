import crypto from 'node:crypto';
import { writeAudit, type AuditContext } from '../../../core/audit.js';
import type { AuthConfig } from '../../../core/config.js';
import type { Db } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { lookupHash, normalizeMobile, type Keyring } from '../../../core/pii/index.js';
import type { SmsSender } from '../../../core/sms.js';
import { signIn, type LoginResult } from './login.js';

export const OTP_TTL_SECONDS = 300;
/** One code per phone per minute. */
export const OTP_COOLDOWN_SECONDS = 60;
/** Wrong tries after which a code is dead. */
export const OTP_MAX_ATTEMPTS = 5;

type Meta = { ip: string | null; userAgent: string | null };

function phoneOf(raw: string): string {
  const phone = normalizeMobile(raw);
  if (!phone) {
    const msg = { zh: '手机号格式不正确', en: 'Not a valid mobile number' };
    throw new AppError('validation', msg, { issues: [{ path: 'body.phone', message: msg }] });
  }
  return phone;
}

const codeHash = (keyring: Keyring, phoneHash: string, code: string) => lookupHash(keyring, `otp:${phoneHash}:${code}`);

/**
 * Sends a six-digit sign-in code to a phone. The answer is the same whether or not an account has
 * the phone (nobody learns who is registered); only an active account's phone gets a message.
 */
export async function requestOtp(opts: {
  db: Db;
  keyring: Keyring;
  sms: SmsSender;
  phone: string;
  meta: Meta;
}): Promise<{ expiresInSeconds: number }> {
  const { db, keyring } = opts;
  const phone = phoneOf(opts.phone);
  const phoneHash = lookupHash(keyring, phone);
  const last = await db
    .selectFrom('otp_codes')
    .select('created_at')
    .where('phone_hash', '=', phoneHash)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const waited = last ? (Date.now() - last.created_at.getTime()) / 1000 : Infinity;
  if (waited < OTP_COOLDOWN_SECONDS) {
    const s = Math.ceil(OTP_COOLDOWN_SECONDS - waited);
    throw new AppError('rate_limited', { zh: `请 ${s} 秒后再获取验证码`, en: `Wait ${s} s for a new code` });
  }
  const user = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('phone_hash', '=', phoneHash)
    .where('disabled', '=', false)
    .executeTakeFirst();
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await db
    .insertInto('otp_codes')
    .values({
      phone_hash: phoneHash,
      user_id: user?.id ?? null,
      code_hash: codeHash(keyring, phoneHash, code),
      expires_at: new Date(Date.now() + OTP_TTL_SECONDS * 1000),
      used_at: null,
    })
    .execute();
  await writeAudit(
    db,
    {
      actorId: user?.id ?? null,
      actorName: user?.display_name ?? null,
      ip: opts.meta.ip,
      userAgent: opts.meta.userAgent,
    },
    {
      action: 'identity.request_otp',
      result: user ? 'ok' : 'denied',
      objectType: 'user',
      ...(user ? { objectId: user.id } : {}),
    },
  );
  if (user) {
    await opts.sms.send(
      phone,
      `【邻里】您的登录验证码为 ${code}，${OTP_TTL_SECONDS / 60} 分钟内有效。如非本人操作，请忽略。`,
    );
  }
  return { expiresInSeconds: OTP_TTL_SECONDS };
}

const WRONG_CODE = new AppError('unauthenticated', {
  zh: '验证码错误或已过期，请重新获取',
  en: 'Wrong or expired code: ask for a new one',
});

/** Signs in with the latest code sent to a phone; each code works once and dies after 5 wrong tries. */
export async function loginWithOtp(opts: {
  db: Db;
  auth: AuthConfig;
  keyring: Keyring;
  phone: string;
  code: string;
  meta: Meta;
}): Promise<LoginResult> {
  const { db, keyring } = opts;
  const phoneHash = lookupHash(keyring, phoneOf(opts.phone));
  const row = await db
    .selectFrom('otp_codes as o')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.code_hash', 'o.attempts', 'o.expires_at', 'o.used_at', 'u.id as uid', 'u.display_name'])
    .select(['u.disabled', 'u.must_change_password', 'u.locked_until', 'u.approval'])
    .where('o.phone_hash', '=', phoneHash)
    .orderBy('o.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const audit: AuditContext = {
    actorId: row?.uid ?? null,
    actorName: row?.display_name ?? null,
    ip: opts.meta.ip,
    userAgent: opts.meta.userAgent,
  };
  const refuse = async (why: string) => {
    await writeAudit(db, audit, {
      action: 'identity.login',
      result: 'denied',
      objectType: 'user',
      ...(row?.uid ? { objectId: row.uid } : {}),
      detail: { method: 'sms', why },
    });
    return WRONG_CODE;
  };
  if (!row || row.uid === null || row.disabled || row.used_at || row.expires_at.getTime() <= Date.now())
    throw await refuse('no live code');
  if (row.attempts >= OTP_MAX_ATTEMPTS) throw await refuse('too many attempts');
  const given = codeHash(keyring, phoneHash, opts.code.trim());
  const match =
    given.length === row.code_hash.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(row.code_hash));
  // one atomic statement: a code is used once even when two sign-ins race
  const claimed = await db
    .updateTable('otp_codes')
    .set((eb) => (match ? { used_at: new Date() } : { attempts: eb('attempts', '+', 1) }))
    .where('id', '=', row.id)
    .where('used_at', 'is', null)
    .where('attempts', '<', OTP_MAX_ATTEMPTS)
    .executeTakeFirst();
  if (!match || Number(claimed.numUpdatedRows) === 0) throw await refuse(match ? 'used meanwhile' : 'wrong code');
  if (row.locked_until && row.locked_until.getTime() > Date.now()) throw await refuse('locked');
  if (row.approval) throw await refuse('waiting for approval');
  return signIn(
    db,
    opts.auth,
    { id: row.uid, must_change_password: row.must_change_password ?? false },
    opts.meta,
    audit,
    'sms',
  );
}
