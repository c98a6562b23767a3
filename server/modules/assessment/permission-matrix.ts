import type { Role } from '../../../contracts/roles.js';

/** Who may take each of the module's actions in their scope and out of it (test/permission-matrix.test.ts). */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'assessment.read': { inScope: ['operator', 'community_secretary'], outOfScope: [] },
  'assessment.manage': { inScope: ['operator'], outOfScope: [] },
  'assessment.review': { inScope: ['operator', 'community_secretary'], outOfScope: [] },
  'assessment.award': { inScope: ['operator', 'community_secretary', 'community_worker'], outOfScope: [] },
};
