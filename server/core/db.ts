import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { citusWorkersOf, createCitusDatabase, dropCitusDatabase } from './citus.js';
import { namingPool } from './prepared.js';
import { processAlive } from './process.js';
import type { Tables } from './tables.js';

export type Db = Kysely<Tables>;
export type Trx = Transaction<Tables>;
/** Either the root handle or a transaction: what a command that may run inside one accepts. */
export type Executor = Db | Trx;

export type Database = {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw pg pool (COPY in benchmarks, LISTEN later). */
  pool: pg.Pool;
  /** Set on PGlite only; lets tests dump and clone a migrated database. */
  pglite?: PGlite;
  /** Set on PostgreSQL only: where a worker thread may open connections of its own. */
  url?: string;
  close(): Promise<void>;
};

export type OpenOptions = { url: string; poolSize?: number } | { dataDir: string } | { pglite: PGlite };

const onThisThread = new WeakSet<object>();

/** True for a handle on PGlite: the database runs on this thread, and each statement blocks it. */
export function runsOnThisThread(db: Executor): boolean {
  return onThisThread.has(db);
}

const OID = { int8: 20, numeric: 1700, date: 1082, timestamptz: 1184, timestamp: 1114 } as const;

/**
 * The same type parsing on both databases: int8 as a JS number (counts and ids stay far below
 * 2^53; a larger value is an error, never a silent loss), numeric as an exact decimal string,
 * date as 'YYYY-MM-DD' (no time-zone shift), timestamptz as a Date.
 */
export const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID.int8) return parseInt8;
    if (oid === OID.date) return (v: string) => v;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

/**
 * PGlite's files may be opened by one process only: a second writer would corrupt them. A lock
 * file holds the owner's pid; a lock left by a process that died is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (Number.isInteger(owner) && owner !== process.pid && processAlive(owner)) {
        throw new Error(
          `数据目录 ${dataDir} 正被进程 ${owner} 使用，请先停止它 / the data directory is in use by process ${owner}; stop it first`,
          { cause: err },
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`cannot lock ${dataDir}`);
}

/**
 * Opens PostgreSQL (a URL) or PGlite (a data directory, or an existing instance) behind the same
 * driver: Kysely's PostgresDialect over a pg Pool. On PGlite the pool has one connection that
 * queues concurrent queries; inside a transaction only the transaction handle may be used.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if ('url' in options) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: typeParsers,
    });
    pool.on('error', () => undefined); // an idle client dropped by the server: the pool replaces it
    // a few connections of their own for the prepared hot statements, planned once (see prepared.ts)
    const hot = new pg.Pool({
      connectionString: options.url,
      max: Math.max(2, Math.ceil((options.poolSize ?? 10) / 3)),
      types: typeParsers,
    });
    hot.on('error', () => undefined);
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: namingPool(pool, hot) }) });
    await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    return { db, kind: 'postgres', pool, url: options.url, close: () => db.destroy() };
  }
  let release = () => undefined as void;
  let pglite: PGlite;
  if ('pglite' in options) {
    pglite = options.pglite;
  } else {
    const dir = path.join(options.dataDir, 'pglite');
    fs.mkdirSync(dir, { recursive: true });
    release = lockDataDir(options.dataDir);
    try {
      pglite = await PGlite.create(dir);
    } catch (err) {
      release();
      throw err;
    }
  }
  const owned = !('pglite' in options);
  await pglite.waitReady;
  const pgConfig = createPgConfig(pglite);
  const pool = new pg.Pool({
    ...pgConfig,
    connection: pgConfig.connection,
    max: 1,
    idleTimeoutMillis: 0,
    types: typeParsers,
  } as pg.PoolConfig);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: namingPool(pool) }) });
  onThisThread.add(db);
  return {
    db,
    kind: 'pglite',
    pool,
    pglite,
    close: async () => {
      await db.destroy();
      if (owned) {
        await pglite.close();
        release();
      }
    },
  };
}

/** The URL of another database on the same PostgreSQL server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** Creates an empty database (or a copy of a template) on the server, replacing one of that name; returns its URL. */
export async function createPostgresDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name) || (template && !/^[a-z0-9_]+$/.test(template))) {
    throw new Error(`not a safe database name: ${name}`);
  }
  const workers = await citusWorkersOf(serverUrl);
  if (workers) {
    if (template) throw new Error('a Citus database cannot be copied from a template');
    return createCitusDatabase(serverUrl, name, workers);
  }
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
  await adminQuery(serverUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return databaseUrl(serverUrl, name);
}

export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a safe database name: ${name}`);
  if (await citusWorkersOf(serverUrl)) return dropCitusDatabase(serverUrl, name);
  await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name}`);
}

/**
 * A scratch database for tests and benchmarks: created on the server (from a template when
 * given) and opened; closing it drops it.
 */
export async function openScratchPostgres(
  serverUrl: string,
  name: string,
  opts: { template?: string; poolSize?: number } = {},
): Promise<Database> {
  const url = await createPostgresDatabase(serverUrl, name, opts.template);
  const database = await openDatabase({ url, poolSize: opts.poolSize ?? 5 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await dropPostgresDatabase(serverUrl, name);
    },
  };
}
