import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import type { CliContribution } from '../../core/module.js';
import { progressReporter } from '../../core/progress.js';
import { cleanUpInterruptedImports, createImport, runImport } from './import/run.js';
import { templateCsv, templateWorkbook } from './import/template.js';

/** `linli import template|households`: the registry's imports from the server's shell. */
export const registryCli: CliContribution = (program, { withDatabase, say, digits, keyring }) => {
  const imports = program.command('import').description('导入数据 / import data');

  imports
    .command('template <what> [file]')
    .description(
      '下载导入模板 / write the import template (what: households) as XLSX, or CSV when the file ends in .csv',
    )
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
        const importId = await createImport(db, {
          streetId,
          userId: null,
          fileName: path.basename(file),
          mode,
          dryRun,
        });
        const r = await runImport({
          db,
          databaseUrl: url,
          keyring: keyring(),
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
};
