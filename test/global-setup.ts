import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { citusWorkersOf } from '../server/core/citus.js';
import { createPostgresDatabase, dropPostgresDatabase, openDatabase } from '../server/core/db.js';
import { migrateToLatest } from '../server/core/migrate.js';
import { ephemeralKeyring } from '../server/core/pii/index.js';
import { loadDemo } from '../server/demo/load-demo.js';
import { modules } from '../server/modules/index.js';
import { TEST_DEMO } from './demo-options.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a migrated data directory dump to clone per test file. */
    pgliteTemplate: string;
    /** PostgreSQL: name of a migrated template database to clone per test file. */
    pgTemplate: string;
    /** The same with the tests' small demo street loaded (PGlite dump, or PostgreSQL template), and its key. */
    pgliteDemoTemplate: string;
    pgDemoTemplate: string;
    demoKey: string;
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
    project.provide('pgDemoTemplate', '');
    project.provide('pgliteDemoTemplate', '');
    project.provide('demoKey', '');
    return;
  }
  // the small demo street, loaded once: every file that asks for the demo clones it (see test/demo-app.ts)
  const demoKey = crypto.randomBytes(32).toString('base64');
  project.provide('demoKey', demoKey);
  if (url) {
    const template = `linli_tpl_${process.pid}`;
    // migrated once, then closed: a template with open connections cannot be copied
    const database = await openDatabase({ url: await createPostgresDatabase(url, template), poolSize: 2 });
    await migrateToLatest(database.db, modules);
    await database.close();
    const demoTemplate = `linli_tpl_demo_${process.pid}`;
    const demo = await openDatabase({ url: await createPostgresDatabase(url, demoTemplate, template), poolSize: 2 });
    await loadDemo({ db: demo.db, keyring: ephemeralKeyring(demoKey), ...TEST_DEMO });
    await demo.close();
    project.provide('pgTemplate', template);
    project.provide('pgDemoTemplate', demoTemplate);
    project.provide('pgliteTemplate', '');
    project.provide('pgliteDemoTemplate', '');
    return async () => {
      await dropPostgresDatabase(url, demoTemplate);
      await dropPostgresDatabase(url, template);
    };
  }
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  await migrateToLatest(database.db, modules);
  await database.close();
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  const file = path.join(os.tmpdir(), `linli-test-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  const withDemo = await PGlite.create({ loadDataDir: dump });
  const demo = await openDatabase({ pglite: withDemo });
  await loadDemo({ db: demo.db, keyring: ephemeralKeyring(demoKey), ...TEST_DEMO });
  await demo.close();
  const demoFile = path.join(os.tmpdir(), `linli-test-demo-${process.pid}.tar`);
  fs.writeFileSync(demoFile, Buffer.from(await (await withDemo.dumpDataDir('none')).arrayBuffer()));
  await withDemo.close();
  project.provide('pgliteTemplate', file);
  project.provide('pgliteDemoTemplate', demoFile);
  project.provide('pgTemplate', '');
  project.provide('pgDemoTemplate', '');
  return () => {
    fs.rmSync(file, { force: true });
    fs.rmSync(demoFile, { force: true });
  };
}
