import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from './core/config.js';
import { addKeyToFile, loadKeyring, pruneKeyFile, resealAll } from './core/pii/index.js';
import { AppError } from './core/errors.js';
import type { CliTools } from './core/module.js';
import { verifyAuditChain } from './core/audit.js';
import { deliverPending, eventBacklog, subscribersOf } from './core/events.js';
import { progressReporter } from './core/progress.js';
import { describeDemo, loadDemo } from './demo/load-demo.js';
import { ROOT, migrateDatabase, openConfiguredDatabase, prepareServer } from './main.js';
import { breakGlass } from './modules/identity/index.js';
import { modules } from './modules/index.js';
import { ensureWebBuild } from './web-build.js';
import { addOpsCommands, serveControl } from './ops/commands.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Opens the configured database, runs the task, and always closes it. */
async function withDatabase<T>(
  task: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await migrateDatabase(config, database);
    return await task(database);
  } finally {
    await database.close();
  }
}

function digits(n: number) {
  return (value: string) => {
    if (!new RegExp(`^\\d{${n}}$`).test(value))
      throw new InvalidArgumentError(`需要 ${n} 位数字 / expected ${n} digits`);
    return value;
  };
}

const program = new Command('linli')
  .description('Linli 邻里 — 党建引领社区治理平台 / party-building-led community governance')
  .version(process.env.npm_package_version ?? '0.1.0');

program
  .command('serve')
  .description('启动服务 / migrate, load the demo into an empty database, serve API and console')
  .option('--build', 'build the console first when it is missing or stale')
  .action(async (opts: { build?: boolean }) => {
    const config = loadConfig();
    // the console builds in a child process while the database is prepared (first start: both at once)
    const built = opts.build ? ensureWebBuild(ROOT, say) : Promise.resolve();
    built.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    const database = await openConfiguredDatabase(config);
    say(`数据库 / database: ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`);
    const app = await prepareServer(config, database, say, { webBuilt: built });
    const control = serveControl(config, database); // linli backup / doctor while serving (PGlite)
    const stop = async () => {
      await control?.close();
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    await app.listen({ port: config.port, host: config.host });
    const port = (app.server.address() as { port: number } | null)?.port ?? config.port;
    say(`邻里已启动 / Linli is running: http://localhost:${port}/`);
  });

program
  .command('migrate')
  .description('执行数据库迁移 / bring the database schema up to date')
  .action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    try {
      const applied = await migrateDatabase(config, database);
      say(applied.length ? `applied: ${applied.join(', ')}` : '数据库已是最新 / schema is up to date');
    } finally {
      await database.close();
    }
  });

program
  .command('demo')
  .description('载入演示街道（鼓东街道）/ load the demo street')
  .option('--reset', 'remove the demo data first and load it again')
  .action(async (opts: { reset?: boolean }) => {
    await withDatabase(async ({ db }) => {
      const p = progressReporter('demo');
      const config = loadConfig();
      const r = await loadDemo({
        db,
        keyring: loadKeyring(config.dataDir),
        password: config.demoPassword,
        apiKey: config.demoApiKey,
        reset: opts.reset ?? false,
        onProgress: (s) => p.step(s),
      });
      p.done(`演示街道已载入 / demo loaded: ${describeDemo(r)}`);
    });
  });

program
  .command('keys')
  .description('个人信息加密密钥 / keys protecting personal data')
  .command('rotate')
  .description('轮换密钥并重新加密全部个人信息 / add a new key, re-seal every value, drop the old keys')
  .action(async () => {
    const config = loadConfig();
    const fromEnv = Boolean(process.env.LINLI_SECRET_KEY?.trim());
    if (!fromEnv) addKeyToFile(config.dataDir);
    await withDatabase(async ({ db }) => {
      const keyring = loadKeyring(config.dataDir);
      const columns = modules.flatMap((m) => m.sealedColumns ?? []);
      const n = await resealAll(db, keyring, columns);
      say(`已用密钥 ${keyring.currentId} 重新加密 ${n} 项 / re-sealed ${n} values with key ${keyring.currentId}`);
    });
    if (fromEnv) {
      say('LINLI_SECRET_KEY: 现在可以删除旧密钥，只保留第一个 / you may now drop every key but the first');
    } else {
      pruneKeyFile(config.dataDir);
      say('旧密钥已从 keys.json 删除 / old keys removed from keys.json');
    }
  });

program
  .command('events')
  .description('领域事件积压 / domain events waiting for delivery, per subscribing module; --deliver delivers them')
  .option('--deliver', 'deliver what waits now')
  .action(async (opts: { deliver?: boolean }) => {
    await withDatabase(async ({ db }) => {
      const subscribers = subscribersOf(modules);
      if (opts.deliver) say(`delivered: ${await deliverPending(db, subscribers)}`);
      for (const b of await eventBacklog(db, subscribers)) say(`${b.subscriber}: ${b.waiting} waiting`);
    });
  });

const audit = program.command('audit').description('审计日志 / the audit log');
audit
  .command('verify')
  .description('校验审计日志哈希链 / check every link of the audit log hash chain; exit 3 at the first broken one')
  .action(async () => {
    await withDatabase(async ({ db }) => {
      const r = await verifyAuditChain(db);
      if (r.broken) {
        say(
          `审计日志被篡改 / audit chain BROKEN at entry #${r.broken.chainSeq} (id ${r.broken.id}): ${r.broken.why}; ${r.checked} entries before it hold`,
        );
        process.exitCode = 3;
      } else {
        say(`审计日志完整 / audit chain intact: ${r.checked} entries`);
      }
    });
  });

program
  .command('break-glass <username>')
  .description(
    '紧急恢复管理员账号 / emergency: a new initial password for an administrator account when no second administrator can approve (loudly audited)',
  )
  .requiredOption('--reason <text>', 'why (recorded in the audit log)')
  .action(async (username: string, opts: { reason: string }) => {
    await withDatabase(async ({ db }) => {
      const password = await breakGlass(db, username, opts.reason);
      process.stderr.write(
        `\n*** 紧急恢复 / BREAK-GLASS: ${username} 的密码已重置，已写入审计日志 (identity.break_glass)。请立即通知审计管理员。***\n\n`,
      );
      say(password);
    });
  });

const tools: CliTools = {
  withDatabase,
  keyring: () => loadKeyring(loadConfig().dataDir),
  say,
  digits,
  deliverEvents: (db) =>
    deliverPending(db, subscribersOf(modules), (subscriber, event, err) =>
      process.stderr.write(
        `事件 ${event.kind}#${event.id} 投递给 ${subscriber} 失败 / delivery failed: ${String(err)}\n`,
      ),
    ),
};
for (const m of modules) m.cli?.(program, tools);

addOpsCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof AppError) {
    process.stderr.write(`错误 / error: ${err.text.zh} / ${err.text.en}\n`);
  } else if (err instanceof InvalidArgumentError) {
    process.stderr.write(`错误 / error: ${err.message}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
