import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUserBody, revealBody, userListQuery, userPage } from '../../../contracts/auth.js';
import { errorBody } from '../../../contracts/errors.js';
import { can, forbidden } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import { notFound } from '../../core/errors.js';
import { decrypt } from '../../core/pii/index.js';
import type { RouteContext } from '../../core/module.js';
import { createUser } from './commands/create-user.js';
import { identityRules, type IdentityAction } from './permissions.js';
import { auditContext } from './routes.js';
import { listUsers } from './user-queries.js';

const tags = ['users'];
const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Accounts and roles (system administrator); lockouts (security administrator). */
export function userRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  /** Refuses (and audits the refusal) unless the actor may take the action. */
  async function authorize(req: Parameters<typeof auditContext>[0], action: IdentityAction) {
    if (can(identityRules, action, req.actor)) return;
    await writeAudit(db, auditContext(req), { action, result: 'denied' });
    throw forbidden();
  }

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
          roles: b.roles.map((r) => ({
            role: r.role,
            ...(r.regionCode ? { regionCode: r.regionCode } : {}),
            ...(r.agency ? { agency: r.agency } : {}),
          })),
          audit: auditContext(req),
        }),
      );
      return { id };
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
        response: { 200: z.object({ ok: z.literal(true) }), 403: errorBody, 404: errorBody },
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
