import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from '../core/config.js';
import type { Database } from '../core/db.js';
import { eventBacklog, subscribersOf } from '../core/events.js';
import { collectMigrations } from '../core/migrate.js';
import { decrypt, keyFilePath, loadKeyring } from '../core/pii/index.js';
import { isCitus } from '../core/placement.js';
import { verifyPassword } from '../modules/identity/index.js';
import { modules } from '../modules/index.js';

export type Finding = { level: 'ok' | 'warn' | 'problem'; text: string };

/** The passwords the demo's accounts are created with unless LINLI_DEMO_PASSWORD says otherwise. */
const DEFAULT_DEMO_PASSWORDS = ['Linli@2026'];

/**
 * `linli doctor`: what a database and its server are, and anything to put right — the database's
 * kind and version, the schema's migrations, events and deadline timers waiting, disk use, and
 * misconfiguration: keys that are missing or do not open the sealed data, plain HTTP on an
 * address others reach, demo accounts still on the demo password. Each line says what to do.
 */
export async function doctor(config: Config, database: Database): Promise<Finding[]> {
  const out: Finding[] = [];
  const say = (level: Finding['level'], text: string) => out.push({ level, text });
  const db = database.db;
  const version = (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db)).rows[0]?.v;
  if (database.kind === 'pglite') say('ok', `数据库 / database: PGlite (PostgreSQL ${version}) in ${config.dataDir}`);
  else if (await isCitus(db)) {
    const r = await sql<{ v: string; workers: number }>`
      SELECT citus_version() AS v,
        (SELECT count(*)::int FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0 AND isactive) AS workers`.execute(
      db,
    );
    const c = r.rows[0];
    say(
      c && c.workers > 0 ? 'ok' : 'problem',
      `数据库 / database: Citus (PostgreSQL ${version}; ${c?.v.split(' on ')[0] ?? '?'}), ${c?.workers ?? 0} workers` +
        (c && c.workers > 0 ? '' : ' — add workers with citus_add_node (docs/DEPLOY.md)'),
    );
  } else say('ok', `数据库 / database: PostgreSQL ${version}`);

  const applied = (
    await sql<{ name: string }>`SELECT name FROM schema_migrations ORDER BY name`
      .execute(db)
      .catch(() => ({ rows: [] }))
  ).rows.map((r) => r.name);
  const pending = Object.keys(collectMigrations(modules)).filter((m) => !applied.includes(m));
  say(
    pending.length ? 'problem' : 'ok',
    `数据库结构 / schema: ${applied.length} migrations, latest ${applied.at(-1) ?? 'none'}` +
      (pending.length ? `; ${pending.length} pending — run linli migrate` : ''),
  );

  const backlog = await eventBacklog(db, subscribersOf(modules));
  const waiting = backlog.reduce((n, b) => n + b.waiting, 0);
  say(
    waiting > 1000 ? 'warn' : 'ok',
    `待投递事件 / events waiting: ${waiting}` +
      (waiting > 1000 ? ' — is the server running? linli events --deliver' : ''),
  );
  const late = (
    await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM case_timers WHERE fired_at IS NULL AND due_at < now() - interval '10 minutes'`.execute(
      db,
    )
  ).rows[0]?.n;
  say(
    late ? 'warn' : 'ok',
    `到期未处理的时限 / deadline timers overdue by 10 minutes: ${late ?? 0}` +
      (late ? ' — the server’s clock is not running (start the server)' : ''),
  );

  say('ok', `磁盘 / disk: ${formatBytes(await diskUse(config, database))}`);

  // keys: present, and opening what is sealed
  const keyFile = keyFilePath(config.dataDir);
  if (!process.env.LINLI_SECRET_KEY && !fs.existsSync(keyFile))
    say(
      'problem',
      `密钥 / keys: ${keyFile} is missing and LINLI_SECRET_KEY is not set — sealed personal data cannot be read`,
    );
  else {
    const sealed = (
      await sql<{ c: string }>`SELECT id_cipher AS c FROM residents WHERE id_cipher IS NOT NULL LIMIT 1`.execute(db)
    ).rows[0]?.c;
    let opens = true;
    try {
      if (sealed) decrypt(loadKeyring(config.dataDir), sealed);
    } catch {
      opens = false;
    }
    say(
      opens ? 'ok' : 'problem',
      opens
        ? `密钥 / keys: ${process.env.LINLI_SECRET_KEY ? 'LINLI_SECRET_KEY' : keyFile}`
        : '密钥 / keys: the keys do not open the sealed personal data — restore the key file that belongs to this database',
    );
  }

  const local = ['127.0.0.1', 'localhost', '::1'].includes(config.host);
  say(
    !local && config.trustProxy === false ? 'warn' : 'ok',
    !local && config.trustProxy === false
      ? `HTTP: listening on ${config.host}:${config.port} without TLS — put a TLS proxy in front and set TRUST_PROXY (docs/DEPLOY.md)`
      : `HTTP: ${config.host}:${config.port}${config.trustProxy === false ? '' : ' behind a proxy (TRUST_PROXY)'}`,
  );

  const demo = await sql<{ username: string; password_hash: string }>`
    SELECT username, password_hash FROM users WHERE password_hash IS NOT NULL AND NOT disabled ORDER BY id LIMIT 200`.execute(
    db,
  );
  const guessable: string[] = [];
  for (const u of demo.rows)
    for (const p of new Set([...DEFAULT_DEMO_PASSWORDS, config.demoPassword]))
      if (await verifyPassword(u.password_hash, p).catch(() => false)) guessable.push(u.username);
  say(
    guessable.length ? 'warn' : 'ok',
    guessable.length
      ? `演示密码 / demo passwords: ${guessable.length} accounts still use the demo password (${guessable.slice(0, 5).join(', ')}${guessable.length > 5 ? ' …' : ''}) — change them or disable them before real use`
      : '演示密码 / demo passwords: none in use',
  );
  return out;
}

async function diskUse(config: Config, database: Database): Promise<number> {
  if (database.kind === 'pglite') return dirSize(path.join(config.dataDir, 'pglite'));
  if (await isCitus(database.db)) {
    const r = await sql<{ n: string }>`
      SELECT (pg_database_size(current_database()) + coalesce((SELECT sum(result::bigint) FROM
        run_command_on_workers('SELECT pg_database_size(current_database())')), 0))::text AS n`.execute(database.db);
    return Number(r.rows[0]?.n ?? 0);
  }
  const r = await sql<{ n: string }>`SELECT pg_database_size(current_database())::text AS n`.execute(database.db);
  return Number(r.rows[0]?.n ?? 0);
}

function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return n;
}

function formatBytes(n: number): string {
  return n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1)} GB` : `${(n / (1 << 20)).toFixed(1)} MB`;
}
