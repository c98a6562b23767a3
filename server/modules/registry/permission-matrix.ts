import { roleBinding, roles, type Role } from '../../../contracts/roles.js';

const REGION_ROLES = roles.filter((r) => roleBinding[r] === 'region');

/**
 * Who may take each of the module's actions on a record in their scope, and out of it (the
 * permission-matrix test, test/permission-matrix.test.ts, checks the rules against this for every role).
 */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'registry.read': {
    inScope: ['operator', 'community_worker', 'community_secretary', 'grid_worker', 'grid_leader', 'grid_instructor'],
    outOfScope: [],
  },
  'registry.read_sensitive_tags': {
    inScope: ['community_worker', 'community_secretary', 'grid_worker', 'grid_leader'],
    outOfScope: [],
  },
  'registry.reveal': {
    inScope: ['community_worker', 'community_secretary', 'grid_worker', 'grid_leader'],
    outOfScope: [],
  },
  'registry.edit': {
    inScope: ['community_worker', 'community_secretary', 'grid_worker', 'grid_leader'],
    outOfScope: [],
  },
  'registry.import': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
  'registry.export': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
  'registry.locate': { inScope: [...REGION_ROLES], outOfScope: [] },
};
