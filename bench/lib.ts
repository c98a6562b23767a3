import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, openScratchPostgres, type Database } from '../server/core/db.js';
import { migrateToLatest } from '../server/core/migrate.js';
import { modules } from '../server/modules/index.js';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../server/core/config.js';
import { createHttpServer } from '../server/core/http.js';
import type { Keyring } from '../server/core/pii/index.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');

export type Target = { name: 'PGlite' | 'PostgreSQL'; open(): Promise<Database & { version: string }> };

/** The PostgreSQL server to measure: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local one. */
export function postgresUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** A fresh, migrated database per run: in-memory PGlite, or a new database on the PostgreSQL server. */
export async function targets(): Promise<Target[]> {
  const list: Target[] = [
    {
      name: 'PGlite',
      open: async () => {
        const pglite = await PGlite.create();
        const database = await openDatabase({ pglite });
        await migrateToLatest(database.db, modules);
        const v = await pglite.query<{ v: string }>('SELECT version() AS v');
        return {
          ...database,
          version: v.rows[0]?.v.split(' ').slice(0, 2).join(' ') ?? '',
          close: async () => {
            await database.close();
            await pglite.close();
          },
        };
      },
    },
  ];
  const only = process.env.BENCH_TARGET?.toLowerCase();
  if (only === 'pglite') return list;
  if (only === 'postgresql') list.length = 0;
  const url = postgresUrl();
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
  } catch {
    process.stderr.write(`PostgreSQL at ${url} is not reachable: measuring PGlite only\n`);
    return list;
  }
  list.push({
    name: 'PostgreSQL',
    open: async () => {
      const database = await openScratchPostgres(url, `linli_bench_${process.pid}`, {
        poolSize: Number(process.env.BENCH_POOL ?? 10),
      });
      await migrateToLatest(database.db, modules);
      const v = await database.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      // BENCH_KEEP=1 leaves the database on the server afterwards, to look into it
      const close = process.env.BENCH_KEEP ? () => database.db.destroy() : database.close;
      return { ...database, close, version: `PostgreSQL ${v.rows[0]?.v.split(' ')[0] ?? ''}` };
    },
  });
  return list;
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const mem = Math.round(os.totalmem() / 2 ** 30);
  return `${cpu}, ${os.cpus().length} cores, ${mem} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Replaces one benchmark's section of docs/BENCHMARKS.md (between its markers), or appends it. */
export function writeSection(id: string, markdown: string): void {
  const start = `<!-- bench:${id}:start -->`;
  const end = `<!-- bench:${id}:end -->`;
  const header = [
    '# Benchmarks',
    '',
    'Figures written by `npm run bench` (do not edit between the markers by hand). Each figure stands',
    'beside a reference measured in the same run on the same machine, and the ratio between them is',
    'what to compare across machines. Reproduce: `npm install && npm run bench` (PostgreSQL from',
    '`BENCH_DATABASE_URL`, else `TEST_DATABASE_URL`, else `postgres://postgres@127.0.0.1:5432/postgres`).',
    '`npm run bench -- regions-import` runs one benchmark.',
    '',
  ].join('\n');
  const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : header;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  const next =
    i >= 0 && j > i
      ? current.slice(0, i) + block + current.slice(j + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(DOC, next);
}

/** The p-th percentile of ascending values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** CPU time (ms) the whole machine has spent busy since boot, from /proc/stat. */
function machineBusyMs(): number {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return ((f.reduce((a, b) => a + b, 0) - idle) * 1000) / 100;
}

/** Runs `n` jobs with `concurrency` in flight; returns each job's latency (ms) and the wall time. */
export async function drive(n: number, concurrency: number, job: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const sys0 = machineBusyMs();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) {
        const t = process.hrtime.bigint();
        await job(i);
        latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const nodeMs = (cpu.user + cpu.system) / 1000;
  if (process.env.BENCH_DEBUG)
    process.stderr.write(
      `wall ${wallMs.toFixed(0)} ms, node cpu ${nodeMs.toFixed(0)} ms, other cpu ${(machineBusyMs() - sys0 - nodeMs).toFixed(0)} ms\n`,
    );
  latencies.sort((a, b) => a - b);
  return {
    perSecond: (n / wallMs) * 1000,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
}

/** The whole HTTP stack over a benchmark's database, and a session cookie for each demo account named. */
export async function benchApp(
  database: Database,
  keyring: Keyring,
  accounts: readonly string[],
  password: string,
): Promise<{ app: FastifyInstance; sessions: Record<string, string> }> {
  const app = await createHttpServer({
    database,
    modules,
    logLevel: 'silent',
    auth: loadConfig({}).auth,
    keyring,
    background: false,
  });
  const sessions: Record<string, string> = {};
  for (const who of accounts) {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: who, password } });
    sessions[who] = `linli_session=${login.cookies.find((c) => c.name === 'linli_session')?.value ?? ''}`;
  }
  return { app, sessions };
}
