import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { citusWorkersOf } from '../server/core/citus.js';
import { createPostgresDatabase, dropPostgresDatabase, openDatabase } from '../server/core/db.js';
import { migrateToLatest } from '../server/core/migrate.js';
import { modules } from '../server/modules/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a migrated data directory dump to clone per test file. */
    pgliteTemplate: string;
    /** PostgreSQL: name of a migrated template database to clone per test file. */
    pgTemplate: string;
  }
}

/**
 * Migrates once, then every test file clones the result: a PGlite data-dir dump, or a PostgreSQL
 * template database when TEST_DATABASE_URL is set. Each file gets a database of its own; on a
 * Citus coordinator each file's database is created on every node and migrated (no templates there).
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url && (await citusWorkersOf(url))) {
    // Citus: no template (each node's maintenance daemon keeps one open); each file migrates its own
    project.provide('pgTemplate', '');
    project.provide('pgliteTemplate', '');
    return;
  }
  if (url) {
    const template = `linli_tpl_${process.pid}`;
    // migrated once, then closed: a template with open connections cannot be copied
    const database = await openDatabase({ url: await createPostgresDatabase(url, template), poolSize: 2 });
    await migrateToLatest(database.db, modules);
    await database.close();
    project.provide('pgTemplate', template);
    project.provide('pgliteTemplate', '');
    return () => dropPostgresDatabase(url, template);
  }
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await migrateToLatest(database.db, modules);
  await database.close();
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = path.join(os.tmpdir(), `linli-test-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('pgTemplate', '');
  return () => fs.rmSync(file, { force: true });
}
