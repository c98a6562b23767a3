import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/db.js';
import { openDatabase, type Database } from './db.js';
import { executePrepared } from './prepared.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database?.close());

describe('the database layer', () => {
  it('parses bigint, numeric, date and timestamptz the same way on both databases', async () => {
    const { rows } = await sql<{ big: number; num: string; day: string; at: Date }>`
      SELECT 9007199254740991::int8 AS big, 123.450::numeric(10,3) AS num,
             DATE '2026-02-17' AS day, TIMESTAMPTZ '2026-02-17 08:00:00+08' AS at`.execute(database.db);
    expect(rows[0]).toEqual({
      big: 9007199254740991,
      num: '123.450',
      day: '2026-02-17',
      at: new Date('2026-02-17T00:00:00Z'),
    });
  });

  it('refuses a bigint beyond the safe integer range instead of losing digits', async () => {
    await expect(sql`SELECT 9007199254740993::int8 AS big`.execute(database.db)).rejects.toThrow(/safe integer/);
  });

  it('queues requests made while a transaction holds the connection, without deadlock', async () => {
    const order: string[] = [];
    let outer: Promise<unknown> | undefined;
    await database.db.transaction().execute(async (trx) => {
      // another request arrives while the transaction is open: it waits (PGlite) or runs beside it (PostgreSQL)
      outer = database.db
        .selectFrom('regions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .execute()
        .then(() => order.push('outer'));
      await sql`SELECT pg_sleep(0.05)`.execute(trx);
      order.push('trx');
    });
    await outer;
    expect(order).toContain('outer');
    expect(order).toContain('trx');
    if (database.kind === 'pglite') expect(order).toEqual(['trx', 'outer']);
  });

  it('keeps serving after a failed transaction rolls back', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('runs many concurrent queries to completion', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => sql<{ n: number }>`SELECT ${i}::int AS n`.execute(database.db)),
    );
    expect(results.map((r) => r.rows[0]?.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('prepared hot statements', () => {
  const modeOf = async (run: Promise<{ rows: { mode: string }[] }>) => (await run).rows[0]?.mode;

  it("run on a generic plan (made once), while ad-hoc queries keep PostgreSQL's own choice", async () => {
    const hot = sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`.compile(database.db);
    const adHoc = sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode, 'ad hoc'`.compile(
      database.db,
    );
    // interleaved: on PGlite's one connection the mode is switched back and forth
    for (let i = 0; i < 3; i++) {
      expect(await modeOf(executePrepared(database.db, hot))).toBe('force_generic_plan');
      expect(await modeOf(database.db.executeQuery(adHoc))).toBe('auto');
    }
    // a statement over arrays of a small batch: left on auto, PostgreSQL would plan it anew on every call
    const batch = (n: number) =>
      sql<{ n: number }>`SELECT count(*)::int AS n FROM unnest(${Array.from({ length: n }, (_, i) => i)}::int[]) AS t(x)
        WHERE x >= ${1}`.compile(database.db);
    for (let n = 1; n <= 8; n++) expect((await executePrepared(database.db, batch(n))).rows[0]?.n).toBe(n - 1);
    const plans = await executePrepared(
      database.db,
      sql<{ generic: number; custom: number }>`SELECT generic_plans::int AS generic, custom_plans::int AS custom
        FROM pg_prepared_statements WHERE statement = ${batch(1).sql}`.compile(database.db),
    );
    expect(plans.rows).toEqual([{ generic: 8, custom: 0 }]);
  });

  it('inside a transaction run as PostgreSQL chooses, like everything else there', async () => {
    const hot = sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`.compile(database.db);
    expect(await modeOf(executePrepared(database.db, hot))).toBe('force_generic_plan');
    await database.db.transaction().execute(async (trx) => {
      expect(await modeOf(executePrepared(trx, hot))).toBe('auto');
      expect(await modeOf(trx.executeQuery(hot))).toBe('auto');
    });
    await expect(
      database.db.transaction().execute(async (trx) => {
        await executePrepared(trx, hot);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await modeOf(executePrepared(database.db, hot))).toBe('force_generic_plan');
    expect(
      await modeOf(sql<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`.execute(database.db)),
    ).toBe('force_generic_plan');
  });
});

describe('a PGlite data directory', () => {
  it('can be opened by one process at a time, and again after it is closed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-lock-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      // the lock holds our own pid; pretend another live process (pid 1) owns it
      fs.writeFileSync(path.join(dir, 'pglite.lock'), '1');
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/in use by process 1/);
    } finally {
      fs.writeFileSync(path.join(dir, 'pglite.lock'), String(process.pid));
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
    const again = await openDatabase({ dataDir: dir });
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
