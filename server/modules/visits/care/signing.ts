import crypto from 'node:crypto';
import type { Executor } from '../../../core/db.js';
import { AppError } from '../../../core/errors.js';
import { decrypt, type Keyring } from '../../../core/pii/index.js';

/**
 * How a vendor signs what it sends (docs/RULES.md "Care devices"): headers `X-Linli-Key` (the key
 * id, `<street>.<random>`), `X-Linli-Timestamp` (Unix seconds) and `X-Linli-Signature`, the hex
 * HMAC-SHA256 of `<timestamp>.<body>` under the vendor's secret. Older or newer than 5 minutes,
 * or a signature seen before, is refused; the signature is remembered in the same transaction as
 * what the request writes, so a refused request leaves nothing behind.
 */
export const MAX_SKEW_SECONDS = 300;

export const sign = (secret: string, timestamp: string, body: string) =>
  crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

export const newKeyId = (streetId: string) => `${streetId}.${crypto.randomBytes(9).toString('base64url')}`;
export const newSecret = () => crypto.randomBytes(32).toString('base64url');

const refused = (zh: string, en: string) => new AppError('unauthenticated', { zh, en });

export type SignedHeaders = {
  key?: string | undefined;
  timestamp?: string | undefined;
  signature?: string | undefined;
};

/** The vendor a signed request comes from, after its key, time and signature are checked and its signature is new. */
export async function verifiedVendor(
  trx: Executor,
  keyring: Keyring,
  h: SignedHeaders,
  body: string,
  now = Date.now(),
) {
  if (!h.key || !h.timestamp || !h.signature)
    throw refused(
      '缺少签名：请带上 X-Linli-Key、X-Linli-Timestamp 和 X-Linli-Signature',
      'Unsigned: send X-Linli-Key, X-Linli-Timestamp and X-Linli-Signature',
    );
  const streetId = h.key.split('.')[0] ?? '';
  if (!/^\d{9}$/.test(streetId)) throw refused('密钥编号不正确', 'Unknown key');
  const ts = Number(h.timestamp);
  if (!Number.isInteger(ts) || Math.abs(now / 1000 - ts) > MAX_SKEW_SECONDS)
    throw refused('请求已过期：时间戳与服务器时间相差超过 5 分钟', 'Expired: the timestamp is more than 5 minutes off');
  const vendor = await trx
    .selectFrom('care_vendors')
    .select(['street_id', 'id', 'name', 'secret_cipher'])
    .where('street_id', '=', streetId)
    .where('key_id', '=', h.key)
    .where('active', '=', true)
    .executeTakeFirst();
  if (!vendor) throw refused('密钥编号不正确或已停用', 'Unknown or disabled key');
  const expected = sign(decrypt(keyring, vendor.secret_cipher), h.timestamp, body);
  const given = h.signature.toLowerCase();
  if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
    throw refused('签名不正确', 'Bad signature');
  const fresh = await trx
    .insertInto('care_signatures')
    .values({ street_id: streetId, signature: given })
    .onConflict((oc) => oc.columns(['street_id', 'signature']).doNothing())
    .returning('signature')
    .executeTakeFirst();
  if (!fresh) throw new AppError('conflict', { zh: '重复的请求（疑似重放），已拒绝', en: 'Replayed request refused' });
  return { streetId, id: vendor.id, name: vendor.name };
}
