import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agendaInput,
  inviteePerson,
  meetingInput,
  fileItem,
  meetingRow,
  seriesInput,
  stepInput,
  stepRow,
  topicInput,
  topicRow,
} from '../../../contracts/deliberation.js';
import { errorBody } from '../../../contracts/errors.js';
import { okResult } from '../../../contracts/registry.js';
import { idParams } from '../../../contracts/text.js';
import { requireActor, streetsOfActor } from '../../core/access.js';
import { callerOf } from '../../core/command.js';
import { AppError, notFound } from '../../core/errors.js';
import { auditContextOf } from '../../core/audit.js';
import { allowed, authorize } from '../../core/authorize.js';
import { submitCase } from '../cases/index.js';
import type { RouteContext } from '../../core/module.js';
import { attend, communityOf, createMeeting, createSeries, recordMinutes, setAgenda } from './commands/meetings.js';
import {
  decisionOf,
  linkResolutionCase,
  proposeTopic,
  supportTopic,
  takeStep,
  topicFromCase,
  withdrawTopic,
} from './commands/topics.js';
import { readableCommunity } from './readable.js';
import { fileRoutes } from './file-routes.js';
import { publicityRoutes } from './publicity-routes.js';
import { inviteesOf, meetingDetail, meetingsOf, stepsOf, topicRowOf, topicsOf, topicsOfCase } from './queries.js';

