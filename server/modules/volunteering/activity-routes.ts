import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import {
  activityInput,
  activityRow,
  correctInput,
  myHours,
  recordRow,
  scanInput,
} from '../../../contracts/volunteering.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { AppError } from '../../core/errors.js';
import { callerOf } from '../../core/command.js';
import type { RouteContext } from '../../core/module.js';
import { activitiesOf, hoursOfUser, organiserOf, recordsOf } from './activity-queries.js';
import { cancelSignup, checkinCodeOf, createActivity, organises, scan, signUp } from './commands/activities.js';
import { confirmHours, correctHours } from './commands/hours.js';
import { communityOf } from './commands/store.js';

const tags = ['volunteering'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const street = z.object({ street: z.string().regex(/^\d{9}$/) });

/** 志愿活动: activities, sign-up, check-in and out by the organiser's rotating code, hours confirmed and corrected. */
export function activityRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/activities',
    {
      schema: {
        tags,
        summary: 'A community’s volunteer activities with places taken and the reader’s own sign-up',
        querystring: z.object({ community: z.string().regex(/^\d{12}$/) }),
        response: { 200: z.object({ items: z.array(activityRow) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await communityOf(db, req.query.community);
      if (!streetsOfActor(actor).includes(c.streetId))
        throw new AppError('forbidden', { zh: '只能查看本街道的活动', en: 'Activities of your own street only' });
      return { items: await activitiesOf(db, actor, c.streetId, c.code) };
    },
  );
  app.post(
    '/api/activities',
    {
      schema: {
        tags,
        summary: 'Organise an activity',
        body: activityInput,
        response: { 201: z.object({ id: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createActivity(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/activities/:id/signup',
    {
      schema: {
        tags,
        summary: 'Sign up (a place, or the waiting list)',
        params: idParams,
        body: street,
        response: { 200: z.object({ state: z.enum(['signed', 'waiting']) }), ...bad },
      },
    },
    async (req) => signUp(db, callerOf(req), { street: req.body.street, activityId: req.params.id }),
  );
  app.post(
    '/api/activities/:id/cancel-signup',
    {
      schema: {
        tags,
        summary: 'Cancel one’s sign-up before the start',
        params: idParams,
        body: street,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => cancelSignup(db, callerOf(req), { street: req.body.street, activityId: req.params.id }),
  );
  app.get(
    '/api/activities/:id/checkin-code',
    {
      schema: {
        tags,
        summary: 'The organiser’s check-in code (turns every 30 seconds)',
        params: idParams,
        querystring: street,
        response: { 200: z.object({ token: z.string(), turnsAt: z.string() }), ...bad },
      },
    },
    async (req) => {
      const c = await checkinCodeOf(db, requireActor(req.actor), req.query.street, req.params.id);
      return { token: c.token, turnsAt: c.turnsAt.toISOString() };
    },
  );
  app.post(
    '/api/activities/scan',
    {
      schema: {
        tags,
        summary: 'Check in or out with the scanned code (and the phone’s position, if it gives one)',
        body: scanInput,
        response: { 200: z.object({ id: z.number(), hours: z.number().nullable(), flagged: z.boolean() }), ...bad },
      },
    },
    async (req) => scan(db, callerOf(req), req.body),
  );
  app.get(
    '/api/activities/:id/records',
    {
      schema: {
        tags,
        summary: 'An activity’s service records, for its organiser',
        params: idParams,
        querystring: street,
        response: { 200: z.object({ items: z.array(recordRow) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const a = await organiserOf(db, req.query.street, req.params.id);
      if (!a || !(await organises(db, actor, a)))
        throw new AppError('forbidden', { zh: '只有活动组织者可以查看服务记录', en: 'For the organiser only' });
      return { items: await recordsOf(db, req.query.street, req.params.id) };
    },
  );
  app.post(
    '/api/activities/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm checked-out records’ hours (each earns its points once)',
        params: idParams,
        body: street.extend({ recordIds: z.array(z.number().int().positive()).min(1).max(500) }),
        response: { 200: z.object({ confirmed: z.number() }), ...bad },
      },
    },
    async (req) => confirmHours(db, callerOf(req), { ...req.body, activityId: req.params.id }),
  );
  app.post(
    '/api/service-records/:id/correct',
    {
      schema: {
        tags,
        summary: 'Correct a record’s hours with the reason',
        params: idParams,
        body: correctInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => correctHours(db, callerOf(req), { ...req.body, id: req.params.id }),
  );
  app.get(
    '/api/volunteering/me',
    {
      schema: {
        tags,
        summary: 'My volunteer number, confirmed hours, stars and records',
        response: { 200: myHours, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      return hoursOfUser(db, streetsOfActor(actor), actor.userId);
    },
  );
}
