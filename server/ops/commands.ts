import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, type Config } from '../core/config.js';
import type { Database } from '../core/db.js';
import { AppError } from '../core/errors.js';
import { keyFilePath } from '../core/pii/index.js';
import { migrateDatabase, openConfiguredDatabase } from '../main.js';
import { backupPglite, restorePglite, tableCounts } from './backup.js';
import { askServer, startControlSocket, type ControlRequest } from './control.js';
import { doctor, type Finding } from './doctor.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

const PG_GUIDE =
  '数据库为 PostgreSQL/Citus：请用 pg_dump / pg_basebackup 备份（见 docs/DEPLOY.md）/ ' +
  'this database is PostgreSQL or Citus: back it up with pg_dump or pg_basebackup (docs/DEPLOY.md)';

/** What a running server answers on its control socket (PGlite: the CLI cannot open its files). */
export function serveControl(config: Config, database: Database): { close(): Promise<void> } | null {
  if (database.kind !== 'pglite') return null;
  return startControlSocket(config.dataDir, async (r: ControlRequest) => {
    if (r.op === 'backup') return { ...(await backupPglite(database, r.file)), counts: await tableCounts(database.db) };
    return doctor(config, database);
  });
}

/** Runs `request` on the server holding the data directory, or on the database opened here when none does. */
async function onDatabase<T>(config: Config, request: ControlRequest, here: (d: Database) => Promise<T>): Promise<T> {
  if (!config.databaseUrl) {
    const answer = await askServer(config.dataDir, request);
    if (answer?.ok) return answer.result as T;
    if (answer) throw new AppError('conflict', { zh: answer.error, en: answer.error });
  }
  const database = await openConfiguredDatabase(config);
  try {
    if (request.op === 'doctor') await migrateDatabase(config, database).catch(() => undefined);
    return await here(database);
  } finally {
    await database.close();
  }
}

export function addOpsCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('备份嵌入式数据库（服务运行中亦可）/ back up the embedded database, also while the server runs')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.databaseUrl) {
        say(PG_GUIDE);
        process.exitCode = 2;
        return;
      }
      const target = path.resolve(file);
      const r = await onDatabase(config, { op: 'backup', file: target }, async (d) => ({
        ...(await backupPglite(d, target)),
        counts: await tableCounts(d.db),
      }));
      const rows = Object.values(r.counts).reduce((n, c) => n + c, 0);
      say(
        `已备份 / backed up: ${target} (${(r.bytes / (1 << 20)).toFixed(1)} MB, ${rows} rows in ${Object.keys(r.counts).length} tables)`,
      );
      say(
        `密钥不在备份中，请另行保管 / the keys are not in the backup; keep ${keyFilePath(config.dataDir)} apart from it`,
      );
    });
  program
    .command('restore <file>')
    .description('把备份恢复到空的数据目录 / restore a backup into an empty data directory (LINLI_DATA_DIR)')
    .option('--keys <file>', 'the key file that belongs to the backup, copied into the data directory')
    .action(async (file: string, opts: { keys?: string }) => {
      const config = loadConfig();
      if (config.databaseUrl) {
        say(PG_GUIDE);
        process.exitCode = 2;
        return;
      }
      await restorePglite(path.resolve(file), config.dataDir);
      if (opts.keys) fs.copyFileSync(opts.keys, keyFilePath(config.dataDir));
      say(`已恢复到 / restored into: ${config.dataDir}`);
    });
  program
    .command('doctor')
    .description('检查数据库与配置 / report the database, schema, backlog, disk use and misconfiguration')
    .action(async () => {
      const config = loadConfig();
      const findings = await onDatabase<Finding[]>(config, { op: 'doctor' }, (d) => doctor(config, d));
      const mark = { ok: '✓', warn: '!', problem: '✗' } as const;
      for (const f of findings) say(`${mark[f.level]} ${f.text}`);
      if (findings.some((f) => f.level === 'problem')) process.exitCode = 1;
    });
}
