import { needsSettingsSchema } from '../../../contracts/needs.js';
import type { ModuleManifest } from '../../core/module.js';
import { NEED_FOUND } from '../visits/index.js';
import { REGION_MOVED } from '../org/index.js';
import { adoptFinding, onRegionMoved, sweepNeeds } from './jobs.js';
import * as needs from './migrations/20261210-0100-needs.js';
import * as menu from './migrations/20261210-0200-menu-orders.js';
import * as purchases from './migrations/20261211-0100-purchases.js';
import { needsRules } from './permissions.js';
import { needsRoutes } from './routes.js';
import { needsSeed } from './seed/index.js';
import { needsStats } from './stats.js';

/**
 * 需求对接 (module `needs`, docs/DOMAIN.md §5): the three lists — resources (资源清单), needs (需求清单,
 * adopting the needs visits find) and projects (项目清单) — ranked matching with its reasons, the
 * fall-back of unmatched needs to the community (兜底), and micro-wishes (微心愿).
 */
export { WISH_CONFIRMED, type WishConfirmed } from './events.js';

export const needsModule: ModuleManifest = {
  name: 'needs',
  migrations: {
    '20261210-0100-needs': needs,
    '20261210-0200-menu-orders': menu,
    '20261211-0100-purchases': purchases,
  },
  routes: needsRoutes,
  tables: {
    resources: { kind: 'distributed' },
    needs: { kind: 'distributed' },
    need_projects: { kind: 'distributed' },
    wishes: { kind: 'distributed' },
    wish_photos: { kind: 'distributed' },
    menu_orders: { kind: 'distributed' },
    menu_order_steps: { kind: 'distributed' },
    project_milestones: { kind: 'distributed' },
    purchases: { kind: 'distributed' },
    purchase_items: { kind: 'distributed' },
    purchase_acceptances: { kind: 'distributed' },
    purchase_payments: { kind: 'distributed' },
    need_evidence: { kind: 'distributed' },
  },
  actions: ['needs.read', 'needs.manage', 'needs.claim', 'needs.wish', 'needs.take'],
  selfActions: ['needs.wish'],
  rules: needsRules,
  jobs: [{ name: 'needs.sweep', everyMs: 600_000, run: (ctx) => sweepNeeds(ctx.db) }],
  subscribes: { [NEED_FOUND]: adoptFinding, [REGION_MOVED]: onRegionMoved },
  config: { schema: needsSettingsSchema, action: 'needs.manage' },
  seed: needsSeed,
  stats: needsStats,
};
