import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { inject } from 'vitest';
import { openDatabase, openScratchPostgres, type Database } from '../server/core/db.js';

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
    return openScratchPostgres(url, name, { template: inject('pgTemplate') });
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
