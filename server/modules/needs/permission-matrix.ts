import type { Role } from '../../../contracts/roles.js';

/** Who may take each of the module's actions in their scope and out of it (test/permission-matrix.test.ts). */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'needs.read': {
    inScope: ['operator', 'community_worker', 'community_secretary', 'grid_worker', 'grid_leader', 'grid_instructor'],
    outOfScope: [],
  },
  'needs.manage': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
  /** Wishes are claimed anywhere in the street (a member may help another community's resident). */
  'needs.claim': {
    inScope: ['agency_handler', 'party_member', 'volunteer'],
    outOfScope: ['agency_handler', 'party_member', 'volunteer'],
  },
  'needs.take': { inScope: ['agency_handler'], outOfScope: [] },
};
