import type { Role } from '../../../contracts/roles.js';

/** Who may take each of the module's actions in their scope and out of it (test/permission-matrix.test.ts). */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'visits.record': {
    inScope: ['grid_worker', 'grid_leader', 'community_worker', 'community_secretary'],
    outOfScope: [],
  },
  'visits.read': {
    inScope: ['operator', 'community_worker', 'community_secretary', 'grid_worker', 'grid_leader', 'grid_instructor'],
    outOfScope: [],
  },
  'visits.plan': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
  'visits.care': {
    inScope: ['grid_worker', 'grid_leader', 'community_worker', 'community_secretary'],
    outOfScope: [],
  },
  'visits.devices': { inScope: ['operator', 'community_secretary'], outOfScope: [] },
};
