import { deliberationSettingsSchema } from '../../../contracts/deliberation.js';
import type { ModuleManifest } from '../../core/module.js';
import * as deliberation from './migrations/20261214-0100-deliberation.js';
import * as agenda from './migrations/20261216-0100-agenda.js';
import { deliberationRules } from './permissions.js';
import { deliberationRoutes } from './routes.js';
import { deliberationSeed } from './seed.js';
import { deliberationStats } from './stats.js';

/** Modules that publish (an owners' vote's result) put up a notice through the same command, in their transaction. */
export { createNotice } from './commands/publicity.js';

/**
 * 大家的事大家议 and 党务公开·居务公开 (module `deliberation`, docs/DOMAIN.md "Deliberation and publicity"):
 * meetings on their schedules, topics through 一征三议两公开, surveys and notices, and a public page per community.
 */
export const deliberationModule: ModuleManifest = {
  name: 'deliberation',
  migrations: { '20261214-0100-deliberation': deliberation, '20261216-0100-agenda': agenda },
  routes: deliberationRoutes,
  tables: {
    meeting_series: { kind: 'distributed' },
    meetings: { kind: 'distributed' },
    meeting_attendance: { kind: 'distributed' },
    topics: { kind: 'distributed' },
    topic_supports: { kind: 'distributed' },
    topic_steps: { kind: 'distributed' },
    surveys: { kind: 'distributed' },
    survey_responses: { kind: 'distributed' },
    notices: { kind: 'distributed' },
    notice_reads: { kind: 'distributed' },
    deliberation_files: { kind: 'distributed' },
  },
  actions: ['deliberation.read', 'deliberation.manage', 'deliberation.propose', 'deliberation.respond'],
  selfActions: ['deliberation.propose', 'deliberation.respond'],
  rules: deliberationRules,
  config: { schema: deliberationSettingsSchema, action: 'deliberation.manage' },
  seed: deliberationSeed,
  stats: deliberationStats,
};
