import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorBody } from '../../../contracts/errors.js';
import { hotlineInput, hotlineList, hotlineSaved, hotlinesQuery } from '../../../contracts/hotlines.js';
import { idParams } from '../../../contracts/text.js';
import { okResult } from '../../../contracts/registry.js';
import { requireActor, type Actor } from '../../core/access.js';
import { allowed, authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { AppError, notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { removeHotline, saveHotline } from './commands/save-hotline.js';
import { communityOf, listHotlines } from './queries.js';

const tags = ['hotlines'];

/** The community an actor belongs to when they name none: the one their roles lie in (a path's sixth segment). */
function ownCommunity(actor: Actor): string {
  const codes = [...new Set(actor.assignments.flatMap((a) => a.regionPath?.split('/')[5] ?? []))].filter(
    (c) => c.length === 12,
  );
  const [only] = codes;
  if (only && codes.length === 1) return only;
  const text = { zh: '请选择社区', en: 'Pick a community' };
  throw new AppError('validation', text, { issues: [{ path: 'query.community', message: text }] });
}

/** 便民电话: read by everyone in the street, kept by the community's staff. */
export function hotlineRoutes(fastify: FastifyInstance, { db }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/hotlines',
    {
      schema: {
        tags,
        summary: 'A community’s service numbers (mine when none is named)',
        querystring: hotlinesQuery,
        response: { 200: hotlineList, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const code = req.query.community ?? ownCommunity(actor);
      const community = await communityOf(db, code);
      if (!community?.street_id) throw notFound({ zh: '社区', en: 'Community' });
      const target = { regionPath: community.path, streetId: community.street_id };
      authorize(actor, 'hotlines.read', target);
      return {
        items: await listHotlines(db, community.street_id, code),
        canManage: allowed(actor, 'hotlines.manage', target),
      };
    },
  );
  app.post(
    '/api/hotlines',
    {
      schema: {
        tags,
        summary: 'Add a service number to a community',
        body: hotlineInput,
        response: { 200: hotlineSaved, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => saveHotline(db, callerOf(req), { id: null, hotline: req.body }),
  );
  app.put(
    '/api/hotlines/:id',
    {
      schema: {
        tags,
        summary: 'Change a service number',
        params: idParams,
        body: hotlineInput,
        response: { 200: hotlineSaved, 400: errorBody, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => saveHotline(db, callerOf(req), { id: req.params.id, hotline: req.body }),
  );
  app.post(
    '/api/hotlines/:id/remove',
    {
      schema: {
        tags,
        summary: 'Take a service number off the list (kept for the record)',
        params: idParams,
        response: { 200: okResult, 403: errorBody, 404: errorBody },
      },
    },
    async (req) => removeHotline(db, callerOf(req), { id: req.params.id }),
  );
}
