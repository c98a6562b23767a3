import { z } from 'zod';
import { bilingual } from './i18n.js';

export const regionLevels = ['province', 'city', 'district', 'street', 'community', 'grid', 'microgrid'] as const;
export const regionLevel = z.enum(regionLevels);
export type RegionLevel = z.infer<typeof regionLevel>;

/** A region code: 2, 4, 6, 9, 12, 15 or 18 digits (province … micro-grid). */
export const regionCode = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12}|\d{15}|\d{18})$/, {
    error: bilingual({
      zh: '区划代码应为 2、4、6、9、12、15 或 18 位数字',
      en: 'A region code has 2, 4, 6, 9, 12, 15 or 18 digits',
    }),
  })
  .meta({ description: 'Region code (GB/T 2260 / statistics-bureau code; grids 15 digits)', example: '350102001' });

/** A node of the region tree as the API shows it. */
export const regionSummary = z
  .object({
    /** National code (grids: community code + 3-digit sequence). */
    code: z.string(),
    level: regionLevel,
    /** Display name, committee suffix dropped (`多福巷社区`). */
    name: z.string(),
    /** Official name as published (`多福巷社区居委会`). */
    officialName: z.string(),
    parentCode: z.string().nullable(),
    /** Code of the street this node belongs to (null above street level). */
    streetId: z.string().nullable(),
    /** Number of direct children. */
    childCount: z.number().int(),
  })
  .meta({ id: 'RegionSummary' });
export type RegionSummary = z.infer<typeof regionSummary>;

export const regionDetail = z
  .object({
    region: regionSummary,
    /** From the top of the tree down to the parent. */
    ancestors: z.array(regionSummary),
    children: z.array(regionSummary),
    /** Descendants by level, e.g. `{ community: 5, grid: 50 }`. */
    descendants: z.partialRecord(regionLevel, z.number().int()),
    /** Bounding box of the node's boundary or its children's, [minLng, minLat, maxLng, maxLat]. */
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  })
  .meta({ id: 'RegionDetail' });
export type RegionDetail = z.infer<typeof regionDetail>;

export const regionSearchQuery = z.object({
  /** Part of a name (Chinese), or the start of a code; without it the top-level nodes are listed. */
  q: z.string().trim().min(1).max(50).optional(),
  level: regionLevel.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const regionSearchResult = z
  .object({
    items: z.array(
      regionSummary.extend({
        /** Names from the top down, e.g. `福建省 / 福州市 / 鼓楼区 / 鼓东街道`. */
        pathNames: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'RegionSearchResult' });
export type RegionSearchResult = z.infer<typeof regionSearchResult>;

const position = z.tuple([z.number(), z.number()]);
export const geometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position))) }),
]);

/** Boundaries of a node's children (a community's grids), as GeoJSON in WGS-84. */
export const regionMap = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        properties: z.object({ code: z.string(), name: z.string(), level: regionLevel }),
        geometry,
      }),
    ),
  })
  .meta({ id: 'RegionMap' });
export type RegionMap = z.infer<typeof regionMap>;

/** Kinds of unit a street works with (handling and co-building units): docs/DOMAIN.md §4. */
export const agencyKinds = ['department', 'co_building_unit', 'property_company', 'social_organization'] as const;
export type AgencyKind = (typeof agencyKinds)[number];
export const agencyKindNames: Record<AgencyKind, { zh: string; en: string }> = {
  department: { zh: '职能部门', en: 'Department' },
  co_building_unit: { zh: '共建单位', en: 'Co-building unit' },
  property_company: { zh: '物业企业', en: 'Property company' },
  social_organization: { zh: '社会组织', en: 'Social organisation' },
};
export const agencyItem = z.object({ id: z.number(), name: z.string(), kind: z.enum(agencyKinds) });
export type AgencyItem = z.infer<typeof agencyItem>;
export const agenciesQuery = z.object({
  street: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
});

/** Each level's name, as a person reads it. */
export const regionLevelNames: Record<(typeof regionLevels)[number], { zh: string; en: string }> = {
  province: { zh: '省', en: 'Province' },
  city: { zh: '市', en: 'City' },
  district: { zh: '区县', en: 'District' },
  street: { zh: '街道/乡镇', en: 'Street/town' },
  community: { zh: '社区/村', en: 'Community/village' },
  grid: { zh: '网格', en: 'Grid' },
  microgrid: { zh: '微网格', en: 'Micro-grid' },
};

/**
 * The deployment's base map (env: LINLI_TIANDITU_KEY, or LINLI_MAP_TILES and LINLI_MAP_CRS). No
 * layers: the maps draw the grids on a plain background (a closed network needs nothing else).
 * `crs` is the coordinate system of the tiles: `wgs84` for 天地图 (CGCS2000, which differs from
 * WGS-84 by centimetres) and OpenStreetMap, `gcj02` for 高德 and 腾讯 — the web shifts the
 * registry's WGS-84 geometry into GCJ-02 before drawing it over such tiles.
 */
export const baseMap = z
  .object({
    layers: z.array(
      z.object({
        /** An XYZ template: {z}/{x}/{y}, optionally {s} for a subdomain. */
        url: z.string(),
        subdomains: z.array(z.string()),
        attribution: z.string(),
        maxZoom: z.number().int(),
      }),
    ),
    crs: z.enum(['wgs84', 'gcj02']),
  })
  .meta({ id: 'BaseMap' });
export type BaseMap = z.infer<typeof baseMap>;
