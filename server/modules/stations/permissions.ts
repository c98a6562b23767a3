import { coversRegion, type Rule } from '../../core/access.js';

/**
 * 党群服务阵地: the street's operator and the community's staff set up stations, their hours, what they lend and the
 * catalogue; anyone who serves at a station (community and grid staff) lends, takes back, checks residents in and
 * takes 代办 requests; grid staff and instructors read. Residents book their own appointments (`stations.book`).
 */
const STAFF = ['community_worker', 'community_secretary', 'operator'] as const;
export const stationsRules = {
  'stations.read': (actor, target) =>
    coversRegion(actor, target, ...STAFF, 'grid_worker', 'grid_leader', 'grid_instructor'),
  'stations.manage': (actor, target) => coversRegion(actor, target, ...STAFF),
  'stations.serve': (actor, target) => coversRegion(actor, target, ...STAFF, 'grid_worker', 'grid_leader'),
} satisfies Record<string, Rule>;
