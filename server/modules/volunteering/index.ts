import { volunteeringSettingsSchema } from '../../../contracts/volunteering.js';
import type { ModuleManifest } from '../../core/module.js';
import { volunteeringCli } from './cli.js';
import { expireLastYear } from './commands/timebank.js';
import { expireRedemptions } from './jobs.js';
import * as records from './migrations/20261213-0100-records.js';
import * as points from './migrations/20261212-0100-points.js';
import * as activities from './migrations/20261212-0200-activities.js';
import { volunteeringRules } from './permissions.js';
import { CARE_HELPED } from '../visits/index.js';
import { WISH_CONFIRMED } from '../needs/index.js';
import { onCareHelped, onWishConfirmed } from './rewards.js';
import { volunteeringRoutes } from './routes.js';
import { volunteeringSeed } from './seed.js';
import { volunteeringStats } from './stats.js';

export { earn } from './commands/points.js';
export { checkLedger } from './ledger.js';

/**
 * 志愿服务 and 微积分 (module `volunteering`, docs/DOMAIN.md §6). Built so far: the points ledger —
 * double-entry, balances never below zero, idempotent requests, points earned once per source record,
 * corrections by reversal — and the community's points store with pickup codes.
 */
export const volunteeringModule: ModuleManifest = {
  name: 'volunteering',
  migrations: {
    '20261212-0100-points': points,
    '20261212-0200-activities': activities,
    '20261213-0100-records': records,
  },
  routes: volunteeringRoutes,
  tables: {
    points_accounts: { kind: 'distributed' },
    points_transactions: { kind: 'distributed' },
    points_entries: { kind: 'distributed' },
    store_goods: { kind: 'distributed' },
    redemptions: { kind: 'distributed' },
    volunteers: { kind: 'distributed' },
    volunteer_teams: { kind: 'distributed' },
    team_members: { kind: 'distributed' },
    activities: { kind: 'distributed' },
    activity_signups: { kind: 'distributed' },
    service_records: { kind: 'distributed' },
    service_record_changes: { kind: 'distributed' },
    volunteer_records: { kind: 'distributed' },
    certificates: { kind: 'distributed' },
  },
  actions: ['volunteering.read', 'volunteering.manage', 'volunteering.redeem', 'volunteering.join'],
  selfActions: ['volunteering.redeem', 'volunteering.join'],
  rules: volunteeringRules,
  jobs: [
    { name: 'volunteering.expire_redemptions', everyMs: 600_000, run: (ctx) => expireRedemptions(ctx.db) },
    { name: 'volunteering.expire_year', everyMs: 3_600_000, run: (ctx) => expireLastYear(ctx.db) },
  ],
  config: { schema: volunteeringSettingsSchema, action: 'volunteering.manage' },
  seed: volunteeringSeed,
  cli: volunteeringCli,
  stats: volunteeringStats,
  subscribes: { [WISH_CONFIRMED]: onWishConfirmed, [CARE_HELPED]: onCareHelped },
};
