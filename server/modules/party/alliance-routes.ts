import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../contracts/errors.js';
import { agreementInput, alliance, boardQuery, meetingInput, progressInput } from '../../../contracts/party.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { auditContextOf } from '../../core/audit.js';
import { authorize } from '../../core/authorize.js';
import { callerOf } from '../../core/command.js';
import { notFound } from '../../core/errors.js';
import type { RouteContext } from '../../core/module.js';
import { submitCase } from '../cases/index.js';
import { allianceOf, resolutionOfCase } from './alliance-queries.js';
import {
  completeResolution,
  createAgreement,
  createMeeting,
  linkResolutionCase,
  recordProgress,
  resolutionOf,
} from './commands/alliance.js';
import { regionOf } from './queries.js';

const tags = ['party'];
const created = z.object({ id: z.number() });
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** 党建联盟: agreements with their progress, joint meetings and their resolutions (a case each when needed). */
export function allianceRoutes(fastify: FastifyInstance, { db, keyring }: RouteContext) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/party/alliance',
    {
      schema: {
        tags,
        summary: 'A community’s co-building agreements with their progress, and joint meetings with their resolutions',
        querystring: boardQuery,
        response: { 200: alliance, ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await regionOf(db, req.query.community);
      if (!c?.street_id || c.level !== 'community') throw notFound({ zh: '社区', en: 'Community' });
      authorize(actor, 'party.read', { regionPath: c.path, streetId: c.street_id });
      return allianceOf(db, c.street_id, c.code);
    },
  );
  app.post(
    '/api/party/agreements',
    {
      schema: {
        tags,
        summary: 'A co-building agreement with its items',
        body: agreementInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => createAgreement(db, callerOf(req), req.body),
  );
  app.post(
    '/api/party/agreement-items/:id/progress',
    {
      schema: {
        tags,
        summary: 'Record progress on an agreement’s item',
        params: idParams,
        body: progressInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => recordProgress(db, callerOf(req), { ...req.body, itemId: req.params.id }),
  );
  app.post(
    '/api/party/meetings',
    {
      schema: {
        tags,
        summary: 'A joint meeting with its resolutions',
        body: meetingInput,
        response: { 200: created, ...bad },
      },
    },
    async (req) => createMeeting(db, callerOf(req), req.body),
  );
  app.post(
    '/api/party/resolutions/:id/case',
    {
      schema: {
        tags,
        summary: 'Open a case for a resolution (in the case loop, linked both ways); again: the same case',
        params: idParams,
        body: z.object({ category: z.string().min(1).max(40) }),
        response: { 200: z.object({ caseId: z.number() }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const r = await resolutionOf(db, actor, req.params.id);
      authorize(actor, 'party.manage', { regionPath: r.path, streetId: r.street_id });
      if (r.case_id !== null) return { caseId: r.case_id };
      // the case first (a retry finds the same one by its request id), then the link
      const made = await submitCase({
        db,
        keyring,
        submitter: { kind: 'user', actor },
        audit: auditContextOf(req),
        input: {
          category: req.body.category,
          title: r.what.slice(0, 100),
          description: `联席会议「${r.title}」决议：${r.what}`,
          source: 'walk_in',
          region: r.community_code,
          street: r.street_id,
          clientRequestId: `party-resolution-${r.street_id}-${r.id}`,
        },
      });
      await linkResolutionCase(db, callerOf(req), { id: r.id, caseId: made.row.id });
      return { caseId: made.row.id };
    },
  );
  app.post(
    '/api/party/resolutions/:id/done',
    { schema: { tags, summary: 'Mark a resolution done', params: idParams, response: { 200: okResult, ...bad } } },
    async (req) => completeResolution(db, callerOf(req), { id: req.params.id }),
  );
  app.get(
    '/api/party/resolutions/by-case/:id',
    {
      schema: {
        tags,
        summary: 'The joint meeting’s resolution a case carries (the case’s side of the link)',
        params: idParams,
        response: {
          200: z.object({
            resolution: z
              .object({ id: z.number(), what: z.string(), meeting: z.string(), dueOn: z.string() })
              .nullable(),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      for (const street of streetsOfActor(actor)) {
        const r = await resolutionOfCase(db, street, req.params.id);
        if (r) {
          authorize(actor, 'party.read', { streetId: street });
          return { resolution: { id: r.id, what: r.what, meeting: r.meeting, dueOn: r.due_on } };
        }
      }
      return { resolution: null };
    },
  );
}
