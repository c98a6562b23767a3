import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import {
  awardInput,
  entryRow,
  goodsInput,
  goodsRow,
  pointsOverview,
  redeemInput,
  redemptionRow,
  redemptionStates,
} from '../../../contracts/volunteering.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { activityRoutes } from './activity-routes.js';
import { certificateRoutes } from './certificate-routes.js';
import { volunteerRoutes } from './volunteer-routes.js';
import { awardPoints, reversePoints } from './commands/points.js';
import { addGoods, cancelRedemption, communityOf, confirmPickup, redeem } from './commands/store.js';
import { accountsOf, entriesOf, goodsOf, myPoints, redemptionsOf } from './queries.js';

const tags = ['volunteering'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const created = z.object({ id: z.number() });
const byCommunity = z.object({ community: z.string().regex(/^\d{12}$/) });
const street = z.string().regex(/^\d{9}$/);

/** 微积分: the points ledger and the community's points store. */
export function volunteeringRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  activityRoutes(fastify, ctx);
  certificateRoutes(fastify, ctx);
  volunteerRoutes(fastify, ctx);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const readable = async (actor: ReturnType<typeof requireActor>, community: string) => {
    const c = await communityOf(db, community);
    authorize(actor, 'volunteering.read', c);
    return c;
  };
  app.get(
    '/api/points/me',
    {
      schema: {
        tags,
        summary: 'My points: the balance and the newest entries',
        response: { 200: pointsOverview, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return myPoints(db, streetsOfActor(actor), actor.userId);
    },
  );
  app.get(
    '/api/points/accounts',
    {
      schema: {
        tags,
        summary: 'A community’s points accounts with their balances',
        querystring: byCommunity,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                kind: z.string(),
                unit: z.enum(['points', 'minutes']),
                balance: z.number(),
                holder: z.string().nullable(),
              }),
            ),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return { items: await accountsOf(db, c.streetId, c.code) };
    },
  );
  app.get(
    '/api/points/accounts/:id/entries',
    {
      schema: {
        tags,
        summary: 'An account’s entries, newest first, each with its source (keyset: before=<entry id>)',
        params: idParams,
        querystring: byCommunity.extend({ before: z.coerce.number().int().positive().optional() }),
        response: { 200: z.object({ balance: z.number(), items: z.array(entryRow) }), ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      const a = (await accountsOf(db, c.streetId, c.code)).find((x) => x.id === req.params.id);
      if (!a) return { balance: 0, items: [] };
      return { balance: a.balance, items: await entriesOf(db, c.streetId, a.id, req.query.before) };
    },
  );
  app.post(
    '/api/points/award',
    {
      schema: {
        tags,
        summary: 'Award points to a person (社区奖励), with a reason and an idempotency key',
        body: awardInput,
        response: { 201: z.object({ id: z.number(), replayed: z.boolean() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await awardPoints(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/points/transactions/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Correct a transaction by its reversing transaction (once), with the reason',
        params: idParams,
        body: z.object({ street, note: z.string().trim().min(2).max(200) }),
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await reversePoints(db, callerOf(req), { ...req.body, id: req.params.id })),
  );
  app.get(
    '/api/store/goods',
    {
      schema: {
        tags,
        summary: '积分超市: a community’s goods with their prices and stock',
        querystring: byCommunity,
        response: { 200: z.object({ items: z.array(goodsRow) }), ...bad },
      },
    },
    async (req) => {
      requireActor(req.actor);
      const c = await communityOf(db, req.query.community);
      return { items: await goodsOf(db, c.streetId, c.code) };
    },
  );
  app.post(
    '/api/store/goods',
    { schema: { tags, summary: 'Put a good in the store', body: goodsInput, response: { 201: created, ...bad } } },
    async (req, reply) => reply.code(201).send(await addGoods(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/store/redeem',
    {
      schema: {
        tags,
        summary: 'Redeem points for a good: points and stock reserved at once, a pickup code',
        body: redeemInput.extend({ street }),
        response: {
          201: z.object({ id: z.number(), pickupCode: z.string(), points: z.number(), replayed: z.boolean() }),
          ...bad,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await redeem(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/store/redemptions',
    {
      schema: {
        tags,
        summary: 'A community’s redemptions (its staff), by state',
        querystring: byCommunity.extend({ state: z.enum(redemptionStates).optional() }),
        response: { 200: z.object({ items: z.array(redemptionRow) }), ...bad },
      },
    },
    async (req) => {
      const c = await readable(requireActor(req.actor), req.query.community);
      return {
        items: await redemptionsOf(db, { streetIds: [c.streetId], community: c.code, state: req.query.state }),
      };
    },
  );
  app.get(
    '/api/store/redemptions/mine',
    {
      schema: {
        tags,
        summary: 'My redemptions with their pickup codes',
        response: { 200: z.object({ items: z.array(redemptionRow) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return { items: await redemptionsOf(db, { streetIds: streetsOfActor(actor), userId: actor.userId }) };
    },
  );
  app.post(
    '/api/store/redemptions/:id/pickup',
    {
      schema: {
        tags,
        summary: 'Hand the good over: the pickup code must match',
        params: idParams,
        body: z.object({ pickupCode: z.string().regex(/^\d{6}$/) }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => confirmPickup(db, callerOf(req), { id: req.params.id, pickupCode: req.body.pickupCode }),
  );
  app.post(
    '/api/store/redemptions/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel before pickup: points and stock returned',
        params: idParams,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => cancelRedemption(db, callerOf(req), { id: req.params.id }),
  );
}
