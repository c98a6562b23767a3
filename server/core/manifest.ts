import type { ModuleManifest } from './module.js';
import * as audit from './migrations/20261122-0050-audit.js';

/** What core itself owns in the database: the audit log. */
export const coreManifest: ModuleManifest = {
  name: 'core',
  migrations: { '20261122-0050-core-audit': audit },
  actions: [],
};
