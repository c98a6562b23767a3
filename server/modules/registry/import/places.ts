import type { Executor } from '../../../core/db.js';
import type { GeoJsonGeometry } from '../../org/index.js';

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
  // the same query as org's gridIndexOf, written here so that the importing thread (a worker on PostgreSQL)
  // need not load the org module for it
  const boundaries = await db
    .selectFrom('region_boundaries as b')
    .innerJoin('regions as r', 'r.code', 'b.region_code')
    .select(['b.region_code as code', 'b.geometry'])
    .where('b.street_id', '=', streetId)
    .where('r.level', '=', 'grid')
    .execute();
  return { regions, boundaries, scopes };
}

/** Grid code → name, for the report (the importing thread needs no more of the places). */
export function gridNamesOf(data: PlaceData): Map<string, string> {
  return new Map(data.regions.filter((r) => r.level === 'grid').map((r) => [r.code, r.name]));
}
