import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { menuList, orderInput, orderList, orderStep } from '../../../contracts/needs.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { assignmentsOf, forbidden, requireActor, streetsOfActor } from '../../core/access.js';
import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { communityPlace } from './commands/lists.js';
import { placeOrder, stepOrder } from './commands/orders.js';
import { helpersOf, menuOf, ordersOf } from './order-queries.js';
import { raiseNeed, residentNeedInput } from './commands/resident-needs.js';
import { fromCaseInput, needFromCase } from './commands/from-case.js';
import { myNeeds } from './queries.js';

const tags = ['needs'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const community = z.string().regex(/^\d{12}$/);

/** 点单: the community's menu, orders, and each step of an order. */
export function orderRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/needs/menu',
    {
      schema: {
        tags,
        summary: 'A community’s menu of services (what a resident may order)',
        querystring: z.object({ community: community.optional() }),
        response: { 200: menuList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const home = actor.assignments.find((a) => a.regionCode && a.regionCode.length >= 12)?.regionCode?.slice(0, 12);
      const c = await communityPlace(db, req.query.community ?? home ?? '');
      if (!streetsOfActor(actor).includes(c.streetId)) throw forbidden();
      return menuOf(db, c.streetId, c.code);
    },
  );
  app.post(
    '/api/needs/orders',
    {
      schema: {
        tags,
        summary: '居民点单: order a service from the menu',
        body: orderInput,
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await placeOrder(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/needs/orders',
    {
      schema: {
        tags,
        summary:
          'Orders: the community’s board, the unit’s, or one’s own — with steps, timing and what the reader may do',
        querystring: z.object({
          view: z.enum(['community', 'unit', 'mine']).default('mine'),
          community: community.optional(),
        }),
        response: { 200: orderList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      if (req.query.view === 'community') {
        const c = await communityPlace(db, req.query.community ?? '');
        authorize(actor, 'needs.read', c);
      }
      if (req.query.view === 'unit' && assignmentsOf(actor, 'agency_handler').length === 0) throw forbidden();
      return ordersOf(db, actor, req.query.view, req.query.community);
    },
  );
  app.post(
    '/api/needs/orders/:id/step',
    {
      schema: {
        tags,
        summary: 'One step of an order: pass (交单), take (领单), decline (退单), assign (派单), deliver, rate, cancel',
        params: idParams,
        body: orderStep,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => stepOrder(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/needs/helpers',
    {
      schema: {
        tags,
        summary: 'Whom a unit may send: the street’s party members and volunteers',
        response: {
          200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), role: z.string() })) }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const [unit] = assignmentsOf(actor, 'agency_handler');
      if (!unit?.streetId) throw forbidden();
      return helpersOf(db, unit.streetId);
    },
  );
  app.post(
    '/api/needs/mine',
    {
      schema: {
        tags,
        summary: 'A resident raises a need on the phone (never public; private when sensitive)',
        body: residentNeedInput,
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await raiseNeed(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/needs/mine',
    {
      schema: {
        tags,
        summary: 'The needs one raised, with how far each has come',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                title: z.string(),
                categoryName: z.string(),
                state: z.string(),
                stateName: z.string(),
                createdAt: z.string(),
              }),
            ),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return myNeeds(db, streetsOfActor(actor), actor.userId);
    },
  );
  app.post(
    '/api/needs/from-case',
    {
      schema: {
        tags,
        summary: 'Turn a 家事 or 共事 case into a need of its community (once per case)',
        body: fromCaseInput,
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await needFromCase(db, callerOf(req), req.body)),
  );
}
