import { visitSettingsSchema } from '../../../contracts/visits.js';
import type { ModuleManifest } from '../../core/module.js';
import * as visits from './migrations/20261206-0100-visits.js';
import { visitsRules } from './permissions.js';
import { visitRoutes } from './routes.js';
import { visitsSeed } from './seed/index.js';
import { onHouseholdsChanged } from './on-households-changed.js';
import { HOUSEHOLDS_CHANGED } from '../registry/index.js';
import { REGION_MOVED } from '../org/index.js';
import { onRegionMoved } from './on-region-moved.js';

/**
 * 联户走访 (module `visits`, docs/DOMAIN.md "Visits and care"): each household's required
 * frequency from its residents' tags, monthly plans per grid in walking order, visit records
 * (民情日记) with findings that become cases or needs, and coverage. Care subjects, devices and the
 * offline phone pages come next (issue 18).
 */
export const visitsModule: ModuleManifest = {
  name: 'visits',
  migrations: { '20261206-0100-visits': visits },
  routes: visitRoutes,
  tables: {
    household_visits: { kind: 'distributed' },
    visits: { kind: 'distributed' },
    visit_findings: { kind: 'distributed' },
    visit_edits: { kind: 'distributed' },
    visit_plans: { kind: 'distributed' },
    visit_plan_items: { kind: 'distributed' },
  },
  actions: ['visits.record', 'visits.read', 'visits.plan'],
  rules: visitsRules,
  sealedColumns: [{ table: 'visits', id: 'id', cipher: 'gps_cipher' }],
  config: { schema: visitSettingsSchema, action: 'visits.plan' },
  seed: visitsSeed,
  subscribes: { [HOUSEHOLDS_CHANGED]: onHouseholdsChanged, [REGION_MOVED]: onRegionMoved },
};
