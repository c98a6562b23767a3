import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The keys that protect personal data at rest. The current key encrypts; every key listed can
 * decrypt, so that old ciphertext stays readable until `linli keys rotate` has re-encrypted it.
 * The HMAC key for exact-match lookups is derived from the current key (HKDF), and rotation
 * recomputes the lookup hashes too.
 */
export type Keyring = { currentId: string; keys: Map<string, Buffer>; hmacKey: Buffer };

/** A keyring as plain data, to hand to a worker thread (structured clone turns Buffers into Uint8Arrays). */
export type KeyringData = { currentId: string; keys: [string, Uint8Array][]; hmacKey: Uint8Array };

export const keyringData = (k: Keyring): KeyringData => ({
  currentId: k.currentId,
  keys: [...k.keys],
  hmacKey: k.hmacKey,
});

export const keyringFromData = (d: KeyringData): Keyring => ({
  currentId: d.currentId,
  keys: new Map(d.keys.map(([id, key]) => [id, Buffer.from(key)])),
  hmacKey: Buffer.from(d.hmacKey),
});

type KeyFile = { current: string; keys: Record<string, string> };

function derive(master: Buffer, info: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
}

function decodeKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`${where}: a key must be 32 bytes, base64-encoded`);
  return key;
}

function fromFile(file: KeyFile, where: string): Keyring {
  const keys = new Map(Object.entries(file.keys).map(([id, k]) => [id, derive(decodeKey(k, where), 'linli-enc')]));
  const current = file.keys[file.current];
  if (!current || !keys.has(file.current)) throw new Error(`${where}: the current key ${file.current} is missing`);
  return { currentId: file.current, keys, hmacKey: derive(decodeKey(current, where), 'linli-hmac') };
}

/** A new key id: its time (to read which key is newer) and random letters, so two made in one millisecond differ. */
export function newKeyId(): string {
  return `k${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * Loads the keyring: from `LINLI_SECRET_KEY` (comma-separated base64 keys, the first one current;
 * ids `env0`, `env1`, …), else from `<dataDir>/keys.json`, which is created with mode 0600 on
 * first start.
 */
/**
 * Where the key file lives: `LINLI_KEY_FILE` (outside the data directory, so that a copy of the
 * data carries no key), else `<dataDir>/keys.json`.
 */
export function keyFilePath(dataDir: string, env: string | undefined = process.env.LINLI_KEY_FILE): string {
  return env && env.trim() ? path.resolve(env.trim()) : path.join(dataDir, 'keys.json');
}

export function loadKeyring(dataDir: string, envValue: string | undefined = process.env.LINLI_SECRET_KEY): Keyring {
  if (envValue && envValue.trim()) {
    const parts = envValue
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const keys = Object.fromEntries(parts.map((p, i) => [`env${i}`, p]));
    return fromFile({ current: 'env0', keys }, 'LINLI_SECRET_KEY');
  }
  const file = keyFilePath(dataDir);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const id = newKeyId();
    const body: KeyFile = { current: id, keys: { [id]: crypto.randomBytes(32).toString('base64') } };
    fs.writeFileSync(file, JSON.stringify(body, null, 2), { mode: 0o600, flag: 'wx' });
  }
  return fromFile(JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile, file);
}

/** Adds a new current key to `<dataDir>/keys.json`, keeping the old ones for decryption. */
export function addKeyToFile(dataDir: string): string {
  const file = keyFilePath(dataDir);
  const body = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  let id = newKeyId();
  // never overwrite a key that sealed data may still need
  while (body.keys[id] !== undefined) id = newKeyId();
  body.keys[id] = crypto.randomBytes(32).toString('base64');
  body.current = id;
  fs.writeFileSync(file, JSON.stringify(body, null, 2), { mode: 0o600 });
  return id;
}

/** Drops every key but the current one from `<dataDir>/keys.json` (after a rotation). */
export function pruneKeyFile(dataDir: string): void {
  const file = path.join(dataDir, 'keys.json');
  const body = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const current = body.keys[body.current];
  if (!current) throw new Error(`${file}: the current key is missing`);
  fs.writeFileSync(file, JSON.stringify({ current: body.current, keys: { [body.current]: current } }, null, 2), {
    mode: 0o600,
  });
}

/** A keyring for tests: one random key, nothing on disk. */
export function ephemeralKeyring(key?: string): Keyring {
  const k = key ?? crypto.randomBytes(32).toString('base64');
  return fromFile({ current: 't0', keys: { t0: k } }, 'test');
}
