import { describe, expect, it } from 'vitest';
import { roleBinding, roles, type Role } from '../contracts/roles.js';
import type { Actor, Target } from '../server/core/access.js';
import { allowed, type Action } from '../server/core/authorize.js';
import { modules } from '../server/modules/index.js';

/**
 * The expected matrix comes from each module's own folder (`server/modules/<name>/permission-matrix.ts`,
 * found by the module's name: adding a module adds no line here). Every action with a rule must
 * have an entry, and the rules must give exactly that outcome for every role, in scope and out.
 */
const EXPECTED: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {};
for (const m of modules) {
  if (!m.rules || Object.keys(m.rules).length === 0) continue;
  const file = new URL(`../server/modules/${m.name}/permission-matrix.ts`, import.meta.url);
  const mod = (await import(file.href)) as { expectedMatrix: typeof EXPECTED };
  Object.assign(EXPECTED, mod.expectedMatrix);
}

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

const ruled = modules.flatMap((m) =>
  Object.keys(m.rules ?? {}).map((action) => ({ module: m, action: action as Action })),
);

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
          const actor = actorWith(role);
          expect(module.name).toBe(action.split('.')[0]);
          expect(allowed(actor, action, inScope)).toBe(EXPECTED[action]?.inScope.includes(role) ?? false);
          expect(allowed(actor, action, outOfScope)).toBe(EXPECTED[action]?.outOfScope.includes(role) ?? false);
        });
      }
    });
  }

  it('denies an unknown action and an anonymous actor', () => {
    expect(allowed(actorWith('system_admin'), 'identity.no_such_action' as Action)).toBe(false);
    expect(allowed(null, 'identity.list_users')).toBe(false);
  });
});
