import type { ModuleManifest } from '../../core/module.js';
import { orgCli } from './cli.js';
import { orgSeed } from './seed/index.js';
import * as regions from './migrations/20261122-0100-regions.js';
import { orgRoutes } from './routes.js';

export { importRegions, buildRegionRows, upsertRegionRows } from './commands/import-regions.js';
export type { ImportRegionsResult, RegionRow } from './commands/import-regions.js';
export { moveRegion, REGION_MOVED, type RegionMoved } from './commands/move-region.js';
export { saveGrids, type GridInput } from './commands/save-grids.js';
export { gridsFromGeoJson } from './commands/grids-geojson.js';
export { readDivisions, defaultDivisionDir, type ImportScope, type DivisionRow } from './division-source.js';
export { displayName } from './names.js';
export { listAgencies, upsertAgency, type AgenciesTable } from './agencies.js';
export { GridIndex, covers, gridIndexOf, invalidateGridIndex } from './grid-index.js';
export { bboxOf, geometryProblem, polygonsOf, ringArea, type BBox } from './geo.js';
export { getRegionDetail, searchRegions, getRegionMap } from './queries.js';
export { CODE_LENGTH, REGION_LEVELS, type RegionLevel, type GeoJsonGeometry } from './tables.js';

/** The region tree: districts, streets, communities, grids (module `org`, the bottom of the graph). */
export const orgModule: ModuleManifest = {
  name: 'org',
  migrations: { '20261122-0100-org-regions': regions },
  routes: orgRoutes,
  // CLI-only for now (the operator of the machine); they get rules when the console offers them
  cli: orgCli,
  seed: orgSeed,
  tables: {
    regions: {
      kind: 'reference',
      why: 'the region tree above and within streets: every street’s rows refer to its nodes, and districts read across streets',
    },
    region_boundaries: {
      kind: 'reference',
      why: 'grid outlines: read by every street’s point → grid index and by maps above the street; written rarely',
    },
    agencies: {
      kind: 'reference',
      why: 'handling units (a few dozen a street): accounts’ roles refer to them, and accounts are reference rows',
    },
  },
  actions: ['org.import_regions', 'org.move_region', 'org.save_grids'] as const,
  selfActions: ['org.import_regions', 'org.move_region', 'org.save_grids'],
};
