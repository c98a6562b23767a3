import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../../bench/registry-import.js';
import { createPostgresDatabase, dropPostgresDatabase, openDatabase, type Database } from '../../core/db.js';
import { cleanUpInterruptedImports } from './import/run.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-kill-'));
const serverUrl = process.env.TEST_DATABASE_URL;
const dbName = `linli_kill_${process.pid}`;
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  if (serverUrl) await dropPostgresDatabase(serverUrl, dbName);
});

/** Starts the importing child; resolves with it once it has staged at least `rows` rows. */
function startImport(env: Record<string, string>, file: string, rows: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'import-child.ts'), file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise<{ child: typeof child; importId: number; staged: number }>((resolve, reject) => {
    let out = '';
    let importId = 0;
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      importId ||= Number(/import (\d+)/.exec(out)?.[1] ?? 0);
      const staged = Math.max(0, ...[...out.matchAll(/staged (\d+)/g)].map((m) => Number(m[1])));
      if (staged >= rows) resolve({ child, importId, staged });
      if (out.includes('done')) reject(new Error('the import finished before it could be killed'));
    });
    child.on('exit', (code) =>
      reject(new Error(`child exited (${code}) before staging ${rows} rows: ${err.slice(-2000)}`)),
    );
  });
}

describe('an import killed with SIGKILL', () => {
  it('leaves no registry rows; the next start marks it failed', async () => {
    const file = path.join(dir, 'households.csv');
    writeCsv(file, 60_000);
    const env = serverUrl
      ? { CHILD_DATABASE_URL: await createPostgresDatabase(serverUrl, dbName) }
      : { CHILD_DATA_DIR: path.join(dir, 'pglite') };
    const { child, importId, staged } = await startImport(env, file, 10_000);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(staged).toBeGreaterThanOrEqual(10_000);

    // "the next start": another process opens the same database
    const database: Database = env.CHILD_DATABASE_URL
      ? await openDatabase({ url: env.CHILD_DATABASE_URL })
      : await openDatabase({ dataDir: env.CHILD_DATA_DIR ?? '' });
    try {
      const db = database.db;
      const residents = await db
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(residents.n)).toBe(0);
      const buildings = await db
        .selectFrom('buildings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(buildings.n)).toBe(0);
      const running = await db
        .selectFrom('registry_imports')
        .select('status')
        .where('id', '=', importId)
        .executeTakeFirstOrThrow();
      expect(running.status).toBe('running');
      expect(await cleanUpInterruptedImports(db, 0)).toBe(1);
      const after = await db
        .selectFrom('registry_imports')
        .select(['status', 'message'])
        .where('id', '=', importId)
        .executeTakeFirstOrThrow();
      expect(after.status).toBe('failed');
      expect(after.message).toContain('中断');
    } finally {
      await database.close();
    }
  }, 180_000);
});
