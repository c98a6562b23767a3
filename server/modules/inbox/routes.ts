import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inboxPage, inboxQuery, markReadBody, markReadResult } from '../../../contracts/inbox.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import type { RouteContext } from '../../core/module.js';
import { inboxOf, markRead } from './queries.js';

const tags = ['notifications'];

/** Everyone's own inbox: no rule beyond being signed in (a person reads only their own notices). */
export function inboxRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My inbox: unread first, digested per kind',
        querystring: inboxQuery,
        response: { 200: inboxPage },
      },
    },
    async (req) => inboxOf(db, requireActor(req.actor).userId, req.query.limit, streetsOfActor(req.actor)),
  );
  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notices read (these ids, or all)',
        body: markReadBody,
        response: { 200: markReadResult },
      },
    },
    async (req) => ({
      marked: await markRead(db, requireActor(req.actor).userId, req.body.ids, streetsOfActor(req.actor)),
    }),
  );
}
