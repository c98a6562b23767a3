import type { ModuleManifest } from '../../core/module.js';
import { votesCli } from './cli.js';

export { tally } from './tally.js';

/**
 * 业主共同决定 and 微实事 (module `votes`, docs/DOMAIN.md "Owners' votes"). Built so far: the tally of Civil Code
 * art. 278 in exact arithmetic and `linli votes tally FILE.json`, which recounts a published ballot file.
 */
export const votesModule: ModuleManifest = {
  name: 'votes',
  migrations: {},
  actions: [],
  cli: votesCli,
};
