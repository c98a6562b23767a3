import { roleBinding, roles, type Role } from '../../../contracts/roles.js';

const REGION_ROLES = roles.filter((r) => roleBinding[r] === 'region');

/**
 * Who may take each of the module's actions on a record in their scope, and out of it (checked by
 * test/permission-matrix.test.ts for every role). Reading member lists as an organisation's own
 * officer is the `ownerUserId` case, tested in party.test.ts.
 */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  // the tree and its counts: anyone with a place in the street
  'party.read': { inScope: [...REGION_ROLES], outOfScope: [...REGION_ROLES] },
  'party.read_members': { inScope: ['community_secretary'], outOfScope: [] },
  'party.manage': { inScope: ['community_secretary'], outOfScope: [] },
  // a unit's own record: its handlers only
  'party.read_unit': { inScope: ['agency_handler'], outOfScope: [] },
  'party.act_for_unit': { inScope: ['agency_handler'], outOfScope: [] },
};
