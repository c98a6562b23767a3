import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { citusWorkersOf } from '../server/core/citus.js';
import { openDatabase, openScratchPostgres, type Database } from '../server/core/db.js';
import { migrateToLatest } from '../server/core/migrate.js';
import { modules } from '../server/modules/index.js';

let counter = 0;

/**
 * A migrated database of this test file's own: a clone of the template made in global setup
 * (PGlite in memory, or a PostgreSQL database created from the template). Close it in afterAll;
 * on PostgreSQL closing drops it.
 */
export async function testDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `linli_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    const template = inject('pgTemplate');
    if (template) return openScratchPostgres(url, name, { template });
    const database = await openScratchPostgres(url, name); // Citus: a database of its own, migrated
    await migrateToLatest(database.db, modules);
    return database;
  }
  const file = inject('pgliteTemplate');
  const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  const database = await openDatabase({ pglite });
  return {
    ...database,
    close: async () => {
      await database.close();
      await pglite.close();
    },
  };
}

/** A clone of the small demo street loaded once in global setup, or null where there is none (Citus). */
export async function demoDatabase(): Promise<Database | null> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = inject('pgDemoTemplate');
    if (!template) return null;
    return openScratchPostgres(url, `linli_t_${process.pid}_${Date.now().toString(36)}_${counter++}`, { template });
  }
  const file = inject('pgliteDemoTemplate');
  if (!file) return null;
  const pglite = await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  const database = await openDatabase({ pglite });
  return {
    ...database,
    close: async () => {
      await database.close();
      await pglite.close();
    },
  };
}

/** Whether the tests run on a Citus coordinator (TEST_DATABASE_URL pointing at one). */
export async function onCitus(): Promise<boolean> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? (await citusWorkersOf(url)) !== null : false;
}
