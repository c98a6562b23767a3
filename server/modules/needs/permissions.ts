import { assignmentsOf, coversRegion, type Rule } from '../../core/access.js';

/**
 * Needs name who is in want (a 低保 household, an illness): the lists are the community's staff's,
 * the grid's people's and the street operator's, within their place; the community's staff keep
 * the lists, match and review wishes. Wishes are claimed by the street's party members and
 * volunteers and by its co-building units' handlers; anyone signed in posts and confirms their own
 * (`needs.wish`, a self-service action).
 */
export const needsRules = {
  'needs.read': (actor, target) =>
    coversRegion(
      actor,
      target,
      'community_worker',
      'community_secretary',
      'operator',
      'grid_worker',
      'grid_leader',
      'grid_instructor',
    ),
  'needs.manage': (actor, target) => coversRegion(actor, target, 'community_worker', 'community_secretary', 'operator'),
  'needs.claim': (actor, target) =>
    target?.streetId != null &&
    (assignmentsOf(actor, 'party_member', 'volunteer').some((a) => a.streetId === target.streetId) ||
      assignmentsOf(actor, 'agency_handler').some((a) => a.streetId === target.streetId)),
  /** 领单: a unit's handlers take, decline and assign the orders passed to their unit. */
  'needs.take': (actor, target) =>
    target?.agencyId != null && assignmentsOf(actor, 'agency_handler').some((a) => a.agencyId === target.agencyId),
} satisfies Record<string, Rule>;
