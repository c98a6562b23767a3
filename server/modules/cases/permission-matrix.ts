import { roleBinding, roles, type Role } from '../../../contracts/roles.js';

const REGION_ROLES = roles.filter((r) => roleBinding[r] === 'region');

/**
 * Who may take each of the module's actions on a record in their scope, and out of it (the
 * permission-matrix test, test/permission-matrix.test.ts, checks the rules against this for every role).
 */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'cases.read': {
    inScope: [
      'operator',
      'community_worker',
      'community_secretary',
      'grid_worker',
      'grid_leader',
      'grid_instructor',
      'agency_handler',
    ],
    outOfScope: [],
  },
  'cases.report': {
    inScope: [...REGION_ROLES],
    outOfScope: [...REGION_ROLES],
  },
  'cases.dispatch': { inScope: ['operator', 'community_worker', 'community_secretary', 'grid_leader'], outOfScope: [] },
  'cases.handle': { inScope: ['agency_handler'], outOfScope: [] },
  'cases.verify': {
    inScope: ['community_worker', 'community_secretary', 'grid_worker', 'grid_leader'],
    outOfScope: [],
  },
  'cases.rate': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
  'cases.supervise': { inScope: ['operator', 'community_secretary'], outOfScope: [] },
  'cases.configure': { inScope: ['operator'], outOfScope: [] },
  'cases.indicators': {
    inScope: ['operator', 'community_worker', 'community_secretary', 'grid_worker', 'grid_leader'],
    outOfScope: [],
  },
  'cases.export': { inScope: ['operator', 'community_worker', 'community_secretary'], outOfScope: [] },
  'cases.rate_agency': { inScope: ['community_worker', 'community_secretary'], outOfScope: [] },
  'cases.reveal_phone': {
    inScope: ['operator', 'community_worker', 'community_secretary', 'grid_worker', 'grid_leader', 'agency_handler'],
    outOfScope: [],
  },
};
