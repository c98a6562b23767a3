import { authorize } from '../../core/authorize.js';
import { auditContextOf } from '../../core/audit.js';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUserBody,
  resetPasswordBody,
  revealBody,
  updateUserBody,
  userListQuery,
  userPage,
} from '../../../contracts/auth.js';
import { errorBody } from '../../../contracts/errors.js';
import { idParams } from '../../../contracts/text.js';
import type { RouteContext } from '../../core/module.js';
import { accountCommands, decideAccount } from './commands/accounts.js';
import { revealUserPhone, unlockUser } from './commands/account-authority.js';
import { callerOf } from '../../core/command.js';
import { listUsers } from './user-queries.js';

const tags = ['users'];
const ok = z.object({ ok: z.literal(true) });

/** Accounts and roles (system administrator); lockouts (security administrator). */
export function userRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  const { createAccount, changeAccount, resetAccountPassword } = accountCommands(keyring);

  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'List accounts with their roles',
        querystring: userListQuery,
        response: { 200: userPage, 403: errorBody },
      },
    },
    async (req) => {
      authorize(req.actor, 'identity.list_users');
      return listUsers(db, keyring, req.query);
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create an account with an initial password and its roles',
        body: createUserBody,
        response: {
          200: z.object({ id: z.number().int(), approval: z.enum(['security_admin', 'audit_admin']) }),
          400: errorBody,
          403: errorBody,
          409: errorBody,
        },
      },
    },
    async (req) => createAccount(db, callerOf(req), req.body),
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags,
        summary: 'Rename, disable or re-enable an account, or replace its roles',
        params: idParams,
        body: updateUserBody,
        response: { 200: ok, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => changeAccount(db, callerOf(req), { userId: req.params.id, change: req.body }),
  );

  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags,
        summary: 'Set a new initial password (to be changed at next sign-in); ends the sessions, lifts a lockout',
        params: idParams,
        body: resetPasswordBody,
        response: { 200: ok, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => resetAccountPassword(db, callerOf(req), { userId: req.params.id, ...req.body }),
  );

  app.post(
    '/api/users/:id/reveal-phone',
    {
      schema: {
        tags,
        summary: "Reveal an account's full phone number, with a reason (audited)",
        params: idParams,
        body: revealBody,
        response: { 200: z.object({ phone: z.string().nullable() }), 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      authorize(req.actor, 'identity.reveal_phone');
      return { phone: await revealUserPhone(db, keyring, req.params.id, req.body.reason, auditContextOf(req)) };
    },
  );

  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags,
        summary: 'Lift a lockout',
        params: idParams,
        response: { 200: ok, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      authorize(req.actor, 'identity.unlock_user');
      await unlockUser(db, req.params.id, auditContextOf(req));
      return { ok: true as const };
    },
  );

  for (const verdict of ['approve', 'reject'] as const) {
    app.post(
      `/api/users/:id/${verdict}`,
      {
        schema: {
          tags,
          summary:
            verdict === 'approve'
              ? "Approve an account's waiting change (the second person: security administrator for ordinary accounts, audit administrator for administrators)"
              : "Refuse an account's waiting change: the account is disabled",
          params: idParams,
          response: { 200: ok, 403: errorBody, 404: errorBody, 409: errorBody },
        },
      },
      async (req) => decideAccount(db, callerOf(req), { userId: req.params.id, verdict }),
    );
  }
}
