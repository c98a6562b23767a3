import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../server/core/config.js';
import { openDatabase } from '../server/core/db.js';
import { prepareServer } from '../server/main.js';
import { ensureWebBuild } from '../server/web-build.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory with the demo street loaded once (its keys, and the database as `demo.tar`). */
    demoSnapshot: string;
  }
}

/**
 * Loads the demo street once for the whole browser suite and keeps the database as a PGlite dump with the keys
 * that sealed its personal data: every file's harness starts from a copy (seconds) instead of loading the demo
 * again (about twenty seconds each, fifteen files).
 */
export async function setup(project: TestProject) {
  // built once here: two files starting at once would otherwise both build into web/dist
  await ensureWebBuild(path.resolve(import.meta.dirname, '..'), () => undefined);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-e2e-demo-'));
  const config = { ...loadConfig({}), dataDir, port: 0, host: '127.0.0.1', loadDemo: true, logLevel: 'warn' as const };
  const pglite = await PGlite.create();
  const database = await openDatabase({ pglite });
  const app = await prepareServer(config, database);
  await app.close();
  const dump = await pglite.dumpDataDir('none');
  fs.writeFileSync(path.join(dataDir, 'demo.tar'), Buffer.from(await dump.arrayBuffer()));
  await database.close();
  await pglite.close();
  project.provide('demoSnapshot', dataDir);
  return () => fs.rmSync(dataDir, { recursive: true, force: true });
}
