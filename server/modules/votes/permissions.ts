import { coversRegion, type Rule } from '../../core/access.js';

/**
 * Owners' votes: the community's staff (and the street's operator) open an estate's vote, enter paper ballots and
 * written proxies, confirm each other's entries, resolve conflicts and close it; grid staff read. Owners cast their
 * own ballots (`votes.cast`: self-service, checked against the vote's electorate).
 */
export const votesRules = {
  'votes.read': (actor, target) =>
    coversRegion(actor, target, 'community_worker', 'community_secretary', 'operator', 'grid_worker', 'grid_leader'),
  'votes.manage': (actor, target) => coversRegion(actor, target, 'community_worker', 'community_secretary', 'operator'),
} satisfies Record<string, Rule>;
