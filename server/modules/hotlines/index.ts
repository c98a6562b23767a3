import type { ModuleManifest } from '../../core/module.js';
import * as hotlines from './migrations/20261202-0700-hotlines.js';
import { hotlinesRules } from './permissions.js';
import { hotlineRoutes } from './routes.js';
import { hotlinesSeed } from './seed/index.js';
import { hotlinesStats } from './stats.js';

/**
 * 便民电话 (module `hotlines`): each community's service numbers — property, clinic, repairs,
 * police, elderly care — kept by its staff, one tap to call on a resident's phone. The example
 * that docs/ARCHITECTURE.md's "Adding a module" walks through.
 */
export const hotlinesModule: ModuleManifest = {
  name: 'hotlines',
  migrations: { '20261202-0700-hotlines': hotlines },
  routes: hotlineRoutes,
  tables: { hotlines: { kind: 'distributed' } },
  actions: ['hotlines.read', 'hotlines.manage'],
  rules: hotlinesRules,
  seed: hotlinesSeed,
  stats: hotlinesStats,
};
