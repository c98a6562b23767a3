import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../../contracts/errors.js';
import { okResult } from '../../../../contracts/registry.js';
import { idParams } from '../../../../contracts/text.js';
import {
  budgetBallotInput,
  budgetDetail as budgetDetailSchema,
  budgetInput,
  budgetRow,
  milestoneInput,
  proposalInput,
  reviewInput,
  spendingInput,
} from '../../../../contracts/votes.js';
import { requireActor } from '../../../core/access.js';
import { allowed } from '../../../core/authorize.js';
import { callerOf } from '../../../core/command.js';
import { AppError, notFound } from '../../../core/errors.js';
import type { RouteContext } from '../../../core/module.js';
import { placeOf } from '../../../core/places.js';
import { budgetOf, castBudgetBallot, createBudget, propose, review, selectBudget } from './commands.js';
import { addMilestone, addSpending, MAX_MILESTONE_PHOTO, milestonePhoto, setMilestonePhoto } from './delivery.js';
import { budgetDetail, budgetsOf } from './queries.js';

const tags = ['budgets'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const street = z.object({ street: z.string().regex(/^\d{9}$/) });
const created = z.object({ id: z.number() });
const project = idParams.extend({ proposal: z.coerce.number().int().positive() });

/** 微实事: budgets, proposals, review, one ballot each, the selection, delivery and the public accounts. */
export function budgetRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  /** The community's people (its staff, its residents): the budget and its proposals are public to them. */
  const community = async (code: string) => {
    const c = await placeOf(db, code);
    if (!c.streetId || c.code.length !== 12) throw notFound({ zh: '社区', en: 'Community' });
    return { ...c, streetId: c.streetId, target: { regionPath: c.regionPath, streetId: c.streetId } };
  };

  app.get(
    '/api/budgets',
    {
      schema: {
        tags,
        summary: 'A community’s 微实事 budgets and their phases',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.object({ items: z.array(budgetRow), canManage: z.boolean() }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await community(req.query.community);
      return { items: await budgetsOf(db, c.streetId, c.code), canManage: allowed(actor, 'votes.manage', c.target) };
    },
  );
  app.post(
    '/api/budgets',
    {
      schema: {
        tags,
        summary: 'A community’s budget for a year',
        body: budgetInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createBudget(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/budgets/:id',
    {
      schema: {
        tags,
        summary: 'A budget: proposals and reviews, votes after the vote, the selection, delivery and accounts',
        params: idParams,
        querystring: street,
        response: { 200: budgetDetailSchema, ...bad },
      },
    },
    async (req) =>
      budgetDetail(db, await budgetOf(db, req.query.street, req.params.id), requireActor(req.actor).userId),
  );
  app.get(
    '/api/public/budgets/:street/:id',
    {
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'The public accounts of a budget (no sign-in): projects, selection, milestones, every spending entry',
        params: z.object({ street: z.string().regex(/^\d{9}$/), id: z.coerce.number().int().positive() }),
        response: { 200: budgetDetailSchema, 404: errorBody },
      },
    },
    async (req) => budgetDetail(db, await budgetOf(db, req.params.street, req.params.id), null),
  );
  app.post(
    '/api/budgets/:id/proposals',
    {
      schema: {
        tags,
        summary: 'Propose a project (a resident of the community; an organisation through the staff)',
        params: idParams,
        body: proposalInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await propose(db, callerOf(req), { ...req.body, budgetId: req.params.id })),
  );
  app.post(
    '/api/budgets/:id/proposals/:proposal/review',
    {
      schema: {
        tags,
        summary: 'Feasibility review: accept, merge into another, or reject — with a public reason',
        params: project,
        body: reviewInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => review(db, callerOf(req), { ...req.body, budgetId: req.params.id, proposalId: req.params.proposal }),
  );
  app.post(
    '/api/budgets/:id/ballot',
    {
      schema: {
        tags,
        summary: 'A resident’s one ballot: up to K projects (approval) or any within the budget (knapsack)',
        params: idParams,
        body: budgetBallotInput,
        response: { 201: okResult, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await castBudgetBallot(db, callerOf(req), { ...req.body, budgetId: req.params.id })),
  );
  app.post(
    '/api/budgets/:id/select',
    {
      schema: {
        tags,
        summary: 'After the vote: the selection by the published rule, fixed',
        params: idParams,
        body: street,
        response: { 200: budgetDetailSchema.shape.selection.unwrap(), ...bad },
      },
    },
    async (req) => selectBudget(db, callerOf(req), { ...req.body, budgetId: req.params.id }),
  );
  app.post(
    '/api/budgets/:id/proposals/:proposal/milestones',
    {
      schema: {
        tags,
        summary: 'A milestone of a selected project',
        params: project,
        body: milestoneInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await addMilestone(db, callerOf(req), {
          ...req.body,
          budgetId: req.params.id,
          proposalId: req.params.proposal,
        }),
      ),
  );
  app.post(
    '/api/budgets/:id/milestones/:milestone/photo',
    {
      bodyLimit: MAX_MILESTONE_PHOTO,
      schema: {
        tags,
        summary: 'The photo of a milestone (JPEG or PNG as the raw body)',
        params: idParams.extend({ milestone: z.coerce.number().int().positive() }),
        querystring: street,
        response: { 200: okResult, ...bad, 413: errorBody, 415: errorBody },
      },
    },
    async (req) => {
      const mime = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      if (!Buffer.isBuffer(req.body) || (mime !== 'image/jpeg' && mime !== 'image/png'))
        throw new AppError('validation', { zh: '请上传 JPG 或 PNG 照片', en: 'A JPEG or PNG photo' });
      return setMilestonePhoto(db, callerOf(req), {
        street: req.query.street,
        budgetId: req.params.id,
        milestoneId: req.params.milestone,
        mime,
        data: req.body,
      });
    },
  );
  app.get(
    '/api/public/budgets/:street/:id/milestones/:milestone/photo',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'A milestone’s photo on the public accounts',
        params: z.object({
          street: z.string().regex(/^\d{9}$/),
          id: z.coerce.number().int().positive(),
          milestone: z.coerce.number().int().positive(),
        }),
      },
    },
    async (req, reply) => {
      const p = await milestonePhoto(db, req.params.street, req.params.id, req.params.milestone);
      if (!p?.photo || !p.photo_mime) throw notFound({ zh: '照片', en: 'Photo' });
      return reply.header('Content-Type', p.photo_mime).header('Cache-Control', 'public, max-age=3600').send(p.photo);
    },
  );
  app.post(
    '/api/budgets/:id/proposals/:proposal/spending',
    {
      schema: {
        tags,
        summary: 'A spending entry of a selected project (never over its budget)',
        params: project,
        body: spendingInput,
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) =>
      reply.code(201).send(
        await addSpending(db, callerOf(req), {
          ...req.body,
          budgetId: req.params.id,
          proposalId: req.params.proposal,
        }),
      ),
  );
}
