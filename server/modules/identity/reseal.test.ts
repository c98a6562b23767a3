import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test/db.js';
import type { Database } from '../../core/db.js';
import {
  addKeyToFile,
  decrypt,
  loadKeyring,
  lookupHash,
  pruneKeyFile,
  resealAll,
  sealedKeyId,
} from '../../core/pii/index.js';
import { importRegions } from '../org/index.js';
import { createUser } from './commands/create-user.js';
import { identityModule } from './index.js';

let database: Database;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-rotate-'));
beforeAll(async () => {
  database = await testDatabase();
  await importRegions({ db: database.db, scope: { level: 'street', code: '350102001' } });
});
afterAll(async () => {
  await database?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('key rotation', () => {
  it('re-seals every phone under the new key, so the old key can be dropped and sign-in by phone still finds the user', async () => {
    const before = loadKeyring(dir, '');
    const id = await createUser({
      db: database.db,
      keyring: before,
      username: 'rotator',
      displayName: '轮换测试',
      phone: '13700000009',
      password: 'Rotate@2026',
      kind: 'staff',
      mustChangePassword: false,
      roles: [{ role: 'community_worker', regionCode: '350102001002' }],
      audit: {},
    });
    const newId = addKeyToFile(dir);
    const during = loadKeyring(dir, '');
    const n = await resealAll(database.db, during, identityModule.sealedColumns ?? []);
    expect(n).toBe(1);
    pruneKeyFile(dir);
    const after = loadKeyring(dir, '');
    const row = await database.db
      .selectFrom('users')
      .select(['phone_cipher', 'phone_hash'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(sealedKeyId(row.phone_cipher ?? '')).toBe(newId);
    expect(decrypt(after, row.phone_cipher ?? '')).toBe('13700000009');
    expect(row.phone_hash).toBe(lookupHash(after, '13700000009'));
    expect(row.phone_hash).not.toBe(lookupHash(before, '13700000009'));
  });
});
