import type { Role } from '../../../contracts/roles.js';
import { hasRole, type Actor } from '../../core/access.js';

/**
 * Separation of the three administrators (三权分立) and the two-person rule, as docs/SECURITY.md
 * states them:
 * - the system administrator manages ordinary accounts (staff and residents) and nothing that
 *   holds or would hold an administrator role — so he can neither make himself nor anyone else
 *   a security or audit administrator, nor reset their passwords;
 * - the security administrator manages administrator accounts, and only those;
 * - what grants access (a new account, a new initial password, new roles) waits for a second
 *   person: the security administrator approves the system administrator's changes (an account
 *   that reads personal data cannot be opened by the one who set its password alone), the audit
 *   administrator approves the security administrator's;
 * - renaming, disabling (which only takes access away) and unlocking take effect at once.
 */
export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export type Approver = 'security_admin' | 'audit_admin';

const isAdminRole = (r: Role) => ADMIN_ROLES.includes(r);

/**
 * Who must approve when `actor` changes an account whose roles go from `before` to `after`, or
 * null when the actor may not touch that account at all.
 */
export function approverFor(actor: Actor, before: readonly Role[], after: readonly Role[]): Approver | null {
  const administrator = before.some(isAdminRole) || after.some(isAdminRole);
  if (administrator) return hasRole(actor, 'security_admin') ? 'audit_admin' : null;
  return hasRole(actor, 'system_admin') ? 'security_admin' : null;
}

/** A problem with a set of roles for one account: administrator roles stand alone, one each. */
export function rolesProblem(roles: readonly Role[]): { zh: string; en: string } | undefined {
  const admin = roles.filter(isAdminRole);
  if (admin.length > 1 || (admin.length === 1 && roles.length > 1)) {
    return {
      zh: '管理员角色（系统、安全、审计）须各自独立：一个账号只能担任其中一个，且不兼任其他角色',
      en: 'Administrator roles stand alone: one account holds at most one, and no other role with it',
    };
  }
  return undefined;
}
