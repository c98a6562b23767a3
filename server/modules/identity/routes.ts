import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditPage, auditQuery, changePasswordBody, loginBody, me } from '../../../contracts/auth.js';
import { errorBody } from '../../../contracts/errors.js';
import { can, forbidden, type Actor } from '../../core/access.js';
import { writeAudit, type AuditContext } from '../../core/audit.js';
import type { RouteContext } from '../../core/module.js';
import { changePassword } from './commands/change-password.js';
import { login } from './commands/login.js';
import { identityAbilities, identityRules } from './permissions.js';
import { listAudit } from './queries.js';
import { clearSessionCookie, resolveSession, revokeAllSessions, revokeSession, setSessionCookie } from './sessions.js';

const tags = ['auth'];
const ok = z.object({ ok: z.literal(true) });

export function auditContext(request: FastifyRequest): AuditContext {
  const actor = request.actor;
  return {
    actorId: actor?.userId ?? null,
    actorName: actor?.name ?? null,
    role: actor?.assignments.map((a) => a.role).join(',') || null,
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

function present(actor: Actor, mustChangePassword = actor.mustChangePassword) {
  return {
    user: {
      id: actor.userId,
      name: actor.name,
      kind: actor.kind,
      roles: actor.assignments.map((a) => ({ role: a.role, regionCode: a.regionCode, agencyId: a.agencyId })),
    },
    csrfToken: actor.csrfToken,
    mustChangePassword,
    abilities: identityAbilities(actor),
  };
}

export function identityRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, auth, keyring } = ctx;

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in with username or phone and password',
        body: loginBody,
        response: { 200: me, 400: errorBody, 401: errorBody },
      },
    },
    async (req, reply) => {
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      const r = await login({ db, auth, keyring, login: req.body.username, password: req.body.password, meta });
      setSessionCookie(req, reply, r.token, auth);
      const actor = await resolveSession(db, auth, r.token);
      if (!actor) throw new Error('session vanished right after sign-in');
      return present(actor, r.mustChangePassword);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { passwordChange: true },
      schema: { tags, summary: 'The signed-in user', response: { 200: me, 401: errorBody } },
    },
    async (req) => {
      const actor = req.actor as Actor;
      return present(actor, actor.mustChangePassword);
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { passwordChange: true }, schema: { tags, summary: 'Sign out of this session', response: { 200: ok } } },
    async (req, reply) => {
      const actor = req.actor as Actor;
      await revokeSession(db, actor.sessionId);
      await writeAudit(db, auditContext(req), {
        action: 'identity.logout',
        result: 'ok',
        objectType: 'user',
        objectId: actor.userId,
      });
      clearSessionCookie(reply);
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/logout-all',
    {
      config: { passwordChange: true },
      schema: {
        tags,
        summary: 'Sign out everywhere',
        response: { 200: z.object({ ok: z.literal(true), sessions: z.number() }) },
      },
    },
    async (req, reply) => {
      const actor = req.actor as Actor;
      const n = await revokeAllSessions(db, actor.userId);
      await writeAudit(db, auditContext(req), {
        action: 'identity.logout_all',
        result: 'ok',
        objectType: 'user',
        objectId: actor.userId,
        detail: { sessions: n },
      });
      clearSessionCookie(reply);
      return { ok: true as const, sessions: n };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { passwordChange: true },
      schema: { tags, summary: 'Change my password', body: changePasswordBody, response: { 200: ok, 400: errorBody } },
    },
    async (req) => {
      const actor = req.actor as Actor;
      await changePassword({
        db,
        userId: actor.userId,
        ...req.body,
        keepSessionId: actor.sessionId,
        audit: auditContext(req),
      });
      return { ok: true as const };
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (audit administrator)',
        querystring: auditQuery,
        response: { 200: auditPage, 403: errorBody },
      },
    },
    async (req) => {
      if (!can(identityRules, 'identity.read_audit', req.actor)) {
        await writeAudit(db, auditContext(req), { action: 'identity.read_audit', result: 'denied' });
        throw forbidden();
      }
      return listAudit(db, req.query);
    },
  );
}
