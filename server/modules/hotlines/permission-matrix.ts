import { roleBinding, roles, type Role } from '../../../contracts/roles.js';

const REGION_ROLES = roles.filter((r) => roleBinding[r] === 'region');

/**
 * Who may take each of the module's actions on a record in their scope, and out of it (the
 * permission-matrix test, test/permission-matrix.test.ts, checks the rules against this for every role).
 */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  // anyone with a place in the street reads its communities' numbers (both targets lie in the same street)
  'hotlines.read': { inScope: [...REGION_ROLES], outOfScope: [...REGION_ROLES] },
  'hotlines.manage': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
};
