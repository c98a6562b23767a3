import { authorize } from '../../core/authorize.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  auditPage,
  auditQuery,
  changePasswordBody,
  loginBody,
  me,
  otpLoginBody,
  otpRequestBody,
  auditFeedQuery,
  auditFeed as auditFeedSchema,
} from '../../../contracts/auth.js';
import { errorBody } from '../../../contracts/errors.js';
import type { Actor } from '../../core/access.js';
import { writeAudit, auditContextOf } from '../../core/audit.js';
import { sendXlsx } from '../../core/xlsx.js';
import type { RouteContext } from '../../core/module.js';
import { changePassword } from './commands/change-password.js';
import { login, type LoginResult } from './commands/login.js';
import { loginWithOtp, requestOtp } from './commands/otp.js';
import { auditFeed, exportAudit, listAudit } from './queries.js';
import { clearSessionCookie, resolveSession, revokeAllSessions, revokeSession, setSessionCookie } from './sessions.js';

const tags = ['auth'];
const ok = z.object({ ok: z.literal(true) });

export function identityRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, auth, keyring, sms } = ctx;

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
      abilities: ctx.abilities(actor),
    };
  }

  async function startedSession(req: FastifyRequest, reply: FastifyReply, r: LoginResult) {
    setSessionCookie(req, reply, r.token, auth);
    const actor = await resolveSession(db, auth, r.token);
    if (!actor) throw new Error('session vanished right after sign-in');
    return present(actor, r.mustChangePassword);
  }

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
      return startedSession(req, reply, r);
    },
  );

  app.post(
    '/api/auth/otp',
    {
      config: { public: true, rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Send a one-time sign-in code by SMS (same answer whether or not the phone has an account)',
        body: otpRequestBody,
        response: { 200: z.object({ expiresInSeconds: z.number().int() }), 400: errorBody, 429: errorBody },
      },
    },
    async (req) => {
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      return requestOtp({ db, keyring, sms, phone: req.body.phone, meta });
    },
  );

  app.post(
    '/api/auth/login-otp',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in with a phone and the one-time code sent to it',
        body: otpLoginBody,
        response: { 200: me, 400: errorBody, 401: errorBody },
      },
    },
    async (req, reply) => {
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null };
      const r = await loginWithOtp({ db, auth, keyring, phone: req.body.phone, code: req.body.code, meta });
      return startedSession(req, reply, r);
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
      await writeAudit(db, auditContextOf(req), {
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
      await writeAudit(db, auditContextOf(req), {
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
        audit: auditContextOf(req),
      });
      return { ok: true as const };
    },
  );

  /** The auditor's own reading is recorded too (等保: the audit administrator is audited). */
  const auditorRead = (req: FastifyRequest, detail: Record<string, unknown>) =>
    writeAudit(db, auditContextOf(req), {
      action: 'identity.read_audit',
      result: 'ok',
      objectType: 'audit_log',
      detail,
    });

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
      authorize(req.actor, 'identity.read_audit');
      const page = await listAudit(db, req.query);
      await auditorRead(req, { filter: req.query, total: page.total });
      return page;
    },
  );

  app.get(
    '/api/audit/feed',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log by cursor, newest first: pass `next` as `before` for the following page (no total)',
        querystring: auditFeedQuery,
        response: { 200: auditFeedSchema, 403: errorBody },
      },
    },
    async (req) => {
      authorize(req.actor, 'identity.read_audit');
      const feed = await auditFeed(db, req.query);
      await auditorRead(req, { filter: req.query, rows: feed.items.length });
      return feed;
    },
  );

  app.get(
    '/api/audit/export',
    {
      schema: {
        tags: ['audit'],
        summary: 'Export the filtered audit log as XLSX (audit administrator; the export is itself audited)',
        querystring: auditQuery.omit({ page: true, pageSize: true }),
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 403: errorBody },
      },
    },
    async (req, reply) => {
      authorize(req.actor, 'identity.export_audit');
      const { rows, body } = await exportAudit(db, req.query);
      await writeAudit(db, auditContextOf(req), {
        action: 'identity.export_audit',
        result: 'ok',
        objectType: 'audit_log',
        detail: { filter: req.query, rows },
      });
      const day = new Date().toISOString().slice(0, 10);
      return sendXlsx(reply, `审计日志-${day}.xlsx`, body);
    },
  );
}
