import type { Executor } from '../../../core/db.js';
import { GridIndex, type GeoJsonGeometry } from '../../org/index.js';
import type { Places } from './validate.js';

/** What a street's places are made from: plain data, so that a worker thread can rebuild them. */
export type PlaceData = {
  regions: {
    code: string;
    name: string;
    official_name: string;
    level: string;
    parent_code: string | null;
    path: string;
  }[];
  boundaries: { code: string; geometry: GeoJsonGeometry }[];
  scopes: string[];
};

/** The street's communities and grids with their boundaries, and the region paths the importer may write to. */
export async function loadPlaceData(db: Executor, streetId: string, scopes: string[]): Promise<PlaceData> {
  const regions = await db
    .selectFrom('regions')
    .select(['code', 'name', 'official_name', 'level', 'parent_code', 'path'])
    .where('street_id', '=', streetId)
    .where('level', 'in', ['community', 'grid'])
    .execute();
  const boundaries = await db
    .selectFrom('region_boundaries as b')
    .innerJoin('regions as r', 'r.code', 'b.region_code')
    .select(['b.region_code as code', 'b.geometry'])
    .where('b.street_id', '=', streetId)
    .where('r.level', '=', 'grid')
    .execute();
  return { regions, boundaries, scopes };
}

/**
 * The communities and grids of a street as rows may name them: a community by name or code, a
 * grid by full name (庆城社区第1网格), short name (第1网格), sequence (1) or code; and the point →
 * grid index for rows that give a building's coordinates instead of its grid.
 */
export function placesFrom({ regions, boundaries, scopes }: PlaceData): Places {
  const communities = new Map<string, { code: string; path: string }>();
  const grids = new Map<string, Map<string, { code: string; path: string }>>();
  const gridByCode = new Map<string, { code: string; path: string; communityCode: string; name: string }>();
  const names = new Map<string, string>();
  for (const r of regions) {
    if (r.level !== 'community') continue;
    const c = { code: r.code, path: r.path };
    for (const key of [r.code, r.name, r.official_name]) communities.set(key, c);
    names.set(r.code, r.name);
    grids.set(r.code, new Map());
  }
  for (const r of regions) {
    if (r.level !== 'grid' || !r.parent_code) continue;
    const g = { code: r.code, path: r.path };
    gridByCode.set(r.code, { ...g, communityCode: r.parent_code, name: r.name });
    const map = grids.get(r.parent_code);
    if (!map) continue;
    const seq = String(Number(r.code.slice(-3)));
    const community = names.get(r.parent_code) ?? '';
    const short = r.name.startsWith(community) ? r.name.slice(community.length) : r.name;
    for (const key of [r.code, r.name, short, seq, `第${seq}网格`]) map.set(key.replace(/\s/g, ''), g);
  }
  const index = new GridIndex(boundaries);
  return { communities, grids, scopes, gridByCode, locate: (lng, lat) => index.locate(lng, lat) };
}
