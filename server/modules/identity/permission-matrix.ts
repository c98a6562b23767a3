import type { Role } from '../../../contracts/roles.js';

/**
 * Who may take each of the module's actions on a record in their scope, and out of it (the
 * permission-matrix test, test/permission-matrix.test.ts, checks the rules against this for every role).
 */
export const expectedMatrix: Record<string, { inScope: Role[]; outOfScope: Role[] }> = {
  'identity.list_users': {
    inScope: ['system_admin', 'security_admin'],
    outOfScope: ['system_admin', 'security_admin'],
  },
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
};
