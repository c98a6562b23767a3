import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { updateSecuritySettings } from './commands/update-security-settings.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { securityOverview as overviewSchema, securitySettings } from '../../../contracts/auth.js';
import { errorBody } from '../../../contracts/errors.js';
import type { RouteContext } from '../../core/module.js';
import { applySecuritySettings, securityOverview } from './security-settings.js';

/** How often a server re-reads settings another server may have changed. */
const REFRESH_MS = 30_000;

/** Security settings (security administrator): session limits and lockout, key ids, counts. */
export async function securityRoutes(fastify: FastifyInstance, { db, auth, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const defaults = { ...auth };
  const update = updateSecuritySettings(auth);
  await applySecuritySettings(db, auth, defaults);
  const timer = setInterval(() => {
    applySecuritySettings(db, auth, defaults).catch((err: unknown) => app.log.warn({ err }, 'settings refresh'));
  }, REFRESH_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

  app.get(
    '/api/security/settings',
    {
      schema: {
        tags: ['security'],
        summary: 'Security settings, key ids, lockouts and live sessions (security administrator)',
        response: { 200: overviewSchema, 403: errorBody },
      },
    },
    async (req) => {
      authorize(req.actor, 'identity.read_security_settings');
      return securityOverview(db, auth, keyring);
    },
  );

  app.put(
    '/api/security/settings',
    {
      schema: {
        tags: ['security'],
        summary: 'Change session limits and lockout (security administrator; audited with old and new values)',
        body: securitySettings,
        response: { 200: overviewSchema, 400: errorBody, 403: errorBody },
      },
    },
    async (req) => {
      await update(db, callerOf(req), req.body);
      await applySecuritySettings(db, auth, defaults);
      return securityOverview(db, auth, keyring);
    },
  );
}
