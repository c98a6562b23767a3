import { coversRegion, type Rule } from '../../core/access.js';

/**
 * Who may do what with a community's service numbers: its staff (and the street's command centre)
 * keep them; anyone with a role in the street — residents included — reads them.
 */
export const hotlinesRules = {
  'hotlines.read': (actor, target) =>
    target?.streetId != null && actor.assignments.some((a) => a.regionPath !== null && a.streetId === target.streetId),
  'hotlines.manage': (actor, target) =>
    coversRegion(actor, target, 'operator', 'community_secretary', 'community_worker'),
} satisfies Record<string, Rule>;
