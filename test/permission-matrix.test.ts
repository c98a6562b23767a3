import { describe, expect, it } from 'vitest';
import { roleBinding, roles, type Role } from '../contracts/roles.js';
import { can, type Actor, type Target } from '../server/core/access.js';
import { modules } from '../server/modules/index.js';

/**
 * The expected matrix: for every action with a rule, the roles allowed in scope and out of
 * scope. A new action without an entry here (or without a rule in its manifest) fails.
 */
const REGION_ROLES = roles.filter((r) => roleBinding[r] === 'region');

const EXPECTED: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'identity.list_users': {
    inScope: ['system_admin', 'security_admin'],
    outOfScope: ['system_admin', 'security_admin'],
  },
  // which account each may touch is decided per account (separation.ts, tested in separation.test.ts)
  'identity.create_user': {
    inScope: ['system_admin', 'security_admin'],
    outOfScope: ['system_admin', 'security_admin'],
  },
  'identity.update_user': {
    inScope: ['system_admin', 'security_admin'],
    outOfScope: ['system_admin', 'security_admin'],
  },
  'identity.reset_password': {
    inScope: ['system_admin', 'security_admin'],
    outOfScope: ['system_admin', 'security_admin'],
  },
  'identity.unlock_user': { inScope: ['security_admin'], outOfScope: ['security_admin'] },
  'identity.break_glass': { inScope: [], outOfScope: [] },
  'identity.approve_user': {
    inScope: ['security_admin', 'audit_admin'],
    outOfScope: ['security_admin', 'audit_admin'],
  },
  'identity.reveal_phone': { inScope: ['system_admin'], outOfScope: ['system_admin'] },
  'identity.read_audit': { inScope: ['audit_admin'], outOfScope: ['audit_admin'] },
  'identity.export_audit': { inScope: ['audit_admin'], outOfScope: ['audit_admin'] },
  'identity.read_security_settings': { inScope: ['security_admin'], outOfScope: ['security_admin'] },
  'identity.update_security_settings': { inScope: ['security_admin'], outOfScope: ['security_admin'] },
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
  // residents and staff report anywhere in their street; both targets lie in the same street
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
};

const GRID_PATH = '/35/3501/350102/350102001/350102001002/350102001002001/';
const OTHER_PATH = '/35/3501/350102/350102001/350102001004/350102001004001/';

function actorWith(role: Role): Actor {
  const binding = roleBinding[role];
  return {
    userId: 1,
    name: role,
    kind: role === 'resident' ? 'resident' : 'staff',
    sessionId: 's',
    csrfToken: 'c',
    mustChangePassword: false,
    assignments: [
      {
        role,
        regionCode: binding === 'region' ? '350102001002001' : null,
        regionPath: binding === 'region' ? GRID_PATH : null,
        streetId: binding === 'platform' ? null : '350102001',
        agencyId: binding === 'agency' ? 1 : null,
      },
    ],
  };
}

const inScope: Target = { regionPath: `${GRID_PATH}`, streetId: '350102001', agencyId: 1 };
const outOfScope: Target = { regionPath: OTHER_PATH, streetId: '350102001', agencyId: 2 };

const ruled = modules.flatMap((m) => Object.keys(m.rules ?? {}).map((action) => ({ module: m, action })));

describe('the permission matrix', () => {
  it('has a rule or a self-service mark for every action every module declares, and nothing else', () => {
    for (const m of modules) {
      for (const action of m.actions) {
        const covered = action in (m.rules ?? {}) || (m.selfActions ?? []).includes(action);
        expect(covered, `${action} has no rule`).toBe(true);
        expect(action.startsWith(`${m.name}.`), `${action} is named after its module`).toBe(true);
      }
      for (const action of Object.keys(m.rules ?? {})) expect(m.actions).toContain(action);
    }
  });

  it('expects an outcome for every ruled action, and only for those', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ruled.map((r) => r.action).sort());
  });

  for (const { module, action } of ruled) {
    describe(action, () => {
      for (const role of roles) {
        it(`${role}: ${EXPECTED[action]?.inScope.includes(role) ? 'allowed' : 'denied'} in scope, ${EXPECTED[action]?.outOfScope.includes(role) ? 'allowed' : 'denied'} out of scope`, () => {
          const rules = module.rules ?? {};
          const actor = actorWith(role);
          expect(can(rules, action, actor, inScope)).toBe(EXPECTED[action]?.inScope.includes(role) ?? false);
          expect(can(rules, action, actor, outOfScope)).toBe(EXPECTED[action]?.outOfScope.includes(role) ?? false);
        });
      }
    });
  }

  it('denies an unknown action and an anonymous actor', () => {
    const rules = modules.find((m) => m.name === 'identity')?.rules ?? {};
    expect(can<string>(rules, 'identity.no_such_action', actorWith('system_admin'))).toBe(false);
    expect(can<string>(rules, 'identity.list_users', null)).toBe(false);
  });
});
