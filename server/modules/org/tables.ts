import type { ColumnType, Generated } from 'kysely';

/** Levels of the region tree, top to bottom. */
export const REGION_LEVELS = ['province', 'city', 'district', 'street', 'community', 'grid', 'microgrid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Digits of a code at each level (GB/T 2260, statistics-bureau codes, 15-digit grids). */
export const CODE_LENGTH: Record<RegionLevel, number> = {
  province: 2,
  city: 4,
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
  microgrid: 18,
};

/**
 * One node of the region tree. National levels come from the statistics-bureau codes; grids are
 * drawn locally. A reference table under Citus (replicated to every node): it is small and read
 * by every street's queries.
 */
export type RegionsTable = {
  code: string;
  level: RegionLevel;
  /** Display name: `多福巷社区`. */
  name: string;
  /** Name as published: `多福巷社区居委会`. */
  official_name: string;
  parent_code: string | null;
  /** Ancestor codes and the node's own: `/35/3501/350102/350102001/`. */
  path: string;
  depth: number;
  /** The 9-digit code of the street this node is in or is; null above street level. */
  street_id: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
};

export type GeoJsonGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** A region's boundary (WGS-84 GeoJSON), owned by its street: distributed by street_id. */
export type RegionBoundariesTable = {
  street_id: string;
  region_code: string;
  geometry: ColumnType<GeoJsonGeometry, string, string>;
  min_lng: number;
  min_lat: number;
  max_lng: number;
  max_lat: number;
  updated_at: Generated<Date>;
};

export type OrgTables = {
  regions: RegionsTable;
  region_boundaries: RegionBoundariesTable;
};

declare module '../../core/tables.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tables extends OrgTables {}
}
