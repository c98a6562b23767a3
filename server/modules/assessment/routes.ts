import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assignmentRow,
  raterKinds,
  resultRow,
  sheetInput,
  tableInput,
  tableRow,
} from '../../../contracts/assessment.js';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { requireActor } from '../../core/access.js';
import { allowed, authorize, streetFor } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { placeOf } from '../../core/places.js';
import { assignRaters, createTable, submitSheet, tableOf } from './commands.js';
import { reviewRoutes } from './review-routes.js';
import { candidatesOf, myAssignments, resultsOf, tablesOf } from './queries.js';

const tags = ['assessment'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const ref = z.object({ street: z.string().regex(/^\d{9}$/), id: z.coerce.number().int().positive() });

/** 考核评议: target tables, raters, sheets and the results with every score. */
export function assessmentRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  reviewRoutes(fastify, ctx);
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/assessment/tables',
    {
      schema: {
        tags,
        summary: 'A street’s assessment tables: items, weights, communities, each quarter’s progress',
        querystring: z.object({
          street: z
            .string()
            .regex(/^\d{9}$/)
            .optional(),
        }),
        response: { 200: z.object({ street: z.string(), items: z.array(tableRow), canManage: z.boolean() }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const street = streetFor(actor, 'assessment.read', req.query.street, 'street');
      const s = await placeOf(db, street);
      const target = { regionPath: s.regionPath, streetId: street };
      authorize(actor, 'assessment.read', target);
      return { street, items: await tablesOf(db, street), canManage: allowed(actor, 'assessment.manage', target) };
    },
  );
  app.post(
    '/api/assessment/tables',
    {
      schema: {
        tags,
        summary: 'Set a year’s target table (points add up to 100, weights to 100 %)',
        body: tableInput,
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createTable(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/assessment/tables/:street/:id/raters',
    {
      schema: {
        tags,
        summary: 'Assign a rater of a kind to communities (all when none named) for a quarter',
        params: ref,
        body: z.object({
          quarter: z.number().int(),
          userId: z.number().int(),
          kind: z.enum(raterKinds),
          subjects: z.array(z.string()).nullable().optional(),
        }),
        response: { 200: z.object({ assigned: z.number() }), ...bad },
      },
    },
    async (req) => assignRaters(db, callerOf(req), { ...req.body, street: req.params.street, tableId: req.params.id }),
  );
  app.get(
    '/api/assessment/tables/:street/:id/results',
    {
      schema: {
        tags,
        summary:
          'A quarter’s results: totals, ranks, each item’s score with every sheet’s (names only on named tables)',
        params: ref,
        querystring: z.object({ quarter: z.coerce.number().int().min(1).max(4) }),
        response: { 200: z.object({ items: z.array(resultRow) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const t = await tableOf(db, req.params.street, req.params.id);
      authorize(actor, 'assessment.read', t.target);
      return { items: await resultsOf(db, t, req.query.quarter) };
    },
  );
  app.get(
    '/api/assessment/candidates',
    {
      schema: {
        tags,
        summary: 'People of the street who could rate (names and roles)',
        querystring: z.object({ street: z.string().regex(/^\d{9}$/) }),
        response: {
          200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string(), roles: z.array(z.string()) })) }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const s = await placeOf(db, req.query.street);
      authorize(actor, 'assessment.manage', { regionPath: s.regionPath, streetId: req.query.street });
      return { items: await candidatesOf(db, req.query.street) };
    },
  );
  app.get(
    '/api/assessment/mine',
    {
      schema: {
        tags,
        summary: 'What I rate: communities per table and quarter, scored or not, with the items',
        response: {
          200: z.object({ items: z.array(assignmentRow) }),
          ...bad,
        },
      },
    },
    async (req) => ({ items: await myAssignments(db, requireActor(req.actor).userId) }),
  );
  app.post(
    '/api/assessment/sheets',
    {
      schema: {
        tags,
        summary: 'Hand in my scores for a community (once)',
        body: sheetInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => submitSheet(db, callerOf(req), req.body),
  );
}
