import type { Seed } from '../../../core/seed.js';
import type { GeoJsonGeometry } from '../../org/index.js';
import { loadDemoRegistry } from './registry.js';

// 管线: the business lines' staff assigned to each grid (police, city management, market supervision)
const LINES = [
  ['社区民警', '鼓东派出所'],
  ['城管队员', '鼓东街道城管中队'],
  ['市场监管', '鼓楼区市场监管局东街所'],
] as const;
const SURNAMES = '陈林黄郑王张刘吴';

/** Each grid's business-line staff, then the registry written through the real import. */
export const registrySeed: Seed = {
  async load({ db, keyring, streetId, size, onProgress }) {
    const rows = await db
      .selectFrom('regions as g')
      .innerJoin('regions as c', 'c.code', 'g.parent_code')
      .innerJoin('region_boundaries as b', 'b.region_code', 'g.code')
      .select(['c.code as community', 'c.name as communityName', 'g.code as grid', 'b.geometry'])
      .where('g.street_id', '=', streetId)
      .where('g.level', '=', 'grid')
      .orderBy('c.code')
      .orderBy('g.code')
      .execute();
    const communities: { code: string; name: string; grids: GeoJsonGeometry[] }[] = [];
    for (const r of rows) {
      let c = communities.at(-1);
      if (c?.code !== r.community) communities.push((c = { code: r.community, name: r.communityName, grids: [] }));
      c.grids.push(r.geometry);
    }
    if (rows.length > 0)
      await db
        .insertInto('grid_business_lines')
        .values(
          communities.flatMap((c, k) =>
            c.grids
              .map((_, i) => `${c.code}${String(i + 1).padStart(3, '0')}`)
              .flatMap((grid, i) =>
                LINES.map(([line, unit], j) => ({
                  street_id: streetId,
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
    return loadDemoRegistry({
      db,
      keyring,
      streetId,
      communities,
      ...(size.householdsPerGrid ? { householdsPerGrid: size.householdsPerGrid } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  },
};
