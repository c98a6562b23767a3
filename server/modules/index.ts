import { coreManifest } from '../core/manifest.js';
import { installRules } from '../core/authorize.js';
import type { ModuleManifest } from '../core/module.js';
import { casesModule } from './cases/index.js';
import { hotlinesModule } from './hotlines/index.js';
import { identityModule } from './identity/index.js';
import { inboxModule } from './inbox/index.js';
import { orgModule } from './org/index.js';
import { partyModule } from './party/index.js';
import { registryModule } from './registry/index.js';
import { visitsModule } from './visits/index.js';
import { needsModule } from './needs/index.js';
import { volunteeringModule } from './volunteering/index.js';
import { deliberationModule } from './deliberation/index.js';
import { votesModule } from './votes/index.js';
import { stationsModule } from './stations/index.js';
import { assessmentModule } from './assessment/index.js';

/** Every module, bottom of the dependency graph first; migrations run in name order across all. */
export const modules: readonly ModuleManifest[] = [
  coreManifest,
  orgModule,
  identityModule,
  inboxModule,
  registryModule,
  casesModule,
  hotlinesModule,
  partyModule,
  visitsModule,
  needsModule,
  volunteeringModule,
  deliberationModule,
  votesModule,
  stationsModule,
  assessmentModule,
];

installRules(modules);
