import type { Db } from '../../../core/db.js';
import { AppError, notFound } from '../../../core/errors.js';
import { bboxOf, geometryProblem } from '../geo.js';
import { invalidateGridIndex } from '../grid-index.js';
import type { GeoJsonGeometry } from '../tables.js';

export type GridInput = {
  /** 1–999: the last three digits of the grid code, west→east, north→south in the community. */
  seq: number;
  name: string;
  geometry: GeoJsonGeometry;
};

export type SaveGridsOptions = {
  db: Db;
  communityCode: string;
  grids: GridInput[];
  /** The community's own outline, when known. */
  communityBoundary?: GeoJsonGeometry;
};

/**
 * Creates or redraws a community's grids: a 15-digit code (community code + 3-digit sequence,
 * docs/RULES.md), a name and a boundary each. Every grid belongs to exactly one community. One
 * transaction: a bad boundary changes nothing.
 */
export async function saveGrids({ db, communityCode, grids, communityBoundary }: SaveGridsOptions): Promise<void> {
  for (const g of grids) {
    if (!Number.isInteger(g.seq) || g.seq < 1 || g.seq > 999) {
      throw new AppError('validation', {
        zh: `网格序号 ${g.seq} 应在 1–999 之间`,
        en: `Grid sequence ${g.seq} must be 1–999`,
      });
    }
    const problem = geometryProblem(g.geometry);
    if (problem) {
      throw new AppError('validation', { zh: `网格 ${g.name} 边界无效：${problem}`, en: `Grid ${g.name}: ${problem}` });
    }
  }
  await db.transaction().execute(async (trx) => {
    const community = await trx
      .selectFrom('regions')
      .select(['code', 'level', 'path', 'depth', 'street_id'])
      .where('code', '=', communityCode)
      .executeTakeFirst();
    if (!community || community.level !== 'community' || !community.street_id) {
      throw notFound({ zh: `社区 ${communityCode}`, en: `Community ${communityCode}` });
    }
    const streetId = community.street_id;
    const boundaries: { code: string; geometry: GeoJsonGeometry }[] = [];
    if (communityBoundary) boundaries.push({ code: communityCode, geometry: communityBoundary });
    for (const g of grids) {
      const code = `${communityCode}${String(g.seq).padStart(3, '0')}`;
      await trx
        .insertInto('regions')
        .values({
          code,
          level: 'grid',
          name: g.name,
          official_name: g.name,
          parent_code: communityCode,
          path: `${community.path}${code}/`,
          depth: community.depth + 1,
          street_id: streetId,
        })
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            official_name: eb.ref('excluded.official_name'),
            updated_at: new Date(),
          })),
        )
        .execute();
      boundaries.push({ code, geometry: g.geometry });
    }
    for (const b of boundaries) {
      const [minLng, minLat, maxLng, maxLat] = bboxOf(b.geometry);
      const row = {
        street_id: streetId,
        region_code: b.code,
        geometry: JSON.stringify(b.geometry),
        min_lng: minLng,
        min_lat: minLat,
        max_lng: maxLng,
        max_lat: maxLat,
      };
      await trx
        .insertInto('region_boundaries')
        .values(row)
        .onConflict((oc) => oc.columns(['street_id', 'region_code']).doUpdateSet({ ...row, updated_at: new Date() }))
        .execute();
    }
    invalidateGridIndex(streetId);
  });
  // again after commit: a lookup during the transaction may have cached the old boundaries
  invalidateGridIndex(communityCode.slice(0, 9));
}
