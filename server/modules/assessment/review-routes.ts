import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { awardInput, awardRow, grades, reviewEntry, reviewInput, reviewRow } from '../../../contracts/assessment.js';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { regionScopes, requireActor } from '../../core/access.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { placeOf } from '../../core/places.js';
import { awardsOf, createAward, decideAward, nominate, reviewNominee, voteFor } from './awards.js';
import { myReviews, reviewEntries, reviewsIn } from './review-queries.js';
import { closeReview, openReview, rateMembers, reviewOf, selfAssess } from './reviews.js';

const tags = ['assessment'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const streetId = z.string().regex(/^\d{9}$/);
const ref = z.object({ street: streetId, id: z.coerce.number().int().positive() });
const gradeList = z.array(z.object({ memberId: z.number().int(), grade: z.enum(grades) }));

/** 民主评议党员 and 评选表彰. */
export function reviewRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db } = ctx;
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/member-reviews',
    {
      schema: {
        tags,
        summary: 'The branches’ democratic reviews under my scope, with progress',
        querystring: z.object({ street: streetId }),
        response: { 200: z.object({ items: z.array(reviewRow) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const s = await placeOf(db, req.query.street);
      const paths = regionScopes(actor, 'operator', 'community_secretary').filter(
        (p) => p.startsWith(s.regionPath) || s.regionPath.startsWith(p),
      );
      if (!paths.length)
        authorize(actor, 'assessment.review', { regionPath: s.regionPath, streetId: req.query.street });
      return {
        items: await reviewsIn(
          db,
          req.query.street,
          paths.map((p) => (p.length < s.regionPath.length ? s.regionPath : p)),
        ),
      };
    },
  );
  app.post(
    '/api/member-reviews',
    {
      schema: {
        tags,
        summary: 'Open a branch’s review of the year',
        body: reviewInput,
        response: { 201: z.object({ id: z.number(), members: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await openReview(db, callerOf(req), req.body)),
  );
  app.get(
    '/api/member-reviews/:street/:id',
    {
      schema: {
        tags,
        summary: 'A review: each member’s self-assessment, the tally of the others’ grades, the final grade',
        params: ref,
        response: {
          200: z.object({
            review: reviewRow.pick({ id: true, org: true, title: true, excellentMax: true, state: true }),
            entries: z.array(reviewEntry),
            canClose: z.boolean(),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const r = await reviewOf(db, req.params.street, req.params.id);
      authorize(actor, 'assessment.review', r.target);
      return {
        review: { id: r.id, org: r.org, title: r.title, excellentMax: r.excellent_max, state: r.state },
        entries: await reviewEntries(db, r.street_id, r.id),
        canClose: allowed(actor, 'assessment.review', r.target) && r.state === 'open',
      };
    },
  );
  app.post(
    '/api/member-reviews/:street/:id/close',
    {
      schema: {
        tags,
        summary: 'Set every member’s grade (within the share limit) and close',
        params: ref,
        body: z.object({ grades: gradeList }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) =>
      closeReview(db, callerOf(req), { street: req.params.street, reviewId: req.params.id, grades: req.body.grades }),
  );
  app.get(
    '/api/member-reviews/mine',
    {
      schema: {
        tags,
        summary: 'The reviews I take part in as a member: my self-assessment and the others to rate',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                street: z.string(),
                reviewId: z.number(),
                title: z.string(),
                org: z.string(),
                state: z.enum(['open', 'closed']),
                selfGrade: z.enum(grades).nullable(),
                selfText: z.string().nullable(),
                finalGrade: z.enum(grades).nullable(),
                rated: z.boolean(),
                others: z.array(z.object({ memberId: z.number(), name: z.string() })),
              }),
            ),
          }),
          ...bad,
        },
      },
    },
    async (req) => ({ items: await myReviews(db, requireActor(req.actor).userId) }),
  );
  app.put(
    '/api/member-reviews/:street/:id/self',
    {
      schema: {
        tags,
        summary: 'My self-assessment',
        params: ref,
        body: z.object({ grade: z.enum(grades), text: z.string() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => selfAssess(db, callerOf(req), { ...req.body, street: req.params.street, reviewId: req.params.id }),
  );
  app.post(
    '/api/member-reviews/:street/:id/ratings',
    {
      schema: {
        tags,
        summary: 'My grades of every other member (once)',
        params: ref,
        body: z.object({ ratings: gradeList }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => rateMembers(db, callerOf(req), { ...req.body, street: req.params.street, reviewId: req.params.id }),
  );

  app.get(
    '/api/awards',
    {
      schema: {
        tags,
        summary: 'A community’s civility awards with their nominees',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.object({ items: z.array(awardRow), canManage: z.boolean() }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await placeOf(db, req.query.community);
      const target = { regionPath: c.regionPath, streetId: c.streetId };
      const staff = allowed(actor, 'assessment.award', target);
      return { items: await awardsOf(db, c.streetId ?? '', c.code, actor.userId, staff), canManage: staff };
    },
  );
  app.post(
    '/api/awards',
    {
      schema: {
        tags,
        summary: 'Start a community’s award of the year',
        body: awardInput,
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createAward(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/awards/:street/:id/nominees',
    {
      schema: {
        tags,
        summary: 'Nominate a family, a courtyard or a volunteer',
        params: ref,
        body: z.object({ name: z.string(), reason: z.string() }),
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await nominate(db, callerOf(req), { ...req.body, street: req.params.street, awardId: req.params.id })),
  );
  app.post(
    '/api/award-nominees/:street/:id/review',
    {
      schema: {
        tags,
        summary: 'Accept a nominee for the vote, or reject it with a reason',
        params: ref,
        body: z.object({ accept: z.boolean(), note: z.string().nullable().optional() }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) =>
      reviewNominee(db, callerOf(req), { ...req.body, street: req.params.street, nomineeId: req.params.id }),
  );
  app.post(
    '/api/awards/:street/:id/votes',
    {
      schema: {
        tags,
        summary: 'Vote for accepted nominees (up to the award’s number)',
        params: ref,
        body: z.object({ nomineeIds: z.array(z.number().int()) }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => voteFor(db, callerOf(req), { ...req.body, street: req.params.street, awardId: req.params.id }),
  );
  app.post(
    '/api/awards/:street/:id/decide',
    {
      schema: {
        tags,
        summary: 'Decide the winners (most votes, or the committee’s choice) and publish them for the publicity days',
        params: ref,
        body: z.object({ nomineeIds: z.array(z.number().int()).nullable().optional() }),
        response: { 200: z.object({ winners: z.array(z.string()), publicityUntil: z.string() }), ...bad },
      },
    },
    async (req) => decideAward(db, callerOf(req), { ...req.body, street: req.params.street, awardId: req.params.id }),
  );
}