const tags = ['deliberation'];
const bad = { 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const created = z.object({ id: z.number() });
const street = z.object({ street: z.string().regex(/^\d{9}$/) });
const byCommunity = z.object({ community: z.string().regex(/^\d{12}$/) });

/** 大家的事大家议: meetings on their schedules, topics through 一征三议两公开. */
export function deliberationRoutes(fastify: FastifyInstance, ctx: RouteContext) {
  const { db, keyring } = ctx;
  publicityRoutes(fastify, ctx);
  fileRoutes(fastify, ctx);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/meetings',
    {
      schema: {
        tags,
        summary: 'A community’s meetings in a period (with the party’s 联席会议): quorum, presence, moves off holidays',
        querystring: byCommunity.extend({ from: z.iso.date(), to: z.iso.date() }),
        response: { 200: z.object({ items: z.array(meetingRow) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await readableCommunity(db, actor, req.query.community);
      return { items: await meetingsOf(db, actor, c.streetId, c.code, req.query.from, req.query.to) };
    },
  );
  app.get(
    '/api/meetings/:id',
    {
      schema: {
        tags,
        summary: 'A meeting: attendance, minutes and the topics’ steps taken at it',
        params: idParams,
        querystring: street,
        response: {
          200: z.object({
            id: z.number(),
            minutes: z.string(),
            files: z.array(fileItem),
            /** The agenda planned before the meeting, each topic with the step it is at now. */
            planned: z.array(
              z.object({ topicId: z.number().nullable(), text: z.string(), stepName: z.string().nullable() }),
            ),
            attendance: z.array(z.object({ name: z.string(), how: z.string(), at: z.string() })),
            agenda: z.array(
              z.object({
                topicId: z.number(),
                title: z.string(),
                step: z.string(),
                passed: z.boolean().nullable(),
                counts: z.boolean(),
              }),
            ),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const m = await meetingDetail(db, req.query.street, req.params.id);
      if (!m) throw notFound({ zh: '会议', en: 'Meeting' });
      await readableCommunity(db, requireActor(req.actor), m.community);
      return m;
    },
  );
  app.post(
    '/api/meeting-series',
    {
      schema: {
        tags,
        summary: 'A recurring meeting (每月10日 …) and its meetings on the calendar, moved off statutory holidays',
        body: seriesInput,
        response: { 201: z.object({ id: z.number(), meetings: z.number() }), ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await createSeries(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/meetings',
    { schema: { tags, summary: 'Call a meeting', body: meetingInput, response: { 201: created, ...bad } } },
    async (req, reply) => reply.code(201).send(await createMeeting(db, callerOf(req), req.body)),
  );
  app.put(
    '/api/meetings/:id/agenda',
    {
      schema: {
        tags,
        summary: 'The agenda planned before the meeting: the community’s open topics and items in words',
        params: idParams,
        body: agendaInput,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => setAgenda(db, callerOf(req), { ...req.body, meetingId: req.params.id }),
  );
  app.get(
    '/api/deliberation/invitees',
    {
      schema: {
        tags,
        summary: 'Accounts of the community and its street to invite by name (name and roles only)',
        querystring: byCommunity.extend({ q: z.string().trim().max(20).default('') }),
        response: { 200: z.object({ items: z.array(inviteePerson) }), ...bad },
      },
    },
    async (req) => {
      const c = await communityOf(db, req.query.community);
      authorize(requireActor(req.actor), 'deliberation.manage', c);
      return { items: await inviteesOf(db, c.code, req.query.q) };
    },
  );
  app.post(
    '/api/meetings/:id/attend',
    {
      schema: {
        tags,
        summary: 'Check in at the meeting, or join it remotely (answers the link)',
        params: idParams,
        body: street.extend({ how: z.enum(['checkin', 'remote']) }),
        response: { 200: z.object({ remoteUrl: z.string().nullable() }), ...bad },
      },
    },
    async (req) => attend(db, callerOf(req), { ...req.body, meetingId: req.params.id }),
  );
  app.post(
    '/api/meetings/:id/minutes',
    {
      schema: {
        tags,
        summary: 'The minutes, and those present without an account',
        params: idParams,
        body: street.extend({
          minutes: z.string().trim().min(2).max(8000),
          presentExtra: z.number().int().min(0).max(100_000).default(0),
        }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => recordMinutes(db, callerOf(req), { ...req.body, meetingId: req.params.id }),
  );
  app.get(
    '/api/topics',
    {
      schema: {
        tags,
        summary: 'A community’s topics: step, deadline, overdue, supporters',
        querystring: byCommunity,
        response: { 200: z.object({ items: z.array(topicRow), canManage: z.boolean() }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const c = await readableCommunity(db, actor, req.query.community);
      return {
        items: await topicsOf(db, actor, c.streetId, c.code),
        canManage: allowed(actor, 'deliberation.manage', c),
      };
    },
  );
  app.get(
    '/api/topics/:id/steps',
    {
      schema: {
        tags,
        summary: 'A topic’s steps in order',
        params: idParams,
        querystring: street,
        response: { 200: z.object({ items: z.array(stepRow) }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      if (!streetsOfActor(actor).includes(req.query.street)) throw notFound({ zh: '议题', en: 'Topic' });
      const t = await topicRowOf(db, req.query.street, req.params.id);
      if (!t) throw notFound({ zh: '议题', en: 'Topic' });
      await readableCommunity(db, actor, t.community_code);
      return { items: await stepsOf(db, req.query.street, req.params.id) };
    },
  );
  app.post(
    '/api/topics',
    {
      schema: { tags, summary: 'Propose a topic (征)', body: topicInput, response: { 201: created, ...bad } },
    },
    async (req, reply) => reply.code(201).send(await proposeTopic(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/topics/from-case',
    {
      schema: {
        tags,
        summary: 'Turn a case of the shared tier (共事) into a topic',
        body: street.extend({ caseId: z.number().int().positive() }),
        response: { 201: created, ...bad },
      },
    },
    async (req, reply) => reply.code(201).send(await topicFromCase(db, callerOf(req), req.body)),
  );
  app.post(
    '/api/topics/:id/support',
    {
      schema: {
        tags,
        summary: 'Support a topic (附议)',
        params: idParams,
        body: street,
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => supportTopic(db, callerOf(req), { street: req.body.street, topicId: req.params.id }),
  );
  app.post(
    '/api/topics/:id/steps',
    {
      schema: {
        tags,
        summary: 'Take the next step of 一征三议两公开 (in order only)',
        params: idParams,
        body: stepInput.extend(street.shape),
        response: {
          201: z.object({
            id: z.number(),
            counts: z.boolean(),
            quorumMet: z.boolean().nullable(),
            passed: z.boolean().nullable(),
          }),
          ...bad,
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await takeStep(db, callerOf(req), { ...req.body, topicId: req.params.id })),
  );
  app.post(
    '/api/topics/:id/case',
    {
      schema: {
        tags,
        summary: 'Carry out a topic’s decision through the case loop (linked both ways); again: the same case',
        params: idParams,
        body: street.extend({ category: z.string().min(1).max(40) }),
        response: { 200: z.object({ caseId: z.number() }), ...bad },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const t = await topicRowOf(db, req.body.street, req.params.id);
      if (!t || !streetsOfActor(actor).includes(req.body.street)) throw notFound({ zh: '议题', en: 'Topic' });
      authorize(actor, 'deliberation.manage', await communityOf(db, t.community_code));
      if (t.resolution_case_id !== null) return { caseId: t.resolution_case_id };
      const decision = await decisionOf(db, req.body.street, t.id);
      if (!decision)
        throw new AppError('conflict', {
          zh: '议题尚无有效决议（居民（代表）会议表决通过后才能转为案件办理）',
          en: 'The topic has no decision that stands yet',
        });
      // the case first (a retry finds the same one by its request id), then the link
      const made = await submitCase({
        db,
        keyring,
        submitter: { kind: 'user', actor },
        audit: auditContextOf(req),
        input: {
          category: req.body.category,
          title: t.title.slice(0, 100),
          description: `议题「${t.title}」经居民（代表）会议决议：${decision.text}`.slice(0, 2000),
          source: 'walk_in',
          region: t.community_code,
          street: req.body.street,
          clientRequestId: `topic-resolution-${req.body.street}-${t.id}`,
        },
      });
      return linkResolutionCase(db, callerOf(req), { street: req.body.street, topicId: t.id, caseId: made.row.id });
    },
  );
  app.get(
    '/api/topics/by-case/:id',
    {
      schema: {
        tags,
        summary: 'The topics a case is linked to (the case’s side): turned into a topic, or carrying out a decision',
        params: idParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number(),
                title: z.string(),
                community: z.string(),
                link: z.enum(['source', 'resolution']),
              }),
            ),
          }),
          ...bad,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const rows = await topicsOfCase(db, streetsOfActor(actor), req.params.id);
      const items = [];
      for (const r of rows) {
        const c = await communityOf(db, r.community_code);
        if (allowed(actor, 'deliberation.read', c))
          items.push({
            id: r.id,
            title: r.title,
            community: r.community_code,
            link: r.case_id === req.params.id ? ('source' as const) : ('resolution' as const),
          });
      }
      return { items };
    },
  );
  app.post(
    '/api/topics/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a topic with the reason',
        params: idParams,
        body: street.extend({ reason: z.string().trim().min(2).max(200) }),
        response: { 200: okResult, ...bad },
      },
    },
    async (req) => withdrawTopic(db, callerOf(req), { ...req.body, topicId: req.params.id }),
  );
}
