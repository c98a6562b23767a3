import { visitSettingsSchema } from '../../../contracts/visits.js';
import type { ModuleManifest } from '../../core/module.js';
import * as visits from './migrations/20261206-0100-visits.js';
import * as care from './migrations/20261208-0100-care.js';
import * as photos from './migrations/20261208-0200-visit-photos.js';
import * as state from './migrations/20261209-0100-visit-state.js';
import { careRoutes } from './care/routes.js';
import { onSettingsChanged } from './on-settings-changed.js';
import { SETTINGS_CHANGED } from '../../core/settings.js';
import { vendorRoutes } from './care/vendor-routes.js';
import { devicesCli } from './care/cli.js';
import { sweepDevices } from './care/alarms.js';
import { remindCare } from './care/reminders.js';
import { visitsStats } from './stats.js';
import { visitsRules } from './permissions.js';
import { visitRoutes } from './routes.js';
import { visitsSeed } from './seed/index.js';
import { onHouseholdsChanged } from './on-households-changed.js';
import { HOUSEHOLDS_CHANGED } from '../registry/index.js';
import { REGION_MOVED } from '../org/index.js';
import { onRegionMoved } from './on-region-moved.js';

export { CARE_HELPED, NEED_FOUND, type CareHelped, type NeedFound } from './events.js';

/**
 * 联户走访 (module `visits`, docs/DOMAIN.md "Visits and care"): each household's required
 * frequency from its residents' tags, monthly plans per grid in walking order, visit records
 * (民情日记) with findings that become cases or needs, and coverage; care subjects with their plans
 * and pair-up helpers, care devices whose signed alarms open urgent cases, and the alarms board.
 */
export const visitsModule: ModuleManifest = {
  name: 'visits',
  migrations: {
    '20261206-0100-visits': visits,
    '20261208-0100-care': care,
    '20261208-0200-visit-photos': photos,
    '20261209-0100-visit-state': state,
  },
  routes: async (app, ctx) => {
    visitRoutes(app, ctx);
    careRoutes(app, ctx);
    await app.register(async (scope) => vendorRoutes(scope, ctx));
  },
  tables: {
    household_visits: { kind: 'distributed' },
    visits: { kind: 'distributed' },
    visit_findings: { kind: 'distributed' },
    visit_edits: { kind: 'distributed' },
    visit_plans: { kind: 'distributed' },
    visit_plan_items: { kind: 'distributed' },
    visitor_months: { kind: 'distributed' },
    visit_photos: { kind: 'distributed' },
    care_subjects: { kind: 'distributed' },
    care_helpers: { kind: 'distributed' },
    care_checkins: { kind: 'distributed' },
    care_vendors: { kind: 'distributed' },
    care_devices: { kind: 'distributed' },
    care_alarms: { kind: 'distributed' },
    care_signatures: { kind: 'distributed' },
  },
  actions: ['visits.record', 'visits.read', 'visits.plan', 'visits.care', 'visits.devices', 'visits.checkin'],
  selfActions: ['visits.checkin'],
  rules: visitsRules,
  sealedColumns: [
    { table: 'visits', id: 'id', cipher: 'gps_cipher' },
    { table: 'care_subjects', id: 'id', cipher: 'emergency_phone_cipher' },
    { table: 'care_vendors', id: 'id', cipher: 'secret_cipher' },
  ],
  jobs: [
    { name: 'visits.care_devices', everyMs: 60_000, run: (ctx) => sweepDevices(ctx.db) },
    { name: 'visits.care_reminders', everyMs: 600_000, run: (ctx) => remindCare(ctx.db) },
  ],
  cli: devicesCli,
  stats: visitsStats,
  config: { schema: visitSettingsSchema, action: 'visits.plan' },
  seed: visitsSeed,
  subscribes: {
    [HOUSEHOLDS_CHANGED]: onHouseholdsChanged,
    [REGION_MOVED]: onRegionMoved,
    [SETTINGS_CHANGED]: onSettingsChanged,
  },
};
