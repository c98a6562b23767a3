import { hasRole, type Rule } from '../../core/access.js';

export const identityActions = [
  'identity.list_users',
  'identity.create_user',
  'identity.update_user',
  'identity.reset_password',
  'identity.unlock_user',
  'identity.approve_user',
  'identity.break_glass',
  'identity.reveal_phone',
  'identity.read_audit',
  'identity.export_audit',
  'identity.read_security_settings',
  'identity.update_security_settings',
] as const;
export type IdentityAction = (typeof identityActions)[number];

/**
 * Separation of duties (三权分立): the system administrator manages users and roles, the
 * security administrator lockouts, security settings and administrator accounts, the audit
 * administrator reads the audit log. None can do another's work; every grant waits for a second
 * person (separation.ts).
 */
export const identityRules = {
  // the security administrator sees accounts to lift lockouts, but cannot change them
  'identity.list_users': (a) => hasRole(a, 'system_admin', 'security_admin'),
  // the system administrator for ordinary accounts, the security administrator for administrator
  // accounts; which account is whose is decided per account by separation.ts
  'identity.create_user': (a) => hasRole(a, 'system_admin', 'security_admin'),
  'identity.update_user': (a) => hasRole(a, 'system_admin', 'security_admin'),
  'identity.reset_password': (a) => hasRole(a, 'system_admin', 'security_admin'),
  'identity.unlock_user': (a) => hasRole(a, 'security_admin'),
  // the second person: security administrator for ordinary accounts, audit administrator for administrators
  'identity.approve_user': (a) => hasRole(a, 'security_admin', 'audit_admin'),
  // the full phone of an account: to reach its holder about their account
  'identity.reveal_phone': (a) => hasRole(a, 'system_admin'),
  // only from the server's shell (linli break-glass), never over HTTP
  'identity.break_glass': () => false,
  'identity.read_audit': (a) => hasRole(a, 'audit_admin'),
  'identity.export_audit': (a) => hasRole(a, 'audit_admin'),
  'identity.read_security_settings': (a) => hasRole(a, 'security_admin'),
  'identity.update_security_settings': (a) => hasRole(a, 'security_admin'),
} satisfies Record<IdentityAction, Rule>;
