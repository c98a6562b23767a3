import type { FastifyRequest } from 'fastify';
import type { ModuleManifest, RouteContext } from '../../core/module.js';
import { identitySeed } from './seed/index.js';
import * as identity from './migrations/20261122-0200-identity.js';
import * as security from './migrations/20261122-0210-security.js';
import * as approval from './migrations/20261202-0200-account-approval.js';
import { identityActions, identityRules } from './permissions.js';
import { identityRoutes } from './routes.js';
import { securityRoutes } from './security-routes.js';
import { userRoutes } from './user-routes.js';
import { SESSION_COOKIE, resolveSession } from './sessions.js';

export { createUser, type RoleInput } from './commands/create-user.js';
export { login } from './commands/login.js';
export { breakGlass } from './commands/approve-user.js';
export { changePassword } from './commands/change-password.js';
export { passwordProblem, hashPassword, verifyPassword } from './password.js';
export { resolveSession, createSession, SESSION_COOKIE } from './sessions.js';
export { identityRules, identityActions, type IdentityAction } from './permissions.js';

async function authenticate(request: FastifyRequest, ctx: RouteContext) {
  return resolveSession(ctx.db, ctx.auth, request.cookies[SESSION_COOKIE]);
}

/** Accounts, sessions, roles and the audit log's reader (module `identity`). */
export const identityModule: ModuleManifest = {
  name: 'identity',
  migrations: {
    '20261122-0200-identity-accounts': identity,
    '20261122-0210-identity-security': security,
    '20261202-0200-identity-account-approval': approval,
  },
  routes: async (app, ctx) => {
    await securityRoutes(app, ctx);
    identityRoutes(app, ctx);
    userRoutes(app, ctx);
  },
  authenticate,
  sealedColumns: [{ table: 'users', id: 'id', cipher: 'phone_cipher', hash: 'phone_hash' }],
  seed: identitySeed,
  tables: {
    users: {
      kind: 'reference',
      why: 'an account is the platform’s, not a street’s (a district worker covers many): signed in before any street is known, joined by every street’s rows that name a person',
    },
    role_assignments: { kind: 'reference', why: 'read with the account at every request, in whatever street it acts' },
    security_settings: { kind: 'reference', why: 'one row of platform settings' },
    sessions: {
      kind: 'local',
      why: 'looked up and touched by the coordinator at every request, never joined with a street’s rows',
    },
    otp_codes: { kind: 'local', why: 'sign-in codes, checked by the coordinator before any street is involved' },
  },
  actions: [
    ...identityActions,
    'identity.login',
    'identity.request_otp',
    'identity.logout',
    'identity.logout_all',
    'identity.change_password',
  ],
  rules: identityRules,
  selfActions: [
    'identity.login',
    'identity.request_otp',
    'identity.logout',
    'identity.logout_all',
    'identity.change_password',
  ],
};
