import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/db.js';
import { writeAudit } from './audit.js';
import type { Database } from './db.js';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => database?.close());

const ctx = { actorId: 1, actorName: 'tester', role: 'grid_worker', ip: '127.0.0.1', userAgent: 'vitest' };

describe('the audit log', () => {
  it('records an entry with its time, actor, action, object and result', async () => {
    await writeAudit(database.db, ctx, {
      action: 'registry.reveal',
      result: 'ok',
      objectType: 'resident',
      objectId: 42,
      reason: '核实身份',
    });
    const row = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'registry.reveal')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor_id: 1,
      role: 'grid_worker',
      object_type: 'resident',
      object_id: '42',
      result: 'ok',
      reason: '核实身份',
    });
    expect(row.at).toBeInstanceOf(Date);
  });

  it('refuses every UPDATE, even of one column', async () => {
    await expect(sql`UPDATE audit_log SET result = 'denied'`.execute(database.db)).rejects.toThrow(/append-only/);
  });

  it('refuses DELETE and TRUNCATE of entries younger than 180 days, even with the purge switch on', async () => {
    await expect(sql`DELETE FROM audit_log`.execute(database.db)).rejects.toThrow(/cannot be deleted/);
    await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL linli.audit_purge = 'on'`.execute(trx);
        await sql`DELETE FROM audit_log`.execute(trx);
      }),
    ).rejects.toThrow(/cannot be deleted/);
    const n = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n.n).toBeGreaterThan(0);
  });

  it('lets the retention job purge only entries older than 180 days', async () => {
    // an entry from 200 days ago: written as the owner would have then (the chain trigger now sets
    // every new entry's time itself), ahead of the chain
    await database.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain`.execute(trx);
      await sql`INSERT INTO audit_log (action, result, at, chain_seq, hash)
        VALUES ('test.old', 'ok', now() - interval '200 days', -1, 'old')`.execute(trx);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain`.execute(trx);
    });
    // without the switch, even an old entry stays
    await expect(sql`DELETE FROM audit_log WHERE action = 'test.old'`.execute(database.db)).rejects.toThrow(
      /cannot be deleted/,
    );
    await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL linli.audit_purge = 'on'`.execute(trx);
      await sql`DELETE FROM audit_log WHERE at < now() - interval '180 days'`.execute(trx);
    });
    const old = await database.db.selectFrom('audit_log').select('id').where('action', '=', 'test.old').execute();
    expect(old).toEqual([]);
  });

  it('rolls back with the change it records', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await writeAudit(trx, ctx, { action: 'test.rolled_back', result: 'ok' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'test.rolled_back')
      .execute();
    expect(rows).toEqual([]);
  });
});
