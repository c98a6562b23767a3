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
import { writeAudit } from '../../core/audit.js';
import { notFound } from '../../core/errors.js';
import { decrypt } from '../../core/pii/index.js';
import type { RouteContext } from '../../core/module.js';
import { createUser, type RoleInput } from './commands/create-user.js';
import { resetPassword, updateUser } from './commands/update-user.js';
import { auditContext, authorize as guard } from './guard.js';
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

  const authorize = (req: FastifyRequest, action: IdentityAction) => guard(db, req, action);

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
      await authorize(req, 'identity.list_users');
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
        response: { 200: z.object({ id: z.number().int() }), 400: errorBody, 403: errorBody, 409: errorBody },
      },
    },
    async (req) => {
      await authorize(req, 'identity.create_user');
      const b = req.body;
      const id = await db.transaction().execute((trx) =>
        createUser({
          db: trx,
          keyring,
          username: b.username,
          displayName: b.displayName,
          ...(b.phone ? { phone: b.phone } : {}),
          password: b.password,
          kind: 'staff',
          mustChangePassword: true,
          roles: b.roles.map(roleInputOf),
          audit: auditContext(req),
        }),
      );
      return { id };
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
      await authorize(req, 'identity.update_user');
      const b = req.body;
      await db.transaction().execute((trx) =>
        updateUser({
          db: trx,
          userId: req.params.id,
          actorId: req.actor?.userId ?? 0,
          ...(b.displayName !== undefined ? { displayName: b.displayName } : {}),
          ...(b.disabled !== undefined ? { disabled: b.disabled } : {}),
          ...(b.roles ? { roles: b.roles.map(roleInputOf) } : {}),
          audit: auditContext(req),
        }),
      );
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
      await authorize(req, 'identity.reset_password');
      await db
        .transaction()
        .execute((trx) =>
          resetPassword({ db: trx, userId: req.params.id, password: req.body.password, audit: auditContext(req) }),
        );
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
      await authorize(req, 'identity.reveal_phone');
      const user = await db
        .selectFrom('users')
        .select(['phone_cipher'])
        .where('id', '=', req.params.id)
        .executeTakeFirst();
      if (!user) throw notFound({ zh: '用户', en: 'User' });
      await writeAudit(db, auditContext(req), {
        action: 'identity.reveal_phone',
        result: 'ok',
        objectType: 'user',
        objectId: req.params.id,
        reason: req.body.reason,
      });
      return { phone: user.phone_cipher ? decrypt(keyring, user.phone_cipher) : null };
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
      await authorize(req, 'identity.unlock_user');
      await db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('users')
          .set({ locked_until: null, failed_logins: 0, updated_at: new Date() })
          .where('id', '=', req.params.id)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) throw notFound({ zh: '用户', en: 'User' });
        await writeAudit(trx, auditContext(req), {
          action: 'identity.unlock_user',
          result: 'ok',
          objectType: 'user',
          objectId: req.params.id,
        });
      });
      return { ok: true as const };
    },
  );
}
