import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from './core/config.js';
import { openDatabase, type Database } from './core/db.js';
import { loadKeyring } from './core/pii/index.js';
import { createHttpServer } from './core/http.js';
import { migrateToLatest } from './core/migrate.js';
import { currentRole, grantRuntimeRole } from './core/db-roles.js';
import { UploadStore } from './core/uploads.js';
import type { SmsSender } from './core/sms.js';
import { describeDemo, isEmpty, loadDemo } from './demo/load-demo.js';
import { modules } from './modules/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIST = path.join(ROOT, 'web', 'dist');

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in the data dir. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.databaseUrl
    ? openDatabase({ url: config.databaseUrl, poolSize: config.poolSize })
    : openDatabase({ dataDir: config.dataDir });
}

/**
 * Brings the schema up to date: as the owner when `DATABASE_OWNER_URL` is set (then the server's
 * own role is granted row access only; docs/SECURITY.md), else on the server's connection.
 */
export async function migrateDatabase(config: Config, database: Database): Promise<string[]> {
  if (!config.databaseOwnerUrl || !config.databaseUrl) return migrateToLatest(database.db, modules);
  const owner = await openDatabase({ url: config.databaseOwnerUrl, poolSize: 1 });
  try {
    const applied = await migrateToLatest(owner.db, modules);
    const role = await currentRole(database.db);
    if (role !== (await currentRole(owner.db))) await grantRuntimeRole(owner.db, role);
    return applied;
  } finally {
    await owner.close();
  }
}

/** Migrates, loads the demo into an empty database when enabled, and builds the HTTP server. */
export async function prepareServer(
  config: Config,
  database: Database,
  log: (line: string) => void = () => undefined,
  adapters: { sms?: SmsSender; webBuilt?: Promise<void> } = {},
): Promise<FastifyInstance> {
  const keyring = loadKeyring(config.dataDir);
  const applied = await migrateDatabase(config, database);
  if (applied.length > 0) log(`已执行数据库迁移 / migrations applied: ${applied.join(', ')}`);
  if (config.loadDemo && (await isEmpty(database.db))) {
    log('空数据库：载入演示街道 / empty database: loading the demo street');
    const r = await loadDemo({
      db: database.db,
      keyring,
      password: config.demoPassword,
      apiKey: config.demoApiKey,
      onProgress: (s) => log(`  ${s}`),
    });
    log(`演示街道已载入 / demo loaded: ${describeDemo(r)}`);
    log(`演示账号密码 / demo password: ${config.demoPassword} (README lists the accounts)`);
  }
  await adapters.webBuilt; // the console's files must exist before the static routes are made
  return createHttpServer({
    database,
    modules,
    auth: config.auth,
    keyring,
    webDir: WEB_DIST,
    logLevel: config.logLevel,
    trustProxy: config.trustProxy,
    deviceSecret: config.deviceSecret,
    baseMap: config.baseMap,
    demo: config.loadDemo,
    uploads: UploadStore.open(path.join(config.dataDir, 'uploads')),
    version: process.env.npm_package_version ?? '0.1.0',
    ...(adapters.sms ? { sms: adapters.sms } : {}),
  });
}
