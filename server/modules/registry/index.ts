import type { ModuleManifest } from '../../core/module.js';
import { registryStats } from './stats.js';
import { registrySettingsSchema } from './sizing.js';
import { registryCli } from './cli.js';
import { registrySeed } from './seed/index.js';
import { onRegionMoved } from './on-region-moved.js';
import { REGION_MOVED } from '../org/index.js';
import * as registry from './migrations/20261122-0300-registry.js';
import * as lines from './migrations/20261122-0500-business-lines.js';
import * as noStaging from './migrations/20261202-0100-no-import-staging.js';
import * as listIndex from './migrations/20261203-0200-list-index.js';
import * as houseAreas from './migrations/20261217-0100-house-areas.js';
import { registryActions, registryRules } from './permissions.js';
import { registryEditRoutes } from './edit-routes.js';
import { registryRoutes } from './routes.js';
import { registryImportRoutes } from './import-routes.js';

export { runImport, createImport, cleanUpInterruptedImports, type ImportResult } from './import/run.js';
export { templateWorkbook, templateCsv } from './import/template.js';
export { COLUMNS as IMPORT_COLUMNS } from './import/columns.js';
export { registryRules, registryActions, visibleTags } from './permissions.js';
export { HOUSEHOLDS_CHANGED, type HouseholdsChanged } from './events.js';
export { sizingOf, registrySettingsSchema } from './sizing.js';

/** Estates, buildings, houses, households and residents (module `registry`): 以图管房、以房管人. */
export const registryModule: ModuleManifest = {
  name: 'registry',
  migrations: {
    '20261122-0300-registry': registry,
    '20261122-0500-business-lines': lines,
    '20261202-0100-no-import-staging': noStaging,
    '20261203-0200-registry-list-index': listIndex,
    '20261217-0100-house-areas': houseAreas,
  },
  routes: async (app, ctx) => {
    await registryRoutes(app, ctx);
    await registryImportRoutes(app, ctx);
    await registryEditRoutes(app, ctx);
  },
  sealedColumns: [
    { table: 'residents', id: 'id', cipher: 'id_cipher', hash: 'id_hash' },
    { table: 'residents', id: 'id', cipher: 'phone_cipher', hash: 'phone_hash' },
  ],
  subscribes: { [REGION_MOVED]: onRegionMoved },
  cli: registryCli,
  stats: registryStats,
  seed: registrySeed,
  // the sizing rule is the street's: set by those who keep the street's registry (the command centre)
  config: { schema: registrySettingsSchema, action: 'registry.import' },
  tables: {
    estates: { kind: 'distributed' },
    buildings: { kind: 'distributed' },
    houses: { kind: 'distributed' },
    house_owners: { kind: 'distributed' },
    households: { kind: 'distributed' },
    residents: { kind: 'distributed' },
    registry_events: { kind: 'distributed' },
    registry_imports: { kind: 'distributed' },
    grid_business_lines: { kind: 'distributed' },
  },
  actions: registryActions,
  rules: registryRules,
};
