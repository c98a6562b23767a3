import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import {
  candidates,
  listQuery,
  matchInput,
  needInput,
  needRow,
  page,
  projectRow,
  rateInput,
  resourceInput,
  resourceRow,
  reviewWish,
  wishInput,
  wishList,
} from '../../../contracts/needs.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { addNeed, addResource, communityPlace, matchNeed, needOf, rateProject } from './commands/lists.js';
import { claimWish, confirmWish, decideWish, deliverWish, postWish } from './commands/wishes.js';
import { needsOf, projectsOf, resourcesOf, wishesOf, wishPhoto } from './queries.js';
import { orderRoutes } from './order-routes.js';
import { purchaseRoutes } from './purchase-routes.js';
import { rankResources, reasonsOf } from './ranking.js';

const tags = ['needs'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const created = z.object({ id: z.number() });

/** 需求对接: the three lists, matching with reasons, projects and micro-wishes. */
export function needsRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  orderRoutes(fastify, ctx);
  purchaseRoutes(fastify, ctx);
  const list = async (actor: ReturnType<typeof requireActor>, community: string) => {
    const c = await communityPlace(db, community, true);
    authorize(actor, 'needs.read', c);
    return c;
  };
  app.get(
    '/api/needs/resources',
    {
      schema: {
        tags,
        summary: '资源清单: a community’s usable resources',
        querystring: listQuery,
        response: { 200: page(resourceRow), ...bad },
      },
    },
    async (req) => {
      const c = await list(requireActor(req.actor), req.query.community);
      return resourcesOf(db, c.streetId, c.community, req.query);
    },
  );
  app.post(
    '/api/needs/resources',
    {
      schema: {
        tags,
        summary: 'Add a resource (a unit’s venue, a team’s service, goods, funds)',
        body: resourceInput.and(z.object({ street: z.string().regex(/^\d{9}$/) })),
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await addResource(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/needs/needs',
    {
      schema: {
        tags,
        summary: '需求清单: a community’s needs (private ones masked)',
        querystring: listQuery,
        response: { 200: page(needRow), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await list(actor, req.query.community);
      return needsOf(db, c.streetId, c.regionPath, req.query, allowed(actor, 'needs.manage', c));
    },
  );
  app.post(
    '/api/needs/needs',
    {
      schema: { tags, summary: 'Enter a need (staff or survey)', body: needInput, response: { 201: created, ...bad } },
    },
    async (req, reply) => reply.code(201).send(await addNeed(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/needs/needs/:id/candidates',
    {
      schema: {
        tags,
        summary: 'The resources that could meet a need, ranked, with each reason’s points',
        params: idParams,
        response: { 200: candidates, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const n = await needOf(db, streetsOfActor(actor), req.params.id);
      authorize(actor, 'needs.manage', n.target);
      const ranked = await rankResources(db, n.street_id, n);
      return {
        needId: n.id,
        items: ranked.map((r) => ({
          resourceId: r.id,
          title: r.title,
          provider: r.provider,
          score: r.score,
          reasons: reasonsOf(r, n.category),
        })),
      };
    },
  );
  app.post(
    '/api/needs/needs/:id/match',
    {
      schema: {
        tags,
        summary: 'Match a need to a resource: a project',
        params: idParams,
        body: matchInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await matchNeed(db, callerOf(req), { ...req.body, needId: req.params.id })),
  );
  app.get(
    '/api/needs/projects',
    {
      schema: {
        tags,
        summary: '项目清单: a community’s projects',
        querystring: listQuery,
        response: { 200: page(projectRow), ...bad },
      },
    },
    async (req) => {
      const c = await list(requireActor(req.actor), req.query.community);
      return projectsOf(db, c.streetId, c.community, req.query.page);
    },
  );
  app.post(
    '/api/needs/projects/:id/rate',
    {
      schema: {
        tags,
        summary: 'The beneficiaries’ rating: the project done, the need met',
        params: idParams,
        body: rateInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => rateProject(db, callerOf(req), { ...req.body, projectId: req.params.id }),
  );
  app.get(
    '/api/needs/wishes',
    {
      schema: {
        tags,
        summary: '微心愿: the public wall, the community’s board (every state) or one’s own',
        querystring: z.object({
          community: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
          view: z.enum(['wall', 'board', 'mine']).default('wall'),
        }),
        response: { 200: wishList, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const { community, view } = req.query;
      if (view === 'board') {
        const c = await communityPlace(db, community ?? '');
        authorize(actor, 'needs.manage', c);
      }
      return wishesOf(db, {
        streetIds: streetsOfActor(actor),
        ...(community ? { community } : {}),
        userId: actor.userId,
        view,
      });
    },
  );
  app.post(
    '/api/needs/wishes',
    {
      schema: {
        tags,
        summary: 'Post a micro-wish (under the street’s cap; reviewed before the wall)',
        body: wishInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await postWish(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/needs/wishes/:id/decide',
    {
      schema: {
        tags,
        summary: 'Approve a wish for the wall or turn it down',
        params: idParams,
        body: reviewWish,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => decideWish(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.post(
    '/api/needs/wishes/:id/claim',
    {
      schema: {
        tags,
        summary: 'Claim an open wish (one claim wins)',
        params: idParams,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => claimWish(db, callerOf(req), { id: req.params.id }),
  );
  app.post(
    '/api/needs/wishes/:id/deliver',
    {
      schema: {
        tags,
        summary: 'Deliver a claimed wish, with a photo',
        params: idParams,
        body: z.object({ photos: z.array(z.uuid()).max(3).default([]) }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => deliverWish(db, callerOf(req), { id: req.params.id, photos: req.body.photos }),
  );
  app.post(
    '/api/needs/wishes/:id/confirm',
    {
      schema: {
        tags,
        summary: 'The one who posted it confirms the wish came true',
        params: idParams,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => confirmWish(db, callerOf(req), { id: req.params.id }),
  );
  app.get(
    '/api/needs/wishes/:id/photos/:photo',
    {
      schema: {
        tags,
        summary: 'A wish’s delivery photo: for whoever posted or delivered it and the community’s staff',
        params: z.object({ id: z.coerce.number().int().positive(), photo: z.uuid() }),
        querystring: z.object({ size: z.enum(['thumb', 'full']).default('full') }),
        produces: ['image/jpeg', 'image/png', 'image/webp'],
      },
    },
    async (req, reply) => {
      const actor = requireActor(req.actor);
      const p = await wishPhoto(db, streetsOfActor(actor), req.params.id, req.params.photo);
      if (!p) throw notFound({ zh: '照片', en: 'Photo' });
      if (p.poster_id !== actor.userId && p.claimed_by !== actor.userId)
        authorize(actor, 'needs.manage', { regionPath: p.path, streetId: p.street_id });
      const thumb = req.query.size === 'thumb';
      return reply
        .header('Content-Type', thumb ? 'image/jpeg' : p.mime)
        .header('Cache-Control', 'private, max-age=86400')
        .send(thumb ? p.thumb : p.data);
    },
  );
}
