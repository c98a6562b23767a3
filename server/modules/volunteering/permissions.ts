import { coversRegion, type Rule } from '../../core/access.js';

/**
 * Volunteering and points: the community's staff keep the store, award and correct points and hand goods
 * over, within their place; the grid's people and the street operator read. Anyone signed in redeems and
 * cancels their own (`volunteering.redeem`, a self-service action).
 */
export const volunteeringRules = {
  'volunteering.read': (actor, target) =>
    coversRegion(actor, target, 'community_worker', 'community_secretary', 'operator', 'grid_worker', 'grid_leader'),
  'volunteering.manage': (actor, target) =>
    coversRegion(actor, target, 'community_worker', 'community_secretary', 'operator'),
} satisfies Record<string, Rule>;
