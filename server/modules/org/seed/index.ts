import type { Seed } from '../../../core/seed.js';
import { importRegions } from '../commands/import-regions.js';
import { saveGrids } from '../commands/save-grids.js';
import { layoutStreet } from './grid-layout.js';

/** Around 26.09°N, 119.30°E (WGS-84), about 1.9 km × 1.4 km: where 鼓东街道 lies. */
const DEMO_BBOX: [number, number, number, number] = [119.2905, 26.0835, 119.3095, 26.0965];

/**
 * The demo street's tree: the real street with its real communities from the statistics-bureau
 * codes, each split into 10 grids (like 庆城社区's 10) with deterministic synthetic boundaries at
 * the street's real location.
 */
export const orgSeed: Seed = {
  async load({ db, streetId, sourceDir, onProgress }) {
    onProgress?.('导入街道区划 / importing the street');
    await importRegions({ db, scope: { level: 'street', code: streetId }, ...(sourceDir ? { sourceDir } : {}) });
    const communities = await db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('parent_code', '=', streetId)
      .where('level', '=', 'community')
      .orderBy('code')
      .execute();
    const layout = layoutStreet({
      bbox: DEMO_BBOX,
      communities: communities.length,
      gridsPerCommunity: 10,
      seed: 350102001,
    });
    let grids = 0;
    for (const [k, community] of communities.entries()) {
      const plan = layout[k];
      if (!plan) continue;
      onProgress?.(`划分网格 / drawing grids: ${community.name}`);
      await saveGrids({
        db,
        communityCode: community.code,
        communityBoundary: plan.boundary,
        grids: plan.grids.map((geometry, i) => ({ seq: i + 1, name: `${community.name}第${i + 1}网格`, geometry })),
      });
      grids += plan.grids.length;
    }
    return { communities: communities.length, grids };
  },
};
