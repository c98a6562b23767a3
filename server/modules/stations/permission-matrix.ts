import type { Role } from '../../../contracts/roles.js';

/** Who may take each of the module's actions in their scope and out of it (test/permission-matrix.test.ts). */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'stations.read': {
    inScope: ['operator', 'community_worker', 'community_secretary', 'grid_worker', 'grid_leader', 'grid_instructor'],
    outOfScope: [],
  },
  'stations.manage': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
  'stations.serve': {
    inScope: ['operator', 'community_worker', 'community_secretary', 'grid_worker', 'grid_leader'],
    outOfScope: [],
  },
};
