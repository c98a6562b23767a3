import type { ModuleManifest } from '../../core/module.js';
import { votesCli } from './cli.js';
import * as votes from './migrations/20261217-0200-votes.js';
import * as budgets from './migrations/20261218-0100-budgets.js';
import { votesRules } from './permissions.js';
import { votesRoutes } from './routes.js';
import { votesSeed } from './seed.js';
import { votesStats } from './stats.js';

export { tally } from './tally.js';

/**
 * 业主共同决定 (module `votes`, docs/DOMAIN.md "Owners' votes"): an estate's votes under Civil Code art. 278 — the
 * electorate taken from the registry when a vote opens, ballots online, on paper (checked by a second person) and by
 * written proxy with their history and conflicts, the tally in exact arithmetic, the result as a notice and the ballot
 * files anyone can recount with `linli votes tally FILE.json`.
 */
export const votesModule: ModuleManifest = {
  name: 'votes',
  migrations: { '20261217-0200-votes': votes, '20261218-0100-budgets': budgets },
  routes: votesRoutes,
  tables: {
    owner_votes: { kind: 'distributed' },
    owner_vote_items: { kind: 'distributed' },
    owner_vote_voters: { kind: 'distributed' },
    owner_vote_units: { kind: 'distributed' },
    owner_vote_files: { kind: 'distributed' },
    owner_ballots: { kind: 'distributed' },
    budgets: { kind: 'distributed' },
    budget_proposals: { kind: 'distributed' },
    budget_ballots: { kind: 'distributed' },
    budget_milestones: { kind: 'distributed' },
    budget_spending: { kind: 'distributed' },
  },
  actions: ['votes.read', 'votes.manage', 'votes.cast'],
  selfActions: ['votes.cast'],
  rules: votesRules,
  cli: votesCli,
  seed: votesSeed,
  stats: votesStats,
};
