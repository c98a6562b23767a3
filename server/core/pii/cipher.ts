import crypto from 'node:crypto';
import type { Keyring } from './keyring.js';

const VERSION = 'v1';

/** Random nonces fetched from the CSPRNG in bulk: one call per 1,024 values instead of one each. */
let noncePool = Buffer.alloc(0);
let nonceAt = 0;
function randomNonce(): Buffer {
  if (nonceAt + 12 > noncePool.length) {
    noncePool = crypto.randomBytes(12 * 1024);
    nonceAt = 0;
  }
  const nonce = noncePool.subarray(nonceAt, nonceAt + 12);
  nonceAt += 12;
  return nonce;
}

/**
 * AES-256-GCM with a random 96-bit nonce per value. The stored text names the key that sealed it:
 * `v1.<keyId>.<nonce>.<tag>.<ciphertext>` (base64url), so rotation can proceed row by row.
 */
export function encrypt(keyring: Keyring, plaintext: string): string {
  const key = keyring.keys.get(keyring.currentId);
  if (!key) throw new Error('no current key');
  const nonce = randomNonce();
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    keyring.currentId,
    nonce.toString('base64url'),
    tag.toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

/** Opens a value sealed by `encrypt`; a tampered value or an unknown key is an error, never garbage. */
export function decrypt(keyring: Keyring, sealed: string): string {
  const [version, keyId, nonce, tag, body] = sealed.split('.');
  if (version !== VERSION || !keyId || nonce === undefined || tag === undefined || body === undefined) {
    throw new Error('not a sealed value');
  }
  const key = keyring.keys.get(keyId);
  if (!key) throw new Error(`unknown key ${keyId}`);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** The key id a sealed value was made with. */
export function sealedKeyId(sealed: string): string | undefined {
  return sealed.split('.')[1];
}

/** Keyed hash (HMAC-SHA-256) of a normalised value, for exact-match lookups without decrypting. */
export function lookupHash(keyring: Keyring, normalized: string): string {
  return crypto.createHmac('sha256', keyring.hmacKey).update(normalized, 'utf8').digest('base64url');
}
