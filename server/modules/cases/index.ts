import type { ModuleManifest } from '../../core/module.js';
import { casesStats } from './stats.js';
import { casesCli } from './cli.js';
import { casesSeed } from './seed/index.js';
import { onRegionMoved } from './on-region-moved.js';
import { REGION_MOVED } from '../org/index.js';
import * as cases from './migrations/20261122-0400-cases.js';
import { caseSettingsSchema } from './defaults.js';
import { open311Routes } from './open311.js';
import { casesActions, casesRules } from './permissions.js';
import { caseRoutes } from './routes.js';
import { caseSettingsRoutes } from './settings-routes.js';
import { indicatorRoutes } from './indicator-routes.js';
import { fireDueTimers } from './timers.js';
import { sweepUnattachedPhotos } from './photos.js';

export { submitCase, type Submitter } from './commands/submit-case.js';
export { actOnCase } from './commands/act-on-case.js';
export { seedStreetCases } from './commands/seed-street.js';
export { createApiKey } from './open311.js';
export { fireDueTimers, startScheduler, timerPlan } from './timers.js';
export type { CasesTable } from './tables.js';
export { addLimit, isWorkingDay, localDate, localMidnight, type WorkCalendar } from './calendar.js';
export { workCalendarOf } from './street-config.js';
export { ratesOf, compositeScore, indicators } from './indicators.js';
export { caseNo } from './case-row.js';
export { takePhotos } from './commands/attach-photos.js';
export { casesRules, casesActions } from './permissions.js';

/**
 * Cases (module `cases`): intake from every channel, the loop as a state machine, time limits on
 * a holiday calendar, the deadline clock, indicators, Open311 and the inbox.
 */
export const casesModule: ModuleManifest = {
  name: 'cases',
  migrations: { '20261122-0400-cases': cases },
  routes: async (app, ctx) => {
    await caseRoutes(app, ctx);
    caseSettingsRoutes(app, ctx);
    indicatorRoutes(app, ctx);
    await app.register(async (scope) => open311Routes(scope, ctx));
  },
  sealedColumns: [{ table: 'cases', id: 'id', cipher: 'reporter_phone_cipher', hash: 'reporter_phone_hash' }],
  subscribes: { [REGION_MOVED]: onRegionMoved },
  config: { schema: caseSettingsSchema, action: 'cases.configure' },
  cli: casesCli,
  stats: casesStats,
  seed: casesSeed,
  tables: {
    cases: { kind: 'distributed' },
    case_categories: { kind: 'distributed' },
    case_events: { kind: 'distributed' },
    case_photos: { kind: 'distributed' },
    case_timers: { kind: 'distributed' },
    case_assists: { kind: 'distributed' },
    agency_ratings: { kind: 'distributed' },
    work_calendar: { kind: 'distributed' },
    open311_keys: {
      kind: 'reference',
      why: 'an Open311 client names only its key, and the key names its street: looked up before the street is known',
    },
  },
  actions: casesActions,
  rules: casesRules,
  jobs: [
    { name: 'cases.clock', everyMs: 1000, run: (ctx) => fireDueTimers(ctx.db) },
    { name: 'cases.photo_sweep', everyMs: 3_600_000, run: (ctx) => sweepUnattachedPhotos(ctx.db) },
  ],
};
