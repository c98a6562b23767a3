import { coversRegion, type Rule } from '../../core/access.js';

/**
 * Deliberation: the community's staff (and the street's operator) call meetings, take topics through their steps,
 * run surveys and publish notices within their place; grid staff read. Anyone signed in proposes and supports topics,
 * answers surveys and attends (`deliberation.propose`, `deliberation.respond`: self-service, each checked against
 * the person's own community).
 */
export const deliberationRules = {
  'deliberation.read': (actor, target) =>
    coversRegion(actor, target, 'community_worker', 'community_secretary', 'operator', 'grid_worker', 'grid_leader'),
  'deliberation.manage': (actor, target) =>
    coversRegion(actor, target, 'community_worker', 'community_secretary', 'operator'),
} satisfies Record<string, Rule>;
