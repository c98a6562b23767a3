import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../../test/demo-app.js';
import { testApp } from '../../test/app.js';
import { loadConfig } from '../core/config.js';
import { openDatabase, type Database } from '../core/db.js';
import { migrateToLatest } from '../core/migrate.js';
import { ephemeralKeyring } from '../core/pii/index.js';
import { loadDemo } from '../demo/load-demo.js';
import { modules } from '../modules/index.js';
import { tableCounts } from './backup.js';
import { serveControl } from './commands.js';

const run = promisify(execFile);
const withoutDatabaseUrl = ({ DATABASE_URL: _, ...env }: NodeJS.ProcessEnv) => env;
const LINLI = path.resolve(import.meta.dirname, '../../bin/linli.mjs');
const linli = (dataDir: string, ...args: string[]) =>
  run(process.execPath, [LINLI, ...args], {
    env: { ...withoutDatabaseUrl(process.env), LINLI_DATA_DIR: dataDir },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

/** A street on PGlite in a data directory, served, backed up by the CLI meanwhile, restored elsewhere. */
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('linli backup and restore (PGlite)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-backup-'));
  const dataDir = path.join(dir, 'data');
  let database: Database;
  let control: { close(): Promise<void> } | null;
  beforeAll(async () => {
    database = await openDatabase({ dataDir });
    await migrateToLatest(database.db, modules);
    await loadDemo({
      db: database.db,
      keyring: ephemeralKeyring(),
      password: 'Linli@2026',
      householdsPerGrid: [4, 6],
      casesPerDay: 1,
    });
    control = serveControl(loadConfig({ LINLI_DATA_DIR: dataDir }), database);
  }, 120_000);
  afterAll(async () => {
    await control?.close();
    await database?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies a street while its server answers requests, and the copy restores with every count the same', async () => {
    const app = await testApp(database);
    const operator = await signedIn(app, 'operator', 'Linli@2026');
    const file = path.join(dir, 'street.tar.gz');
    // requests keep arriving while the backup is taken
    let serving = true;
    const answered: number[] = [];
    const load = (async () => {
      while (serving) answered.push((await operator.get('/api/cases?pageSize=20')).statusCode);
    })();
    const backup = await linli(dataDir, 'backup', file);
    serving = false;
    await load;
    await app.close();
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toContain('已备份');
    expect(answered.length).toBeGreaterThan(0);
    expect(new Set(answered)).toEqual(new Set([200]));

    const restoredDir = path.join(dir, 'restored');
    const restore = await linli(restoredDir, 'restore', file);
    expect(restore.code, restore.out).toBe(0);
    const restored = await openDatabase({ dataDir: restoredDir });
    try {
      const counts = await tableCounts(restored.db);
      expect(counts).toEqual(await tableCounts(database.db));
      expect(counts.residents).toBeGreaterThan(0);
      expect(counts.cases).toBeGreaterThan(0);
    } finally {
      await restored.close();
    }
    // never over a database
    const again = await linli(restoredDir, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.out).toContain('已有数据库，不会覆盖');
  }, 120_000);

  it('has the doctor report on the running street through its server, and warn of the demo passwords', async () => {
    const r = await linli(dataDir, 'doctor');
    expect(r.out).toContain('PGlite');
    expect(r.out).toMatch(/数据库结构 \/ schema: \d+ migrations/);
    expect(r.out).toContain('accounts still use the demo password');
    expect(r.out).toContain('密钥 / keys'); // this test's keys live in memory: none in the data directory
    expect(r.code).toBe(1);
  }, 60_000);
});
