import { sql } from 'kysely';
import type { Db } from '../../../core/db.js';
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

/**
 * 业主: an owner-occupied house is owned by its household's head (since the household registered
 * there); a rented or empty one by a landlord who lives elsewhere (a name only, as the 房产证 says).
 */
async function seedOwners(db: Db, streetId: string): Promise<number> {
  const result = await sql`
    INSERT INTO house_owners (street_id, house_id, resident_id, owner_name, since)
    SELECT h.street_id, h.id, head.id,
      coalesce(head.name, substr(${LANDLORD_SURNAMES}, 1 + (h.id % ${LANDLORD_SURNAMES.length})::int, 1)
        || (ARRAY['先生', '女士'])[1 + (h.id % 2)::int]),
      date '2026-01-01' - ((h.id * 37) % 7000)::int
    FROM houses h
    LEFT JOIN LATERAL (
      SELECT r.id, r.name FROM households hh
      JOIN residents r ON r.street_id = hh.street_id AND r.household_id = hh.id AND r.relation = '户主'
      WHERE hh.street_id = h.street_id AND hh.house_id = h.id AND hh.active AND h.occupancy = 'owner'
      ORDER BY hh.id LIMIT 1
    ) head ON true
    WHERE h.street_id = ${streetId}
      AND NOT EXISTS (SELECT 1 FROM house_owners o WHERE o.street_id = h.street_id AND o.house_id = h.id)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
const LANDLORD_SURNAMES = '陈林黄郑王张刘吴李杨';

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
    const counts = await loadDemoRegistry({
      db,
      keyring,
      streetId,
      communities,
      ...(size.householdsPerGrid ? { householdsPerGrid: size.householdsPerGrid } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
    return { ...counts, owners: await seedOwners(db, streetId) };
  },
};
