import type { ModuleManifest } from '../../core/module.js';
import { onRegionMoved } from './on-region-moved.js';
import { REGION_MOVED } from '../org/index.js';
import * as cases from './migrations/20261122-0400-cases.js';
import { logPushChannel } from './notifications.js';
import { open311Routes } from './open311.js';
import { casesActions, casesRules } from './permissions.js';
import { caseRoutes } from './routes.js';
import { caseSettingsRoutes } from './settings-routes.js';
import { startScheduler } from './timers.js';
import { startPhotoSweeper } from './photos.js';

export { submitCase, type Submitter } from './commands/submit-case.js';
export { actOnCase } from './commands/act-on-case.js';
export { seedStreetCases } from './commands/seed-street.js';
export { createApiKey } from './open311.js';
export { fireDueTimers, startScheduler, timerPlan } from './timers.js';
export type { CasesTable } from './tables.js';
export { addLimit, isWorkingDay, type WorkCalendar } from './calendar.js';
export { ratesOf, compositeScore, indicators } from './indicators.js';
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
    await caseSettingsRoutes(app, ctx);
    await app.register(async (scope) => open311Routes(scope, ctx));
  },
  sealedColumns: [{ table: 'cases', id: 'id', cipher: 'reporter_phone_cipher', hash: 'reporter_phone_hash' }],
  subscribes: { [REGION_MOVED]: onRegionMoved },
  actions: casesActions,
  rules: casesRules,
  start: (ctx) => {
    const scheduler = startScheduler(ctx.db, {
      // SMS and WeChat template messages: adapters a deployment replaces; these write to the log
      channels: [logPushChannel(ctx.log, 'sms'), logPushChannel(ctx.log, 'wechat')],
      onError: (e) => ctx.log.error({ err: e }, 'case timers failed'),
    });
    const sweeper = startPhotoSweeper(ctx.db, (e) => ctx.log.error({ err: e }, 'photo sweep failed'));
    return { stop: async () => void (await Promise.all([scheduler.stop(), sweeper.stop()])) };
  },
};
