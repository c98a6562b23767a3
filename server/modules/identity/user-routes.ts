import { authorize } from '../../core/authorize.js';
import { auditContextOf } from '../../core/audit.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createUserBody,
  resetPasswordBody,
  revealBody,
  roleInput,
  updateUserBody,
  userListQuery,
  userPage,
} from '../../../contracts/auth.js';
import { errorBody } from '../../../contracts/errors.js';
import type { RouteContext } from '../../core/module.js';
import { createUser, type RoleInput } from './commands/create-user.js';
import { resetPassword, updateUser } from './commands/update-user.js';
import { approveAccount, awaitApproval } from './commands/approve-user.js';
import { accountRoles, authorityOverAccount, revealUserPhone, unlockUser } from './commands/account-authority.js';
import type { Role } from '../../../contracts/roles.js';
import type { IdentityAction } from './permissions.js';
import { listUsers } from './user-queries.js';

const tags = ['users'];
const idParams = z.object({ id: z.coerce.number().int().positive() });
const ok = z.object({ ok: z.literal(true) });

function roleInputOf(r: z.infer<typeof roleInput>): RoleInput {
  return {
    role: r.role,
    ...(r.regionCode ? { regionCode: r.regionCode } : {}),
    ...(r.agency ? { agency: r.agency } : {}),
  };
}

/** Accounts and roles (system administrator); lockouts (security administrator). */
export function userRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  const rolesOf = (userId: number) => accountRoles(db, userId);
  const authorityOver = (req: FastifyRequest, action: IdentityAction, before: Role[], after: Role[], userId?: number) =>
    authorityOverAccount(db, { actor: req.actor, audit: auditContextOf(req), action, before, after, userId });

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
    async (req) => {
      authorize(req.actor, 'identity.create_user');
      const b = req.body;
      const roles = b.roles.map(roleInputOf);
      const approval = await authorityOver(
        req,
        'identity.create_user',
        [],
        roles.map((r) => r.role),
      );
      const id = await db.transaction().execute(async (trx) => {
        const userId = await createUser({
          db: trx,
          keyring,
          username: b.username,
          displayName: b.displayName,
          ...(b.phone ? { phone: b.phone } : {}),
          password: b.password,
          kind: 'staff',
          mustChangePassword: true,
          roles,
          audit: auditContextOf(req),
        });
        await awaitApproval(trx, userId, approval, req.actor?.userId ?? null, 'created');
        return userId;
      });
      return { id, approval };
    },
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
    async (req) => {
      authorize(req.actor, 'identity.update_user');
      const b = req.body;
      const before = await rolesOf(req.params.id);
      const roles = b.roles?.map(roleInputOf);
      const approval = await authorityOver(
        req,
        'identity.update_user',
        before,
        roles?.map((r) => r.role) ?? before,
        req.params.id,
      );
      await db.transaction().execute(async (trx) => {
        await updateUser({
          db: trx,
          userId: req.params.id,
          actorId: req.actor?.userId ?? 0,
          ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
          ...(b.disabled !== undefined ? { disabled: b.disabled } : {}),
          ...(roles ? { roles } : {}),
          audit: auditContextOf(req),
        });
        // new roles are a grant: they wait for the second person; a name or disabling does not
        if (roles) await awaitApproval(trx, req.params.id, approval, req.actor?.userId ?? null, 'roles_changed');
      });
      return { ok: true as const };
    },
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
    async (req) => {
      authorize(req.actor, 'identity.reset_password');
      const before = await rolesOf(req.params.id);
      const approval = await authorityOver(req, 'identity.reset_password', before, before, req.params.id);
      await db.transaction().execute(async (trx) => {
        await resetPassword({
          db: trx,
          userId: req.params.id,
          password: req.body.password,
          audit: auditContextOf(req),
        });
        await awaitApproval(trx, req.params.id, approval, req.actor?.userId ?? null, 'password_reset');
      });
      return { ok: true as const };
    },
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
      async (req) => {
        authorize(req.actor, 'identity.approve_user');
        await db
          .transaction()
          .execute((trx) =>
            approveAccount({ db: trx, actor: req.actor, userId: req.params.id, verdict, audit: auditContextOf(req) }),
          );
        return { ok: true as const };
      },
    );
  }
}
