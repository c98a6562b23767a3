import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/db.js';
import { verifyAuditChain, writeAudit } from './audit.js';
import { currentRole, grantRuntimeRole } from './db-roles.js';
import type { Database } from './db.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database?.close());

const ctx = { actorId: 1, actorName: '测试', role: 'grid_worker', ip: '127.0.0.1', userAgent: 'vitest' };

describe('the audit chain', () => {
  it('links every entry to the one before it, with the time set by the database', async () => {
    for (let i = 0; i < 5; i++) {
      await writeAudit(database.db, ctx, {
        action: 'test.chain',
        result: 'ok',
        detail: { i, text: '居民 "引号" \\ 反斜杠' },
      });
    }
    await sql`INSERT INTO audit_log (action, result, at) VALUES ('test.backdated', 'ok', '2001-01-01')`.execute(
      database.db,
    );
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['chain_seq', 'prev_hash', 'hash', 'at', 'action'])
      .orderBy('chain_seq')
      .execute();
    for (let i = 1; i < rows.length; i++) {
      expect(Number(rows[i]?.chain_seq)).toBe(Number(rows[i - 1]?.chain_seq) + 1);
      expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    }
    const backdated = rows.find((r) => r.action === 'test.backdated');
    expect(backdated?.at.getFullYear()).toBeGreaterThanOrEqual(2026);
    expect(await verifyAuditChain(database.db, 3)).toEqual({ checked: rows.length, broken: null });
  });

  it('reports the first entry changed by someone who got round the guard', async () => {
    const victim = await database.db
      .selectFrom('audit_log')
      .select(['id', 'chain_seq'])
      .where('action', '=', 'test.chain')
      .orderBy('chain_seq')
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(trx);
        await sql`UPDATE audit_log SET actor_name = '别人' WHERE id = ${victim.id}`.execute(trx);
        const report = await verifyAuditChain(trx);
        expect(report.broken).toMatchObject({
          chainSeq: Number(victim.chain_seq),
          why: expect.stringMatching(/changed/),
        });
        await sql`ROLLBACK`.execute(trx).catch(() => undefined);
        throw new Error('undo');
      })
      .catch(() => undefined);
    // removing an entry leaves a gap
    await database.db
      .transaction()
      .execute(async (trx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`.execute(trx);
        await sql`DELETE FROM audit_log WHERE id = ${victim.id}`.execute(trx);
        const report = await verifyAuditChain(trx);
        expect(report.broken?.why).toMatch(/missing/);
        throw new Error('undo');
      })
      .catch((e: Error) => expect(e.message).toBe('undo'));
    expect((await verifyAuditChain(database.db)).broken).toBeNull();
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.runIf(serverUrl)('the runtime role on PostgreSQL (owns nothing)', () => {
  const role = `linli_rt_${process.pid}`;
  let runtime: pg.Pool;

  beforeAll(async () => {
    await sql
      .raw(`DO $$ BEGIN CREATE ROLE ${role} LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`)
      .execute(database.db);
    await grantRuntimeRole(database.db, role);
    const url = new URL(database.url ?? '');
    url.username = role;
    url.password = '';
    runtime = new pg.Pool({ connectionString: url.toString(), max: 1 });
  });
  afterAll(async () => {
    await runtime?.end();
    await sql.raw(`DROP OWNED BY ${role}`).execute(database.db);
    await sql.raw(`DROP ROLE ${role}`).execute(database.db);
  });

  const as = (text: string) => runtime.query(text);

  it('runs as another role than the owner', async () => {
    expect(await currentRole(database.db)).not.toBe(role);
    expect((await as('SELECT current_user AS r')).rows[0]?.r).toBe(role);
  });

  it('may read and append to the audit log, with the time the database sets', async () => {
    await as(`INSERT INTO audit_log (action, result, at) VALUES ('test.runtime', 'ok', '2001-01-01')`);
    const r = await as(`SELECT at FROM audit_log WHERE action = 'test.runtime'`);
    expect((r.rows[0]?.at as Date).getFullYear()).toBeGreaterThanOrEqual(2026);
  });

  it('cannot change, delete, truncate, disable the guard, or grant itself more', async () => {
    await expect(as(`UPDATE audit_log SET reason = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(as(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
    await expect(as(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied/);
    await expect(as(`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(as(`DROP TRIGGER audit_log_no_change ON audit_log`)).rejects.toThrow(/must be owner/);
    await as(`GRANT UPDATE ON audit_log TO ${role}`).catch(() => undefined); // at most a warning
    await expect(as(`UPDATE audit_log SET reason = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(
      as(
        `CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      ),
    ).rejects.toThrow(/must be owner|permission denied/);
  });

  it('reads and writes the rows of ordinary tables, and refreshes import statistics through the owner', async () => {
    await as(`SELECT count(*) FROM residents`);
    await as(`SELECT linli_analyze('households')`);
    await expect(as(`SELECT linli_analyze('audit_log')`)).rejects.toThrow(/not a bulk-imported table/);
    expect((await verifyAuditChain(database.db)).broken).toBeNull();
  });
});
