import { sql } from 'kysely';
import type { Db } from '../core/db.js';
import { importRegions, saveGrids, type GeoJsonGeometry } from '../modules/org/index.js';
import { loadDemoRegistry } from './demo-registry.js';
import { layoutStreet } from './grid-layout.js';

import type { Keyring } from '../core/pii/index.js';
import { loadDemoAccounts, removeDemoAccounts } from './demo-accounts.js';
import { loadDemoCases } from './demo-cases.js';
import { DEMO_STREET } from './demo-street.js';

export { DEMO_STREET };

/** Around 26.09°N, 119.30°E (WGS-84), about 1.9 km × 1.4 km. */
const DEMO_BBOX: [number, number, number, number] = [119.2905, 26.0835, 119.3095, 26.0965];

export type DemoOptions = {
  db: Db;
  keyring: Keyring;
  /** Password of every demo account. */
  password: string;
  /** Remove the demo street's data first and load it again. */
  reset?: boolean;
  sourceDir?: string;
  onProgress?: (step: string) => void;
  /** Households per grid, [min, max]; tests use a few, the demo the sizing rule's 300–500. */
  householdsPerGrid?: [number, number];
  /** The Open311 API key the demo creates (LINLI_DEMO_API_KEY). */
  apiKey?: string;
  /** Cases reported on an ordinary day of the demo's year (tests use a few). */
  casesPerDay?: number;
};

/** The demo's Open311 key when LINLI_DEMO_API_KEY is not set (README). */
export const DEFAULT_DEMO_API_KEY = 'linli-demo-open311-key';

/** True when the database holds no region yet (a first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('regions').select('code').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * Loads the demo street: the real 鼓东街道 with its real communities from the statistics-bureau
 * codes, each split into 10 grids (like 庆城社区's 10 grids) with
 * deterministic synthetic boundaries at the street's real location.
 */
export async function loadDemo({
  db,
  keyring,
  password,
  reset,
  sourceDir,
  onProgress,
  householdsPerGrid,
  apiKey,
  casesPerDay,
}: DemoOptions): Promise<{
  communities: number;
  grids: number;
  accounts: number;
  households: number;
  residents: number;
  cases: number;
}> {
  if (reset) {
    onProgress?.('删除旧的演示数据 / removing the old demo data');
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('notifications').where('street_id', '=', DEMO_STREET).execute();
      for (const table of [
        'agency_ratings',
        'open311_keys',
        'case_timers',
        'case_photos',
        'case_events',
        'case_assists',
        'cases',
        'case_settings',
        'work_calendar',
        'case_categories',
        'grid_business_lines',
        'registry_imports',
        'registry_events',
        'house_owners',
        'residents',
        'households',
        'houses',
        'buildings',
        'estates',
      ] as const)
        await trx.deleteFrom(table).where('street_id', '=', DEMO_STREET).execute();
      await trx.deleteFrom('region_boundaries').where('street_id', '=', DEMO_STREET).execute();
    });
    await removeDemoAccounts(db);
    await db.transaction().execute(async (trx) => {
      await sql`DELETE FROM regions WHERE street_id = ${DEMO_STREET}`.execute(trx);
    });
  }
  onProgress?.('导入鼓东街道区划 / importing the street');
  await importRegions({ db, scope: { level: 'street', code: DEMO_STREET }, ...(sourceDir ? { sourceDir } : {}) });
  const communities = await db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('parent_code', '=', DEMO_STREET)
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
  const drawn: { code: string; name: string; grids: GeoJsonGeometry[] }[] = [];
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
    drawn.push({ ...community, grids: plan.grids });
  }
  // 管线: the business lines' staff assigned to each grid (police, city management, market supervision)
  const LINES = [
    ['社区民警', '鼓东派出所'],
    ['城管队员', '鼓东街道城管中队'],
    ['市场监管', '鼓楼区市场监管局东街所'],
  ] as const;
  const SURNAMES = '陈林黄郑王张刘吴';
  await db
    .insertInto('grid_business_lines')
    .values(
      drawn.flatMap((c, k) =>
        c.grids
          .map((_, i) => `${c.code}${String(i + 1).padStart(3, '0')}`)
          .flatMap((grid, i) =>
            LINES.map(([line, unit], j) => ({
              street_id: DEMO_STREET,
              grid_code: grid,
              seq: j + 1,
              line,
              person: `${SURNAMES[(k * 3 + i + j) % SURNAMES.length] ?? '陈'}${['警官', '队员', '科员'][j] ?? ''}`,
              unit,
            })),
          ),
      ),
    )
    .execute();
  const registry = await loadDemoRegistry({
    db,
    keyring,
    streetId: DEMO_STREET,
    communities: drawn,
    ...(householdsPerGrid ? { householdsPerGrid } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  onProgress?.('创建演示账号 / creating the demo accounts');
  const accounts = await loadDemoAccounts(db, keyring, password);
  onProgress?.('生成一年的案件 / generating a year of cases');
  const { cases } = await loadDemoCases({
    db,
    keyring,
    streetId: DEMO_STREET,
    apiKey: apiKey ?? DEFAULT_DEMO_API_KEY,
    ...(casesPerDay !== undefined ? { perDay: casesPerDay } : {}),
  });
  return { communities: communities.length, grids, accounts, ...registry, cases };
}
