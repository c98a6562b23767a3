import { securitySettings } from '../../../../contracts/auth.js';
import { authorize } from '../../../core/authorize.js';
import type { AuthConfig } from '../../../core/config.js';
import { command } from '../../../core/command.js';
import { saveSecuritySettings } from '../security-settings.js';

/** Session limits and lockout, changed by the security administrator (audited with old and new values). */
export function updateSecuritySettings(auth: AuthConfig) {
  return command({
    action: 'identity.update_security_settings',
    input: securitySettings,
    async run({ trx, actor, caller, input }) {
      authorize(actor, 'identity.update_security_settings');
      await saveSecuritySettings(trx, auth, input, actor.userId, caller.audit);
    },
  });
}
