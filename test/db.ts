import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../server/core/db.js';

let counter = 0;

/**
 * A migrated database of this test file's own: a clone of the template made in global setup
 * (PGlite in memory, or a PostgreSQL database created from the template). Close it in afterAll;
 * on PostgreSQL closing drops it.
 */
export async function testDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = inject('pgTemplate');
    const name = `linli_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ url: u.toString(), poolSize: 5 });
    return {
      ...database,
      close: async () => {
        await database.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
        await admin.end();
      },
    };
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
